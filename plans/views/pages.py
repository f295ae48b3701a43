"""Pages of the plans app: an action plan, a plan's reporting periods, and the page a
signed-in user without a role lands on."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from plans import services
from plans.errors import Conflict
from plans.inputs import parse_id
from plans.models import ActionPlan, ReportingPeriod, StrategicPlan
from plans.permissions import (
    can_browse_plan,
    is_planning_admin,
    require_unit_visible,
)
from plans.selectors import action_plan_with_activities, plan_periods_with_events, planning_admins


def no_role(request):
    """What a signed-in user without a role (no unit, no membership) sees on the home page
    and the plan list: that their account has no role yet and whom to ask for one. A 200,
    because signing in worked and this page is the answer; every other page stays a 404 for
    them (there is nothing of the ministry's they may see), and the 404 page says the same."""
    return render(request, "plans/no_role.html", {"admins": planning_admins()})


def action_plan_detail(request, pk: int):
    if not can_browse_plan(request.user):
        raise Http404
    try:
        action_plan = action_plan_with_activities(pk)
    except ActionPlan.DoesNotExist as missing:
        raise Http404 from missing
    require_unit_visible(request.user, action_plan.unit_id)
    activities = list(action_plan.activities.all())
    totals = {
        "planned": sum(a.budget_planned for a in activities),
        "spent": sum(a.budget_spent for a in activities),
    }
    return render(
        request,
        "plans/action_plan_detail.html",
        {"action_plan": action_plan, "activities": activities, "totals": totals},
    )


def periods_page(request, plan_id: int):
    """A plan's reporting periods; the planning admin opens, closes and reopens them."""
    if not can_browse_plan(request.user):
        raise Http404
    plan = get_object_or_404(StrategicPlan, pk=plan_id)
    if request.method == "POST":
        period_id = parse_id(request.POST.get("period"), name="period")
        period = get_object_or_404(ReportingPeriod, pk=period_id, plan=plan)
        action = request.POST.get("action")
        actions = {
            "open": lambda: services.period_open(period=period, by=request.user),
            "close": lambda: services.period_close(period=period, by=request.user),
            "reopen": lambda: services.period_reopen(
                period=period, by=request.user, reason=request.POST.get("reason", "")
            ),
        }
        if action not in actions:
            return HttpResponseBadRequest(_("Unknown action."))
        try:
            actions[action]()  # PermissionDenied (403) goes through: they may see, not do
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except Conflict as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The period %(period)s was updated.") % {"period": period})
        return redirect("periods", plan_id=plan.pk)
    return render(
        request,
        "plans/periods.html",
        {
            "plan": plan,
            "periods": plan_periods_with_events(plan),
            "is_admin": is_planning_admin(request.user),
        },
    )
