"""The achievement tree: everything the engine needs for a plan, a span and a scope, read in
a fixed number of queries, and the scores it gives back."""

import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q

from indicators import engine
from indicators.models import Indicator, ProgressEntry, Scenario, ScenarioTarget, Target
from indicators.selectors import history
from indicators.selectors.pages import plan_indicators_queryset
from plans.models import StrategicPlan
from plans.selectors import plan_goals_tree, plan_periods


@dataclass
class IndicatorScore:
    indicator: Indicator
    result: engine.IndicatorResult
    score: Decimal | None  # the achievement clipped to [0, cap], as it enters roll-ups
    # What the forecast needs; it is worked out on first use, since many pages never ask.
    rules: engine.Rules
    observations: list[engine.Observation]
    targets: engine.Targets
    horizon: list[engine.Quarter]
    through: engine.Quarter | None
    thresholds: engine.Thresholds
    # Each of the span's last quarters alone (when the tree was asked for a series).
    series: list[Decimal | None] = field(default_factory=list)
    # The tree it belongs to, for the unit that answered for it (history).
    tree: Any = field(default=None, repr=False, compare=False)
    # What is worked out on first use (the forecast), shared with the copies of this
    # result kept for the next trees (``_KEPT``), which then need not work it out again.
    worked_out: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def responsible_unit_id(self) -> int:
        """The unit that answered for the indicator at the span's end (docs/history.md)."""
        if self.tree is None:
            return self.indicator.unit_id
        return self.tree.responsible_unit_id(self)

    @property
    def forecast(self) -> engine.Forecast:
        """Where the indicator is heading by the end of the year (or of the plan)."""
        found = self.worked_out.get("forecast")
        if found is None:
            found = self.worked_out["forecast"] = self._forecast()
        return found

    def _forecast(self) -> engine.Forecast:
        if self.through is None:
            return engine.Forecast(None, None, engine.Reason.NOT_DUE, engine.Status.GREY, False)
        return engine.forecast(
            self.rules,
            self.observations,
            self.targets,
            self.horizon,
            self.through,
            self.thresholds,
        )

    @property
    def coverage(self) -> Decimal | None:
        """The share of the span's due quarters with a value; None when none is due."""
        return self.result.coverage

    @property
    def status(self) -> engine.Status:
        return self.result.status


@dataclass
class ScoreNode:
    """An objective or a goal with its roll-up."""

    item: Any
    score: Decimal | None
    coverage: Decimal | None  # weighted mean of the children's; None when nothing is due
    status: engine.Status
    children: list
    series: list[Decimal | None] = field(default_factory=list)


