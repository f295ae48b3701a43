"""Pages of the plans app: the home page and the action plan page."""

from django.http import Http404
from django.shortcuts import render

from plans.models import ActionPlan, StrategicPlan
from plans.permissions import can_browse_plan, membership_of, require_unit_visible
from plans.selectors import action_plan_with_activities


def home(request):
    """Where a member lands after signing in: the plans, and a way to the own unit."""
    plans = list(StrategicPlan.objects.order_by("-first_year", "code"))
    return render(
        request,
        "plans/home.html",
        {"plans": plans, "membership": membership_of(request.user)},
    )


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
