"""Reads for the indicator pages, each in a fixed number of queries."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from indicators import engine
from indicators.models import (
    Indicator,
    ProgressEntry,
    Scenario,
    ScenarioTarget,
    Target,
    TargetRevision,
)
from plans.models import ActionPlan, OrgUnit, ReportingPeriod, StrategicPlan


@dataclass
class TargetRow:
    year: int
    yearly: Target | None = None
    quarters: dict[int, Target] = field(default_factory=dict)

    def quarter_list(self) -> list[Target | None]:
        return [self.quarters.get(q) for q in (1, 2, 3, 4)]


def indicator_detail(indicator_id: int) -> Indicator:
    """An indicator with its place in the plan, its responsible unit and the indicator it
    continues from the plan before, if any (1 query)."""
    return Indicator.objects.select_related(
        "plan",
        "objective",
        "objective__goal",
        "objective__lead_unit",
        "unit",
        "predecessor",
        "predecessor__plan",
        "dimension_1",
        "dimension_2",
    ).get(pk=indicator_id)


def indicator_targets(indicator: Indicator) -> list[TargetRow]:
    """One row per plan year: the yearly target and any quarterly ones (1 query)."""
    rows = {year: TargetRow(year=year) for year in indicator.plan.years}
    for target in Target.objects.filter(indicator=indicator):
        row = rows.setdefault(target.year, TargetRow(year=target.year))
        if target.quarter is None:
            row.yearly = target
        else:
            row.quarters[target.quarter] = target
    return [rows[year] for year in sorted(rows)]


def actual_and_target_by_year(
    indicator: Indicator, target_rows: list[TargetRow], yearly_actuals: list
) -> list[tuple[str, Decimal | None, Decimal | None]]:
    """(year, approved actual, yearly target) for each year with either, oldest first: the
    years of a predecessor plan bring their actual only (their targets were that plan's)."""
    targets = {row.year: row.yearly.value for row in target_rows if row.yearly is not None}
    actuals = {row.year: row.actual for row in yearly_actuals if row.plan.pk == indicator.plan_id}
    earlier = [
        (str(row.year), row.actual, None)
        for row in yearly_actuals
        if row.plan.pk != indicator.plan_id and row.actual is not None
    ]
    years = sorted(set(targets) | {y for y, a in actuals.items() if a is not None})
    return sorted(earlier) + [(str(y), actuals.get(y), targets.get(y)) for y in years]


def indicator_target_revisions(indicator: Indicator) -> list[TargetRevision]:
    return list(
        TargetRevision.objects.filter(indicator=indicator)
        .select_related("changed_by")
        .order_by("-changed_at", "-id")
    )


def indicator_entries(indicator: Indicator) -> list[ProgressEntry]:
    """Recorded values by period, newest first, then the approved values of the indicator it
    continues (2 queries, with or without a predecessor)."""
    wanted = Q(indicator=indicator)
    if indicator.predecessor_id is not None:
        wanted |= Q(indicator_id=indicator.predecessor_id) & (
            Q(status=ProgressEntry.Status.APPROVED) | Q(approved_at__isnull=False)
        )
    return list(
        ProgressEntry.objects.filter(wanted)
        .select_related("period", "period__plan", "updated_by", "unit")
        .prefetch_related("evidence")
        .order_by("-period__year", "-period__quarter", "-period__plan__first_year")
    )


@dataclass(frozen=True)
class YearActual:
    plan: StrategicPlan
    year: int
    actual: Decimal | None
    trend: str  # ↑ ↓ → against the year before, or empty
    quarters: int = 0  # how many of the year's quarters have an approved value


def indicator_yearly_actuals(
    indicator: Indicator, entries: list[ProgressEntry]
) -> list[YearActual]:
    """The actual in force of every year with values in force (approved, or reopened for
    correction: its approved figures), oldest first, reaching back
    into the predecessor's plan: each year by the engine's span actual over its quarters, by
    the rules of the indicator that recorded it (no query: ``entries`` holds the values)."""
    from indicators.selectors.achievement import rules_of  # it imports this module

    by_year = {}
    for entry in entries:
        figures = entry.figures_in_force  # a correction under way keeps the approved ones
        if figures is None:
            continue
        period = entry.period
        source = indicator if entry.indicator_id == indicator.pk else indicator.predecessor
        _plan, _source, observations = by_year.setdefault(period.year, (period.plan, source, []))
        observations.append(engine.Observation(period.year, period.quarter, *figures))
    rows, previous = [], None
    for year in sorted(by_year):
        plan, source, observations = by_year[year]
        quarters = engine.quarters_between((year, 1), (year, 4))
        actual = engine.span_actual(rules_of(source), observations, quarters).value
        trend = ""
        if actual is not None and previous is not None:
            trend = "↑" if actual > previous else "↓" if actual < previous else "→"
        rows.append(YearActual(plan, year, actual, trend, len(observations)))
        previous = actual if actual is not None else previous
    return rows


def plan_indicators_queryset(plan: StrategicPlan):
    """The plan's indicators that count: archived ones (or of an archived objective or
    goal) are left out of scores and pages."""
    return Indicator.objects.filter(plan=plan).counting().order_by("order", "code")


def unit_detail(unit_id: int) -> OrgUnit:
    return OrgUnit.objects.select_related("parent").get(pk=unit_id)


def unit_children(unit: OrgUnit) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(parent=unit).order_by("order", "code"))