@dataclass
class AchievementTree:
    plan: StrategicPlan
    year: int | None
    quarter: int | None
    quarters: list[engine.Quarter]
    thresholds: engine.Thresholds
    score: Decimal | None
    coverage: Decimal | None
    status: engine.Status
    goals: list[ScoreNode]
    indicators: list[IndicatorScore]
    include_submitted: bool = False
    series_quarters: list[engine.Quarter] = field(default_factory=list)
    series: list[Decimal | None] = field(default_factory=list)
    # History (docs/history.md): the scope, the span's periods and whether they are all closed.
    unit_ids: set[int] | None = None
    span_period_ids: list[int] = field(default_factory=list)
    span_over: bool = False

    @property
    def provisional(self) -> bool:
        return any(i.result.provisional for i in self.indicators)

    @property
    def due_values(self) -> tuple[int, int]:
        """(values reported, values due) over every indicator of the tree and the span."""
        return (
            sum(len(i.result.reported) for i in self.indicators),
            sum(len(i.result.due) for i in self.indicators),
        )

    def status_counts(self) -> dict[str, int]:
        counts = {status.value: 0 for status in engine.Status}
        for item in self.indicators:
            counts[item.status.value] += 1
        return counts

    def unit_rollup(self, unit_ids: set[int]) -> engine.Rollup:
        """The score of the indicators these units answer for in the span, each from the
        units' own entries (docs/history.md)."""
        return engine.rollup(
            (
                (i.indicator.weight, score, coverage)
                for i, score, coverage in self.in_units(unit_ids)
            ),
            self.thresholds.cap,
        )

    # --- History: a unit's past comes from its own entries (docs/history.md) ---------------

    @cached_property
    def _foreign_units(self) -> dict[int, dict[engine.Quarter, int]]:
        """The span's entries made by a unit other than their indicator's current one
        (1 query, on first use)."""
        return history.foreign_entry_units(self.plan.pk, self.span_period_ids, self.unit_ids)

    def _entry_units(self, item: IndicatorScore) -> dict[engine.Quarter, int]:
        """The unit of each of the span's quarters with a value."""
        current = item.indicator.unit_id
        foreign = self._foreign_units.get(item.indicator.pk, {})
        span = set(self.quarters)
        return {o[:2]: foreign.get(o[:2], current) for o in item.observations if o[:2] in span}

    def responsible_unit_id(self, item: IndicatorScore) -> int:
        """The unit of the indicator's latest entry in a span that is over; its current unit
        otherwise (or when it has no entry in the span)."""
        current = item.indicator.unit_id
        if not self.span_over:
            return current
        foreign = self._foreign_units.get(item.indicator.pk)
        if not foreign:
            return current
        units = {**self._entry_units(item), **foreign}
        return units[max(units)]

    def answering_units(self) -> set[int]:
        """Every unit ``in_units`` can find an indicator for: the indicators' current units
        and the units that made the span's entries of them."""
        found = {item.indicator.unit_id for item in self.indicators}
        for quarters in self._foreign_units.values():
            found.update(quarters.values())
        return found

    def in_units(
        self, unit_ids: set[int]
    ) -> list[tuple[IndicatorScore, Decimal | None, Decimal | None]]:
        """The indicators these units answered for in the span (the rule of
        ``history.in_units``), each with its score and coverage from the units' own
        entries."""
        found = []
        for item in self.indicators:
            current = item.indicator.unit_id
            foreign = self._foreign_units.get(item.indicator.pk)
            if not foreign:
                if current in unit_ids:
                    found.append((item, item.score, item.coverage))
                continue
            units = self._entry_units(item)
            entered = set(foreign.values()) | set(units.values())
            belongs = bool(entered & unit_ids) or (
                current in unit_ids and not (self.span_over and current not in entered)
            )
            if not belongs:
                continue
            own = [o for o in item.observations if units.get(o[:2]) in unit_ids]
            score, coverage = item.score, item.coverage
            if len(own) != len(units):
                result = engine.evaluate(
                    item.rules, own, item.targets, self.quarters, self.thresholds
                )
                score = (
                    engine.clip(result.achievement, self.thresholds.cap)
                    if result.achievement is not None
                    else None
                )
                coverage = result.coverage
            found.append((item, score, coverage))
        return found


# What the engine and the score pages read of an indicator.
ENGINE_FIELDS = (
    "id",
    "plan_id",
    "objective_id",
    "unit_id",
    "code",
    "title_ar",
    "title_en",
    "weight",
    "order",
    "measure",
    "direction",
    "aggregation",
    "method",
    "baseline_value",
    "tolerance",
    "frequency",
    "stamp",
)


def rules_of(indicator: Indicator, annual_quarter: int = 4) -> engine.Rules:
    """The engine's rules of an indicator; ``annual_quarter`` is its plan's
    ``annual_reporting_quarter`` (when yearly indicators are due)."""
    return engine.Rules(
        measure=indicator.measure,
        direction=indicator.direction,
        aggregation=indicator.aggregation,
        method=indicator.method,
        baseline=indicator.baseline_value,
        tolerance=indicator.tolerance,
        frequency=indicator.frequency,
        annual_quarter=annual_quarter,
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
    series_length: int = 0,
    scenario: Scenario | None = None,
    through: engine.Quarter | None = None,
) -> AchievementTree:
    """Scores for a plan over a span, optionally for some units only, in 6 queries.

    The span follows ``engine.span_quarters``. Only approved values count unless
    ``include_submitted`` is set, in which case submitted values count too and the results
    that used one are marked provisional. With ``series_length``, every node also gets its
    score for each of the span's last quarters alone (``series``), for trend lines. With a
    ``scenario``, its targets replace the plan's for the years it sets (one more query).
    With ``through`` and no year, the span is the plan so far through that quarter (a
    report's "plan to date" at its own end) instead of through the latest closed period.
    """
    if scenario is None:
        return _kept_tree(plan, year, quarter, unit_ids, include_submitted, series_length, through)
    reading = _read(plan, year, quarter, unit_ids, include_submitted, through=through)
    yearly, quarterly = _plan_targets(plan, reading.members, reading.years)
    overrides = _scenario_targets([scenario.pk], reading.members, reading.years)
    yearly, quarterly = _apply_scenario(yearly, quarterly, overrides.get(scenario.pk, []))
    return _tree(reading, _as_targets(yearly, quarterly), series_length)


