"""Pages to browse a plan: the list of plans, the plan tree, an objective, an indicator, a
unit. They live in indicators because they show the engine's figures; the pages of plans'
own subjects (periods, action plans, risks, the builder) are in ``plans.views``."""

from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from indicators import selectors
from indicators.models import Indicator
from indicators.permissions import can_review
from indicators.selectors import breakdown as breakdown_selectors
from indicators.selectors import corrections
from indicators.selectors import entry as entry_selectors
from indicators.selectors.achievement import achievement_tree
from indicators.views.rollover import rollover_summary
from plans import charts
from plans.inputs import optional_id
from plans.models import Objective, OrgUnit, ReportingPeriod, StrategicPlan
from plans.permissions import (
    can_browse_plan,
    has_role,
    is_planning_admin,
    membership_of,
    require_unit_visible,
    visible_risks,
    visible_unit_ids,
)
from plans.selectors import (
    approved_narratives,
    default_plan,
    latest_closed_period,
    plan_goals_tree,
)
from plans.views import no_role


def _require_member(user) -> None:
    if not can_browse_plan(user):
        raise Http404


def plan_list(request):
    """The plans, with their open periods and the way to the own unit; for a user without
    a role, the page that says so and whom to ask."""
    if not has_role(request.user):
        return no_role(request)
    plans = list(StrategicPlan.objects.order_by("-first_year", "code"))
    open_periods = list(ReportingPeriod.objects.open().order_by("year", "quarter"))
    return render(
        request,
        "plans/home.html",
        {"plans": plans, "open_periods": open_periods, "membership": membership_of(request.user)},
    )


def plan_detail(request, pk: int):
    """The plan as a tree: goals → objectives → indicators, with codes, weights and units."""
    _require_member(request.user)
    plan = get_object_or_404(StrategicPlan, pk=pk)
    goals = plan_goals_tree(plan, selectors.plan_indicators_queryset(plan).select_related("unit"))
    allowed = visible_unit_ids(request.user)
    scored = _score_tree(plan, goals, allowed)
    return render(
        request,
        "indicators/plan_detail.html",
        {
            "plan": plan,
            "goals": goals,
            "scored_through": scored,
            "whole_ministry": allowed is None,
            "visible_units": allowed,
            "is_admin": is_planning_admin(request.user),
            "rollover": rollover_summary(request, plan),
        },
    )


def _year_to_date(plan, unit_ids):
    """The latest closed quarter and the scores of its year to date, as the dashboard opens,
    over these units' indicators (all when None); None before any quarter has closed."""
    latest = latest_closed_period(plan)
    if latest is None:
        return None
    return latest, achievement_tree(
        plan, year=latest.year, quarter=latest.quarter, unit_ids=unit_ids
    )


def _score_tree(plan, goals, allowed):
    """Put on each goal, objective and indicator of the tree its score and status for the
    year to date through the latest closed quarter (``.scored``), counting the indicators of
    the units the user may see; the period, or None."""
    scored = _year_to_date(plan, allowed)
    if scored is None:
        return None
    latest, tree = scored
    found = {}
    for goal_node in tree.goals:
        found[("goal", goal_node.item.pk)] = goal_node
        for objective_node in goal_node.children:
            found[("objective", objective_node.item.pk)] = objective_node
    for score in tree.indicators:
        found[("indicator", score.indicator.pk)] = score
    for goal in goals:
        goal.scored = found.get(("goal", goal.pk))
        for objective in goal.objectives.all():
            objective.scored = found.get(("objective", objective.pk))
            for indicator in objective.indicators.all():
                indicator.scored = found.get(("indicator", indicator.pk))
    return latest


def _score_unit(plan, unit, indicators):
    """Put on each of the unit's indicators its score for the year to date through the
    latest closed quarter (``.scored``); (that period, the unit's roll-up) or None."""
    scored = _year_to_date(plan, {unit.pk})
    if scored is not None:
        by_id = {score.indicator.pk: score for score in scored[1].indicators}
        for indicator in indicators:
            indicator.scored = by_id.get(indicator.pk)
    return scored


