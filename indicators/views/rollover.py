"""Start the next plan from this one: the planning admin's roll-over page."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from indicators.services.rollover import plan_rollover
from plans.forms.rollover import RolloverForm
from plans.models import StrategicPlan
from plans.permissions import can_browse_plan, is_planning_admin

SESSION_KEY = "marsad-rollover"


def plan_rollover_page(request, pk: int):
    """GET: the form, with the years after the plan proposed; POST: the new plan, then its
    page with a summary of what was copied and which baselines were proposed."""
    if not can_browse_plan(request.user):
        raise Http404
    plan = get_object_or_404(StrategicPlan, pk=pk)
    if not is_planning_admin(request.user):
        raise PermissionDenied(_("Only a planning admin can start a new plan."))
    form = RolloverForm(request.POST if request.method == "POST" else None, plan=plan)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = plan_rollover(plan=plan, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                request.session[SESSION_KEY] = {
                    "plan": result.plan.pk,
                    "from": plan.pk,
                    "goals": result.goals,
                    "objectives": result.objectives,
                    "indicators": result.indicators,
                    "baselines": [
                        [b.code, str(b.value), b.year, b.quarters] for b in result.baselines
                    ],
                }
                return redirect("plan_detail", pk=result.plan.pk)
        status = 400
    return render(
        request, "indicators/plan_rollover.html", {"plan": plan, "form": form}, status=status
    )


def _add_errors(form, error: ValidationError) -> None:
    """A service error on the form: per field where the form has the field, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields and name != NON_FIELD_ERRORS else None, messages)


def rollover_summary(request, plan: StrategicPlan) -> dict | None:
    """The summary of the roll-over that created ``plan``, shown once on its page."""
    summary = request.session.get(SESSION_KEY)
    if not summary or summary.get("plan") != plan.pk:
        return None
    del request.session[SESSION_KEY]
    summary["source"] = StrategicPlan.objects.filter(pk=summary["from"]).first()
    return summary
