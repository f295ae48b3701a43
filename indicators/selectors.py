"""Reads for the indicator pages, each in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count

from indicators import engine
from indicators.models import Indicator, ProgressEntry, Target, TargetRevision
from plans.models import ActionPlan, OrgUnit, StrategicPlan
from plans.selectors import latest_closed_period, plan_goals_tree


@dataclass
class TargetRow:
    year: int
    yearly: Target | None = None
    quarters: dict[int, Target] = field(default_factory=dict)

    def quarter_list(self) -> list[Target | None]:
        return [self.quarters.get(q) for q in (1, 2, 3, 4)]


def indicator_detail(indicator_id: int) -> Indicator:
    """An indicator with its place in the plan and its responsible unit (1 query)."""
    return Indicator.objects.select_related(
        "plan", "objective", "objective__goal", "objective__lead_unit", "unit"
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


def indicator_target_revisions(indicator: Indicator) -> list[TargetRevision]:
    return list(
        TargetRevision.objects.filter(target__indicator=indicator)
        .select_related("target", "changed_by")
        .order_by("-changed_at", "-id")
    )


def indicator_entries(indicator: Indicator) -> list[ProgressEntry]:
    """Recorded values by period, newest first (1 query)."""
    return list(
        ProgressEntry.objects.filter(indicator=indicator)
        .select_related("period", "updated_by")
        .order_by("-period__year", "-period__quarter")
    )


def plan_indicators_queryset(plan: StrategicPlan):
    return Indicator.objects.filter(plan=plan).order_by("order", "code")


def unit_detail(unit_id: int) -> OrgUnit:
    return OrgUnit.objects.select_related("parent").get(pk=unit_id)


def unit_children(unit: OrgUnit) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(parent=unit).order_by("order", "code"))


def unit_indicators(unit: OrgUnit, plan: StrategicPlan) -> list[Indicator]:
    """The indicators the unit answers for in a plan, with objective and goal (1 query)."""
    return list(
        Indicator.objects.filter(unit=unit, plan=plan)
        .select_related("objective", "objective__goal")
        .order_by("objective__goal__order", "objective__order", "order", "code")
    )


def unit_action_plans(unit: OrgUnit, plan: StrategicPlan) -> list[ActionPlan]:
    return list(
        ActionPlan.objects.filter(unit=unit, plan=plan)
        .annotate(activity_count=Count("activities"))
        .order_by("-year")
    )


# --- Achievement ---------------------------------------------------------------------------


@dataclass
class IndicatorScore:
    indicator: Indicator
    result: engine.IndicatorResult
    forecast: engine.Forecast
    score: Decimal | None  # the achievement clipped to [0, cap], as it enters roll-ups

    @property
    def coverage(self) -> Decimal:
        return Decimal(1) if self.score is not None else Decimal(0)

    @property
    def status(self) -> engine.Status:
        return self.result.status


@dataclass
class ScoreNode:
    """An objective or a goal with its roll-up."""

    item: Any
    score: Decimal | None
    coverage: Decimal
    status: engine.Status
    children: list


@dataclass
class AchievementTree:
    plan: StrategicPlan
    year: int | None
    quarter: int | None
    quarters: list[engine.Quarter]
    thresholds: engine.Thresholds
    score: Decimal | None
    coverage: Decimal
    status: engine.Status
    goals: list[ScoreNode]
    indicators: list[IndicatorScore]
    include_submitted: bool = False

    @property
    def provisional(self) -> bool:
        return any(i.result.provisional for i in self.indicators)

    def status_counts(self) -> dict[str, int]:
        counts = {status.value: 0 for status in engine.Status}
        for item in self.indicators:
            counts[item.status.value] += 1
        return counts

    def unit_rollup(self, unit_ids: set[int]) -> engine.Rollup:
        """The score of the indicators these units answer for (DESIGN.md: a unit from the
        indicators it is responsible for)."""
        return engine.rollup(
            (
                (i.indicator.weight, i.score)
                for i in self.indicators
                if i.indicator.unit_id in unit_ids
            ),
            self.thresholds.cap,
        )


def rules_of(indicator: Indicator) -> engine.Rules:
    return engine.Rules(
        measure=indicator.measure,
        direction=indicator.direction,
        aggregation=indicator.aggregation,
        method=indicator.method,
        baseline=indicator.baseline_value,
        tolerance=indicator.tolerance,
    )


def thresholds_of(plan: StrategicPlan) -> engine.Thresholds:
    return engine.Thresholds(
        green=plan.green_threshold, amber=plan.amber_threshold, cap=plan.achievement_cap
    )


def achievement_tree(
    plan: StrategicPlan,
    *,
    year: int | None = None,
    quarter: int | None = None,
    unit_ids: set[int] | None = None,
    include_submitted: bool = False,
) -> AchievementTree:
    """Scores for a plan over a span, optionally for some units only, in 6 queries.

    The span follows ``engine.span_quarters``. Only approved values count unless
    ``include_submitted`` is set, in which case submitted values count too and the results
    that used one are marked provisional.
    """
    latest = latest_closed_period(plan)
    quarters = engine.span_quarters(
        plan.first_year,
        plan.last_year,
        year=year,
        quarter=quarter,
        latest_closed=latest.key if latest else None,
    )
    indicators_qs = plan_indicators_queryset(plan)
    if unit_ids is not None:
        indicators_qs = indicators_qs.filter(unit_id__in=unit_ids)
    goals = plan_goals_tree(plan, indicators_qs)

    # The whole of each year the span touches, for forecasts to the end of the year.
    if year is not None:
        horizon = engine.quarters_between((year, 1), (year, 4))
    else:
        horizon = engine.quarters_between((plan.first_year, 1), (plan.last_year, 4))
    years = sorted({y for y, _ in horizon})
    targets = _targets_by_indicator(plan, unit_ids, years)
    observations = _observations_by_indicator(plan, unit_ids, years, include_submitted)
    thresholds = thresholds_of(plan)
    through = quarters[-1] if quarters else None

    scored: list[IndicatorScore] = []
    goal_nodes = []
    for goal in goals:
        objective_nodes = []
        for objective in goal.objectives.all():
            indicator_nodes = []
            for indicator in objective.indicators.all():
                rules = rules_of(indicator)
                obs = observations.get(indicator.pk, [])
                tgt = targets.get(indicator.pk, engine.Targets())
                result = engine.evaluate(rules, obs, tgt, quarters, thresholds)
                outlook = (
                    engine.forecast(rules, obs, tgt, horizon, through, thresholds)
                    if through
                    else engine.Forecast(
                        None, None, engine.Reason.NOT_DUE, engine.Status.GREY, False
                    )
                )
                score = (
                    engine.clip(result.achievement, thresholds.cap)
                    if result.achievement is not None
                    else None
                )
                node = IndicatorScore(indicator, result, outlook, score)
                indicator_nodes.append(node)
                scored.append(node)
            if unit_ids is not None and not indicator_nodes:
                continue
            objective_nodes.append(
                _node(
                    objective,
                    [(i.indicator.weight, i.score) for i in indicator_nodes],
                    indicator_nodes,
                    thresholds,
                    bool(quarters),
                )
            )
        if unit_ids is not None and not objective_nodes:
            continue
        goal_nodes.append(
            _node(
                goal,
                [(o.item.weight, o.score) for o in objective_nodes],
                objective_nodes,
                thresholds,
                bool(quarters),
            )
        )
    plan_rollup = engine.rollup(((g.item.weight, g.score) for g in goal_nodes), thresholds.cap)
    return AchievementTree(
        plan=plan,
        year=year,
        quarter=quarter,
        quarters=quarters,
        thresholds=thresholds,
        score=plan_rollup.score,
        coverage=plan_rollup.coverage,
        status=engine.status_of(plan_rollup.score, thresholds, due=bool(quarters)),
        goals=goal_nodes,
        indicators=scored,
        include_submitted=include_submitted,
    )


def _node(item, weighted, children, thresholds, due) -> ScoreNode:
    result = engine.rollup(weighted, thresholds.cap)
    return ScoreNode(
        item=item,
        score=result.score,
        coverage=result.coverage,
        status=engine.status_of(result.score, thresholds, due=due),
        children=children,
    )


def _targets_by_indicator(plan, unit_ids, years) -> dict[int, engine.Targets]:
    rows = Target.objects.filter(indicator__plan=plan, year__in=years)
    if unit_ids is not None:
        rows = rows.filter(indicator__unit_id__in=unit_ids)
    yearly: dict[int, dict] = defaultdict(dict)
    quarterly: dict[int, dict] = defaultdict(dict)
    for indicator_id, year, quarter, value in rows.values_list(
        "indicator_id", "year", "quarter", "value"
    ):
        if quarter is None:
            yearly[indicator_id][year] = value
        else:
            quarterly[indicator_id][(year, quarter)] = value
    return {
        pk: engine.Targets(yearly=yearly.get(pk, {}), quarterly=quarterly.get(pk, {}))
        for pk in set(yearly) | set(quarterly)
    }


def _observations_by_indicator(
    plan, unit_ids, years, include_submitted
) -> dict[int, list[engine.Observation]]:
    statuses = [ProgressEntry.Status.APPROVED]
    if include_submitted:
        statuses.append(ProgressEntry.Status.SUBMITTED)
    rows = ProgressEntry.objects.filter(
        period__plan=plan, period__year__in=years, status__in=statuses
    )
    if unit_ids is not None:
        rows = rows.filter(indicator__unit_id__in=unit_ids)
    found: dict[int, list[engine.Observation]] = defaultdict(list)
    for indicator_id, year, quarter, value, numerator, denominator, status in rows.values_list(
        "indicator_id",
        "period__year",
        "period__quarter",
        "value",
        "numerator",
        "denominator",
        "status",
    ):
        found[indicator_id].append(
            engine.Observation(
                year=year,
                quarter=quarter,
                value=value,
                numerator=numerator,
                denominator=denominator,
                provisional=status == ProgressEntry.Status.SUBMITTED,
            )
        )
    return found