def unit_indicators(unit: OrgUnit, plan: StrategicPlan) -> list[Indicator]:
    """The indicators the unit answers for in a plan, with objective and goal (1 query)."""
    return list(
        Indicator.objects.filter(unit=unit, plan=plan)
        .counting()
        .select_related("objective", "objective__goal")
        .order_by("objective__goal__order", "objective__order", "order", "code")
    )


def unit_action_plans(unit: OrgUnit, plan: StrategicPlan) -> list[ActionPlan]:
    return list(
        ActionPlan.objects.filter(unit=unit, plan=plan)
        .annotate(activity_count=Count("activities"))
        .order_by("-year")
    )


@dataclass
class ScenarioRow:
    scenario: Scenario
    result: engine.IndicatorResult
    closest: bool = False
    places: int = 0  # the decimals its actual and target are shown with (figure_places)


def indicator_scenarios(indicator: Indicator) -> list[ScenarioRow]:
    """The indicator's actual for the plan so far against the plan's targets under every
    scenario, and which scenario reality tracks most closely (4 queries)."""
    plan = indicator.plan
    scenarios = list(Scenario.objects.filter(plan=plan).order_by("order", "code"))
    if not scenarios:
        return []
    periods = list(ReportingPeriod.objects.filter(plan=plan).order_by("year", "quarter"))
    closed = [p.key for p in periods if p.state == ReportingPeriod.State.CLOSED]
    quarters = engine.span_quarters(
        plan.first_year, plan.last_year, latest_closed=closed[-1] if closed else None
    )
    keys = {p.pk: p.key for p in periods}
    observations = [
        engine.Observation(*keys[period_id], value, numerator, denominator)
        for period_id, value, numerator, denominator in ProgressEntry.objects.filter(
            indicator=indicator
        )
        .in_force()
        .in_force_values("period_id")
    ]
    # Imported here: the achievement selectors import this module.
    from indicators.selectors.achievement import rules_of, targets_for_indicators, thresholds_of

    plan_targets = targets_for_indicators([indicator.pk], plan.years).get(
        indicator.pk, engine.Targets()
    )
    yearly, quarterly = plan_targets.yearly, plan_targets.quarterly
    overrides = {}
    for scenario_id, year, value in ScenarioTarget.objects.filter(
        indicator=indicator, scenario__in=scenarios
    ).values_list("scenario_id", "year", "value"):
        overrides.setdefault(scenario_id, {})[year] = value
    rules = rules_of(indicator, plan.annual_reporting_quarter)
    thresholds = thresholds_of(plan)
    rows = []
    for scenario in scenarios:
        own = overrides.get(scenario.pk, {})
        targets = engine.Targets(
            yearly={**yearly, **own},
            quarterly={k: v for k, v in quarterly.items() if k[0] not in own},
        )
        result = engine.evaluate(rules, observations, targets, quarters, thresholds)
        rows.append(ScenarioRow(scenario, result, places=engine.result_places(rules, result)[0]))
    closest = engine.closest_to_target({row.scenario.pk: row.result.achievement for row in rows})
    for row in rows:
        row.closest = row.scenario.pk == closest
    return rows