# --- Indicator results kept between trees (docs/architecture.md) ----------------------------
#
# A tree's indicator results are kept in this process, by everything they depend on beyond
# the indicator itself (the plan's ``scores_stamp``, thresholds, cap, years and annual
# quarter, its periods and their states, the span, the scope, submitted values or not, the
# series asked for), each under its indicator's ``stamp``. The next tree of the same key
# reads the plan's periods and structure as always (4 queries), and then the values and
# targets of only the indicators whose stamp changed since (none, one, or all of them: 0 or
# 2 queries); the others' results are taken as kept, the roll-ups computed again from all.
# A stamp is random and fresh on every change (``indicators_touch``, ``plan_touch``, a save),
# so that a kept result is never read once stale, even after a rollback.

KEPT_TREES = 16  # keys kept, the least recently used dropped first
_KEPT: OrderedDict = OrderedDict()
_KEPT_LOCK = threading.Lock()


def forget_kept_results() -> None:
    """Drop every kept indicator result of this process (the next trees are computed whole)."""
    with _KEPT_LOCK:
        _KEPT.clear()


def _kept_tree(plan, year, quarter, unit_ids, include_submitted, series_length, through):
    reading = _read(
        plan, year, quarter, unit_ids, include_submitted, through=through, observations=False
    )
    key = (
        plan.pk, plan.scores_stamp, plan.green_threshold, plan.amber_threshold,
        plan.achievement_cap, plan.annual_reporting_quarter, plan.first_year, plan.last_year,
        tuple((p.pk, p.year, p.quarter, p.state) for p in reading.periods),
        year, quarter, through, None if unit_ids is None else frozenset(unit_ids),
        include_submitted, series_length,
    )  # fmt: skip
    with _KEPT_LOCK:
        kept = _KEPT.get(key, {})
    indicators = [
        indicator
        for goal in reading.goals
        for objective in goal.objectives.all()
        for indicator in objective.indicators.all()
    ]
    stale = [i.pk for i in indicators if kept.get(i.pk, (None,))[0] != i.stamp]
    targets: dict[int, engine.Targets] = {}
    if stale or not indicators:  # an empty scope reads as a whole one (same queries)
        # Every indicator stale (a first tree): read them as the scope does, not by a list.
        only = stale if len(stale) < len(indicators) else None
        reading.observations = _observations_by_indicator(
            reading.period_keys, unit_ids, include_submitted, only=only
        )
        if only is None:
            targets = _as_targets(*_plan_targets(plan, reading.members, reading.years))
        else:
            targets = targets_for_indicators(only, reading.years)
    tree = _tree(reading, targets, series_length, kept=kept)
    fresh = {}
    for node in tree.indicators:
        copy = replace(node, indicator=None, tree=None)  # shares ``worked_out``
        fresh[node.indicator.pk] = (node.indicator.stamp, copy)
    with _KEPT_LOCK:
        _KEPT[key] = fresh
        _KEPT.move_to_end(key)
        while len(_KEPT) > KEPT_TREES:
            _KEPT.popitem(last=False)
    return tree


def scenario_trees(
    plan: StrategicPlan,
    scenarios: list[Scenario],
    *,
    year: int | None = None,
    quarter: int | None = None,
    unit_ids: set[int] | None = None,
) -> list[AchievementTree]:
    """The tree of ``achievement_tree`` (approved values only) against each scenario's
    targets, in the order given: 7 queries however many scenarios there are (none without
    scenarios), since the plan, its values and every scenario's targets are read once."""
    if not scenarios:
        return []
    reading = _read(plan, year, quarter, unit_ids, include_submitted=False)
    yearly, quarterly = _plan_targets(plan, reading.members, reading.years)
    overrides = _scenario_targets([s.pk for s in scenarios], reading.members, reading.years)
    return [
        _tree(
            reading,
            _as_targets(*_apply_scenario(yearly, quarterly, overrides.get(scenario.pk, []))),
            0,
        )
        for scenario in scenarios
    ]


