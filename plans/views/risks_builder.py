"""The risk builder pages: a plan's risks and threats, a risk with its mitigation actions,
and one mitigation action. Planning admins only (members 403, outsiders 404); every write
goes through plans.services.risks."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from plans import selectors
from plans.forms.org import add_service_errors
from plans.forms.risks import RiskActionForm, RiskForm
from plans.models import Objective, Risk, RiskAction, RiskScoreChange, StrategicPlan
from plans.permissions import require_builder
from plans.services import risks as risk_services


def risk_builder_list(request, plan_id: int):
    """A plan's risks, and the form to add one."""
    require_builder(request.user)
    plan = get_object_or_404(StrategicPlan, pk=plan_id)
    form = RiskForm(request.POST or None, plan_id=plan.pk)
    if request.method == "POST" and form.is_valid():
        try:
            risk = risk_services.risk_create(by=request.user, plan=plan, **form.service_values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The risk %(code)s was saved.") % {"code": risk.code})
            return redirect("risk_builder_edit", pk=risk.pk)
    risks = selectors.risk_register(Risk.objects.filter(plan=plan))
    return render(
        request,
        "builder/risk_list.html",
        {"plan": plan, "risks": [(r, plan.band_of(r.score)) for r in risks], "form": form},
        status=400 if form.errors else 200,
    )


def _risk_for_builder(pk: int) -> Risk:
    return get_object_or_404(
        Risk.objects.select_related("plan", "unit").prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("code")),
            "actions",
            Prefetch("score_changes", queryset=RiskScoreChange.objects.select_related("by")),
        ),
        pk=pk,
    )


def risk_builder_edit(request, pk: int):
    """A risk: change or delete it; its mitigation actions, and the form to add one."""
    require_builder(request.user)
    risk = _risk_for_builder(pk)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "delete":
        try:
            risk_services.risk_delete(risk=risk, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("risk_builder_edit", pk=risk.pk)
        messages.success(request, _("The risk %(code)s was deleted.") % {"code": risk.code})
        return redirect("risk_builder_list", plan_id=risk.plan_id)
    form = RiskForm(
        request.POST if action == "save" else None,
        plan_id=risk.plan_id,
        with_reason=True,
        initial=RiskForm.initial_from(risk),
    )
    action_form = RiskActionForm(request.POST if action == "add_action" else None, prefix="new")
    if action == "save" and form.is_valid():
        try:
            risk_services.risk_update(risk=risk, by=request.user, **form.service_values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The risk %(code)s was saved.") % {"code": risk.code})
            return redirect("risk_builder_edit", pk=risk.pk)
    if action == "add_action" and action_form.is_valid():
        try:
            risk_services.risk_action_create(by=request.user, risk=risk, **action_form.cleaned_data)
        except ValidationError as error:
            add_service_errors(action_form, error)
        else:
            messages.success(request, _("The mitigation action was saved."))
            return redirect("risk_builder_edit", pk=risk.pk)
    return render(
        request,
        "builder/risk_edit.html",
        {"risk": risk, "plan": risk.plan, "form": form, "action_form": action_form},
        status=400 if form.errors or action_form.errors else 200,
    )


def risk_action_edit(request, pk: int):
    """A mitigation action: change or delete it."""
    require_builder(request.user)
    action = get_object_or_404(RiskAction.objects.select_related("risk", "risk__plan"), pk=pk)
    risk = action.risk
    if request.method == "POST" and request.POST.get("action") == "delete":
        risk_services.risk_action_delete(action=action, by=request.user)
        messages.success(request, _("The mitigation action was deleted."))
        return redirect("risk_builder_edit", pk=risk.pk)
    form = RiskActionForm(request.POST or None, initial=RiskActionForm.initial_from(action))
    if request.method == "POST" and form.is_valid():
        try:
            risk_services.risk_action_update(action=action, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The mitigation action was saved."))
            return redirect("risk_builder_edit", pk=risk.pk)
    return render(
        request,
        "builder/risk_action_form.html",
        {"action": action, "risk": risk, "plan": risk.plan, "form": form},
        status=400 if form.errors else 200,
    )
