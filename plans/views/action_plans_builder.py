"""The action plan builder pages: a plan's action plans, an action plan with its activities,
and one activity. Planning admins only (members 403, outsiders 404); every write goes
through plans.services.action_plans."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from plans import selectors
from plans.forms.action_plans import ActionPlanForm, ActivityForm
from plans.forms.org import add_service_errors
from plans.models import ActionPlan, Activity, StrategicPlan
from plans.permissions import require_builder
from plans.services import action_plans as ap_services


def action_plan_builder_list(request, plan_id: int):
    """A plan's action plans (one per unit and year), and the form to add one."""
    require_builder(request.user)
    plan = get_object_or_404(StrategicPlan, pk=plan_id)
    form = ActionPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action_plan = ap_services.action_plan_create(
                by=request.user, plan=plan, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action plan was saved."))
            return redirect("action_plan_builder_edit", pk=action_plan.pk)
    return render(
        request,
        "builder/action_plan_list.html",
        {"plan": plan, "action_plans": selectors.plan_action_plans(plan), "form": form},
        status=400 if form.errors else 200,
    )


def action_plan_builder_edit(request, pk: int):
    """An action plan: change or delete it; its activities, and the form to add one."""
    require_builder(request.user)
    try:
        action_plan = selectors.action_plan_with_activities(pk)
    except ActionPlan.DoesNotExist as missing:
        raise Http404 from missing
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "delete":
        try:
            ap_services.action_plan_delete(action_plan=action_plan, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("action_plan_builder_edit", pk=action_plan.pk)
        messages.success(request, _("The action plan was deleted."))
        return redirect("action_plan_builder_list", plan_id=action_plan.plan_id)
    form = ActionPlanForm(
        request.POST if action == "save" else None,
        initial=ActionPlanForm.initial_from(action_plan),
    )
    activity_form = ActivityForm(
        request.POST if action == "add_activity" else None,
        plan_id=action_plan.plan_id,
        prefix="new",
    )
    if action == "save" and form.is_valid():
        try:
            ap_services.action_plan_update(
                action_plan=action_plan, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action plan was saved."))
            return redirect("action_plan_builder_edit", pk=action_plan.pk)
    if action == "add_activity" and activity_form.is_valid():
        try:
            ap_services.activity_create(
                by=request.user, action_plan=action_plan, **activity_form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(activity_form, error)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("action_plan_builder_edit", pk=action_plan.pk)
    return render(
        request,
        "builder/action_plan_edit.html",
        {
            "action_plan": action_plan,
            "plan": action_plan.plan,
            "activities": list(action_plan.activities.all()),
            "form": form,
            "activity_form": activity_form,
        },
        status=400 if form.errors or activity_form.errors else 200,
    )


def activity_builder_edit(request, pk: int):
    """An activity: change or delete it."""
    require_builder(request.user)
    activity = get_object_or_404(
        Activity.objects.select_related("action_plan", "action_plan__plan", "action_plan__unit"),
        pk=pk,
    )
    action_plan = activity.action_plan
    if request.method == "POST" and request.POST.get("action") == "delete":
        try:
            ap_services.activity_delete(activity=activity, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("activity_builder_edit", pk=activity.pk)
        messages.success(request, _("The activity was deleted."))
        return redirect("action_plan_builder_edit", pk=action_plan.pk)
    form = ActivityForm(
        request.POST or None,
        plan_id=action_plan.plan_id,
        initial=ActivityForm.initial_from(activity),
    )
    if request.method == "POST" and form.is_valid():
        try:
            ap_services.activity_update(activity=activity, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("action_plan_builder_edit", pk=action_plan.pk)
    return render(
        request,
        "builder/action_plan_activity.html",
        {"activity": activity, "action_plan": action_plan, "plan": action_plan.plan, "form": form},
        status=400 if form.errors else 200,
    )