@dataclass
class _Reading:
    """What every tree of one plan, span and scope reads, whatever its targets (5 queries):
    the periods, the goals → objectives → indicators, the values."""

    plan: StrategicPlan
    year: int | None
    quarter: int | None
    unit_ids: set[int] | None
    include_submitted: bool
    quarters: list[engine.Quarter]
    goals: list
    members: Any  # a subquery of the scope's indicator ids (None: the whole plan)
    horizon: list[engine.Quarter]
    years: list[int]
    observations: dict[int, list[engine.Observation]]
    span_periods: list
    span_over: bool  # every period of the span is closed (docs/history.md)
    periods: list = field(default_factory=list)
    period_keys: dict = field(default_factory=dict)


def _read(
    plan, year, quarter, unit_ids, include_submitted, through=None, *, observations=True
) -> _Reading:
    """What the trees read; without ``observations``, the values are left for the caller
    to read (4 queries instead of 5)."""
    periods = plan_periods(plan)
    closed = [p.key for p in periods if p.state == p.State.CLOSED]
    latest = closed[-1] if closed else None
    if through is not None and year is None:
        latest = through
    quarters = engine.span_quarters(
        plan.first_year,
        plan.last_year,
        year=year,
        quarter=quarter,
        latest_closed=latest,
    )
    indicators_qs = plan_indicators_queryset(plan).only(*ENGINE_FIELDS)
    # History (docs/history.md): a unit answers for what it entered in the span.
    span = set(quarters)
    span_periods = [p for p in periods if p.key in span]
    span_over = bool(span_periods) and all(p.state == p.State.CLOSED for p in span_periods)
    members = None
    if unit_ids is not None:
        indicators_qs = indicators_qs.filter(
            history.in_units(unit_ids, [p.pk for p in span_periods], span_over=span_over)
        )
        members = indicators_qs.order_by().values("pk")
    goals = plan_goals_tree(plan, indicators_qs)

    # The whole of each year the span touches, for forecasts to the end of the year.
    if year is not None:
        horizon = engine.quarters_between((year, 1), (year, 4))
    else:
        horizon = engine.quarters_between((plan.first_year, 1), (plan.last_year, 4))
    years = sorted({y for y, _ in horizon})
    period_keys = {p.pk: p.key for p in periods if p.year in years}
    return _Reading(
        plan=plan,
        year=year,
        quarter=quarter,
        unit_ids=unit_ids,
        include_submitted=include_submitted,
        quarters=quarters,
        goals=goals,
        members=members,
        horizon=horizon,
        years=years,
        observations=(
            _observations_by_indicator(period_keys, unit_ids, include_submitted)
            if observations
            else {}
        ),
        span_periods=span_periods,
        span_over=span_over,
        periods=periods,
        period_keys=period_keys,
    )


