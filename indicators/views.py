"""Pages to browse a plan: the plan tree, an indicator, a unit."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from indicators import selectors
from indicators.models import Indicator
from plans.models import OrgUnit, StrategicPlan
from plans.permissions import can_browse_plan, require_unit_visible, visible_unit_ids
from plans.selectors import default_plan, plan_goals_tree


def _require_member(user) -> None:
    if not can_browse_plan(user):
        raise Http404


def plan_detail(request, pk: int):
    """The plan as a tree: goals → objectives → indicators, with codes, weights and units."""
    _require_member(request.user)
    plan = get_object_or_404(StrategicPlan, pk=pk)
    goals = plan_goals_tree(plan, selectors.plan_indicators_queryset(plan).select_related("unit"))
    return render(
        request,
        "indicators/plan_detail.html",
        {"plan": plan, "goals": goals, "visible_units": visible_unit_ids(request.user)},
    )


def indicator_detail(request, pk: int):
    _require_member(request.user)
    try:
        indicator = selectors.indicator_detail(pk)
    except Indicator.DoesNotExist as missing:
        raise Http404 from missing
    require_unit_visible(request.user, indicator.unit_id)
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "plan": indicator.plan,
            "target_rows": selectors.indicator_targets(indicator),
            "revisions": selectors.indicator_target_revisions(indicator),
            "entries": selectors.indicator_entries(indicator),
        },
    )


def unit_detail(request, pk: int):
    _require_member(request.user)
    try:
        unit = selectors.unit_detail(pk)
    except OrgUnit.DoesNotExist as missing:
        raise Http404 from missing
    require_unit_visible(request.user, unit.pk)
    plan = _plan_from_query(request) or default_plan()
    indicators, action_plans = [], []
    if plan is not None:
        indicators = selectors.unit_indicators(unit, plan)
        action_plans = selectors.unit_action_plans(unit, plan)
    return render(
        request,
        "indicators/unit_detail.html",
        {
            "unit": unit,
            "plan": plan,
            "children": selectors.unit_children(unit),
            "indicators": indicators,
            "action_plans": action_plans,
        },
    )


def _plan_from_query(request) -> StrategicPlan | None:
    raw = request.GET.get("plan", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return get_object_or_404(StrategicPlan, pk=int(raw))