def indicator_detail(request, pk: int):
    _require_member(request.user)
    try:
        indicator = selectors.indicator_detail(pk)
    except Indicator.DoesNotExist as missing:
        raise Http404 from missing
    require_unit_visible(request.user, indicator.unit_id)
    entries = selectors.indicator_entries(indicator)
    target_rows = selectors.indicator_targets(indicator)
    yearly_actuals = selectors.indicator_yearly_actuals(indicator, entries)
    by_year = selectors.actual_and_target_by_year(indicator, target_rows, yearly_actuals)
    chart = None
    if any(actual is not None for _year, actual, _target in by_year):
        chart = charts.actual_and_target(
            by_year,
            title=_("Approved actual and yearly target"),
            rtl=get_language_bidi(),
            names=(_("Actual"), _("Target")),
        )
    breakdowns = breakdown_selectors.indicator_breakdown(indicator, entries)
    for breakdown in breakdowns:
        breakdown.chart = _breakdown_chart(breakdown)
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "breakdowns": breakdowns,
            "plan": indicator.plan,
            "target_rows": target_rows,
            "year_chart": chart,
            "revisions": selectors.indicator_target_revisions(indicator),
            "entries": entries,
            "yearly_actuals": yearly_actuals,
            "events": entry_selectors.entry_events(indicator),
            "scenarios": selectors.indicator_scenarios(indicator),
            "approved_values": corrections.approved_values(indicator),
            "may_reopen": can_review(request.user, indicator),
        },
    )


def _breakdown_chart(breakdown):
    """One bar per option: its achievement where every option has a target, else its share
    of a count's total, else its actual (server-side SVG, plans/charts.py)."""
    rows = breakdown.rows
    if rows and all(row.achievement is not None for row in rows):
        bars = [(row.option.name, row.achievement, "green") for row in rows]
        title, suffix, ceiling = _("Achievement by option"), "%", Decimal(100)
    elif breakdown.rule == "sum":
        bars = [(row.option.name, row.share, "green") for row in rows]
        title, suffix, ceiling = _("Share of the total by option"), "%", Decimal(100)
    else:
        bars = [(row.option.name, row.actual, "green") for row in rows]
        highest = max((row.actual for row in rows if row.actual is not None), default=None)
        percent = breakdown.measure in ("ratio", "percentage")
        title, suffix = _("Actual by option"), "%" if percent else ""
        ceiling = max(highest or Decimal(100), Decimal(100) if percent else Decimal(1))
    return charts.bar_chart(
        bars,
        title=f"{title}: {breakdown.dimension.name} {breakdown.year}",
        rtl=get_language_bidi(),
        ceiling=ceiling,
        suffix=suffix,
    )


def unit_detail(request, pk: int):
    _require_member(request.user)
    try:
        unit = selectors.unit_detail(pk)
    except OrgUnit.DoesNotExist as missing:
        raise Http404 from missing
    require_unit_visible(request.user, unit.pk)
    plan = _plan_from_query(request) or default_plan()
    indicators, action_plans, scored = [], [], None
    if plan is not None:
        indicators = selectors.unit_indicators(unit, plan)
        action_plans = selectors.unit_action_plans(unit, plan)
        scored = _score_unit(plan, unit, indicators)
    return render(
        request,
        "indicators/unit_detail.html",
        {
            "unit": unit,
            "plan": plan,
            "children": selectors.unit_children(unit),
            "indicators": indicators,
            "action_plans": action_plans,
            "scored": scored,
        },
    )


def _plan_from_query(request) -> StrategicPlan | None:
    plan_id = optional_id(request.GET.get("plan"), name="plan")
    if plan_id is None:
        return None
    return get_object_or_404(StrategicPlan, pk=plan_id)


def objective_detail(request, pk: int):
    """An objective: its indicators, the risks and threats that bear on it, and its
    approved narratives by period."""
    _require_member(request.user)
    objective = get_object_or_404(
        Objective.objects.select_related("plan", "goal", "lead_unit"), pk=pk
    )
    indicators = list(
        Indicator.objects.filter(objective=objective)
        .select_related("unit")
        .order_by("order", "code")
    )
    # Only the risks of the units the user may see (the risk pages answer 404 for the rest).
    risks = list(
        visible_risks(request.user, objective.risks.select_related("unit").order_by("code"))
    )
    visible_units = visible_unit_ids(request.user)
    # Only the narratives of the units the user may see, like their values.
    narratives = [
        narrative
        for narrative in approved_narratives(objective)
        if visible_units is None or narrative.unit_id in visible_units
    ]
    return render(
        request,
        "indicators/objective_detail.html",
        {
            "objective": objective,
            "plan": objective.plan,
            "indicators": indicators,
            "narratives": narratives,
            "visible_units": visible_units,
            "risks": [(risk, objective.plan.band_of(risk.score)) for risk in risks],
        },
    )