def _tree(
    reading: _Reading, targets: dict[int, engine.Targets], series_length, kept=None
) -> AchievementTree:
    """The engine's scores of what was read, against these targets (no query). ``kept``:
    results kept by indicator as (stamp, result); one whose stamp is the indicator's is
    taken as it is (its values and targets were not read)."""
    kept = kept or {}
    plan, quarters, horizon = reading.plan, reading.quarters, reading.horizon
    goals, observations, unit_ids = reading.goals, reading.observations, reading.unit_ids
    thresholds = thresholds_of(plan)
    through = quarters[-1] if quarters else None
    series_quarters = quarters[-series_length:] if series_length and quarters else []

    scored: list[IndicatorScore] = []
    goal_nodes = []
    for goal in goals:
        objective_nodes = []
        for objective in goal.objectives.all():
            indicator_nodes = []
            for indicator in objective.indicators.all():
                stamp, node = kept.get(indicator.pk, (None, None))
                if node is not None and stamp == indicator.stamp:
                    node = replace(node, indicator=indicator)
                    indicator_nodes.append(node)
                    scored.append(node)
                    continue
                rules = rules_of(indicator, plan.annual_reporting_quarter)
                obs = observations.get(indicator.pk, [])
                tgt = targets.get(indicator.pk, engine.Targets())
                result = engine.evaluate(rules, obs, tgt, quarters, thresholds)
                score = (
                    engine.clip(result.achievement, thresholds.cap)
                    if result.achievement is not None
                    else None
                )
                node = IndicatorScore(
                    indicator, result, score, rules, obs, tgt, horizon, through, thresholds
                )
                if series_quarters:
                    node.series = engine.quarter_scores(rules, obs, tgt, series_quarters)
                indicator_nodes.append(node)
                scored.append(node)
            if unit_ids is not None and not indicator_nodes:
                continue
            objective_nodes.append(
                _node(
                    objective,
                    [(i.indicator.weight, i.score, i.coverage) for i in indicator_nodes],
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
                [(o.item.weight, o.score, o.coverage) for o in objective_nodes],
                objective_nodes,
                thresholds,
                bool(quarters),
            )
        )
    plan_node = _node(
        plan,
        [(g.item.weight, g.score, g.coverage) for g in goal_nodes],
        goal_nodes,
        thresholds,
        bool(quarters),
    )
    tree = AchievementTree(
        plan=plan,
        year=reading.year,
        quarter=reading.quarter,
        quarters=quarters,
        thresholds=thresholds,
        score=plan_node.score,
        coverage=plan_node.coverage,
        status=plan_node.status,
        goals=goal_nodes,
        indicators=scored,
        include_submitted=reading.include_submitted,
        series_quarters=series_quarters,
        series=plan_node.series,
        unit_ids=unit_ids,
        span_period_ids=[p.pk for p in reading.span_periods],
        span_over=reading.span_over,
    )
    for node in scored:
        node.tree = tree
    return tree


def _node(item, weighted, children, thresholds, due) -> ScoreNode:
    result = engine.rollup(weighted, thresholds.cap)
    weights = [weight for weight, _score, _coverage in weighted]
    # An objective without indicators (or a goal without objectives) has no series of its
    # own: it counts as no score in each quarter of its siblings'.
    length = max((len(child.series) for child in children), default=0)
    series = [
        engine.rollup(
            [
                (w, child.series[i] if i < len(child.series) else None, None)
                for w, child in zip(weights, children, strict=True)
            ],
            thresholds.cap,
        ).score
        for i in range(length)
    ]
    return ScoreNode(
        item=item,
        score=result.score,
        coverage=result.coverage,
        status=engine.status_of(result.score, thresholds, due=due),
        children=children,
        series=series,
    )


def _plan_targets(plan, members, years) -> tuple[dict, dict]:
    """The plan's targets of the scope (``members``: a subquery of its indicator ids; None:
    the whole plan) for these years, as ``_grouped_targets`` gives them (1 query)."""
    rows = Target.objects.filter(indicator__plan=plan, year__in=years)
    if members is not None:
        rows = rows.filter(indicator_id__in=members)
    return _grouped_targets(rows)


def targets_for_indicators(indicator_ids, years) -> dict[int, engine.Targets]:
    """The engine's targets of these indicators for these years (1 query)."""
    rows = Target.objects.filter(indicator_id__in=indicator_ids, year__in=years)
    return _as_targets(*_grouped_targets(rows))


def _grouped_targets(rows) -> tuple[dict, dict]:
    """Target rows as {indicator: {year: value}} and {indicator: {(year, quarter): value}}."""
    yearly: dict[int, dict] = defaultdict(dict)
    quarterly: dict[int, dict] = defaultdict(dict)
    number = _decimal_reader()
    # order_by(): the models' default orderings would join and sort for nothing.
    for indicator_id, year, quarter, raw in _raw_rows(
        rows.order_by().values_list("indicator_id", "year", "quarter", "value")
    ):
        value = number(raw)
        if quarter is None:
            yearly[indicator_id][year] = value
        else:
            quarterly[indicator_id][(year, quarter)] = value
    return yearly, quarterly


def _as_targets(yearly, quarterly) -> dict[int, engine.Targets]:
    return {
        pk: engine.Targets(yearly=yearly.get(pk, {}), quarterly=quarterly.get(pk, {}))
        for pk in set(yearly) | set(quarterly)
    }


def _scenario_targets(scenario_ids, members, years) -> dict[int, list[tuple]]:
    """The scenarios' targets of the scope for these years, as (indicator, year, value) by
    scenario (1 query for all of them)."""
    rows = ScenarioTarget.objects.filter(scenario_id__in=scenario_ids, year__in=years).order_by()
    if members is not None:
        rows = rows.filter(indicator_id__in=members)
    number = _decimal_reader()
    found: dict[int, list[tuple]] = defaultdict(list)
    for scenario_id, indicator_id, year, raw in _raw_rows(
        rows.values_list("scenario_id", "indicator_id", "year", "value")
    ):
        found[scenario_id].append((indicator_id, year, number(raw)))
    return found


def _apply_scenario(yearly, quarterly, overrides) -> tuple[dict, dict]:
    """The targets with a scenario's yearly targets in place of the plan's (yearly and
    quarterly) for the years it sets; elsewhere the plan's stand. ``yearly`` and
    ``quarterly`` are left as they were, so that several scenarios can start from them."""
    yearly, quarterly = defaultdict(dict, yearly), defaultdict(dict, quarterly)
    for indicator_id, year, value in overrides:
        yearly[indicator_id] = {**yearly[indicator_id], year: value}
        quarterly[indicator_id] = {
            key: target for key, target in quarterly[indicator_id].items() if key[0] != year
        }
    return yearly, quarterly


def _observations_by_indicator(
    period_keys: dict[int, engine.Quarter], unit_ids, include_submitted, only=None
) -> dict[int, list[engine.Observation]]:
    """The values in force of the periods, by indicator (of these indicators ``only``)."""
    statuses = [ProgressEntry.Status.APPROVED]
    if include_submitted:
        statuses.append(ProgressEntry.Status.SUBMITTED)
    # order_by(): the model's default ordering would join and sort for nothing. An entry
    # reopened for correction (approved before, not now) counts with its approved figures.
    rows = ProgressEntry.objects.filter(
        Q(status__in=statuses) | Q(approved_at__isnull=False), period_id__in=period_keys
    ).order_by()
    if unit_ids is not None:
        # History (numbers-quality): a unit's values are the entries it made.
        rows = rows.filter(unit_id__in=unit_ids)
    if only is not None:
        rows = rows.filter(indicator_id__in=only)
    found: dict[int, list[engine.Observation]] = defaultdict(list)
    submitted = ProgressEntry.Status.SUBMITTED
    rows = rows.values_list(
        "indicator_id", "period_id", "value", "numerator", "denominator", "status",
        "approved_value", "approved_numerator", "approved_denominator",
    )  # fmt: skip
    in_force = set(statuses)
    # The hot loop of a ministry-scale tree (tens of thousands of rows): the tuple is built
    # directly (the named tuple's own constructor is Python code), and PostgreSQL's
    # Decimals are taken as they come.
    make = tuple.__new__
    observation = engine.Observation
    number = _decimal_reader()
    exact = connection.vendor == "postgresql"
    for row in _raw_rows(rows):
        indicator_id, period_id, value, numerator, denominator, status = row[:6]
        if status not in in_force:  # under correction: the approved figures stay in force
            value, numerator, denominator = row[6:]
            status = ProgressEntry.Status.APPROVED
        year, quarter = period_keys[period_id]
        if not exact:
            value, numerator, denominator = number(value), number(numerator), number(denominator)
        found[indicator_id].append(
            make(
                observation,
                (year, quarter, value, numerator, denominator, status == submitted),
            )
        )
    return found


def _raw_rows(queryset):
    """The rows of a ``values_list`` queryset straight from the database cursor.

    The ORM builds the SQL; reading the rows without its per-row machinery makes the
    ministry-scale tree several times cheaper. Callers convert the values themselves.
    """
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. filtered by an empty list: no query, no rows
        return
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(5000):
            yield from batch


def _decimal_reader():
    """How to turn a raw numeric column into a Decimal on this database: PostgreSQL already
    returns Decimals; SQLite returns ints and floats, read back through their shortest
    representation (as exact as Django's own converter for the digits Marsad stores)."""
    if connection.vendor == "postgresql":
        return lambda value: value

    def read(value):
        if value is None or isinstance(value, Decimal):
            return value
        return Decimal(value) if isinstance(value, int) else Decimal(repr(value))

    return read
