"""The dashboard, assembled from the achievement engine's tree and a few counts.

The result holds plain values only (no model instances), so that it can be cached under the
plan's revision: every change behind a score bumps the revision, and the next request
builds a fresh dashboard.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone, translation

from indicators import engine
from indicators.models import ProgressEntry
from indicators.selectors import achievement_tree
from indicators.selectors.quality import FlaggedValue, flagged_values
from indicators.vocabulary import span_label
from plans.models import (
    Activity,
    ActivityProgress,
    OrgUnit,
    ReportingPeriod,
    StrategicPlan,
    pick_language,
)
from plans.selectors import unit_children_map, unit_subtree_ids
from plans.vocabulary import period_label

ATTENTION_LIMIT = 15
SILENT_QUARTERS = 3  # "no value for several quarters"
SERIES_LENGTH = 8


@dataclass(frozen=True)
class Label:
    """A bilingual name, shown in the active language."""

    ar: str
    en: str = ""

    def __str__(self) -> str:
        return pick_language(self.ar, self.en)


@dataclass
class Score:
    score: Decimal | None
    status: str
    coverage: Decimal | None  # None when nothing is due in the span


def quarter_label(key: engine.Quarter) -> str:
    """A quarter as dashboards, reports and the API write it: "2023-Q4"."""
    return f"{key[0]}-Q{key[1]}"


@dataclass
class IndicatorLine:
    id: int
    code: str
    title: Label
    unit: Label
    actual: Decimal | None
    target: Decimal | None
    achievement: Decimal | None
    status: str
    reason: str | None
    forecast_status: str
    heading_for_red: bool
    provisional: bool
    coverage: Decimal | None = None
    quarter_actual: Decimal | None = None
    quarter_target: Decimal | None = None
    quarter_achievement: Decimal | None = None
    quarters: tuple[str, ...] = ()  # in a list of gaps: the quarters it is listed for
    # The decimals its actual and target are shown with, so that they recompute the
    # achievement shown (engine.figure_places): for the span, and for the quarter alone.
    places: int = 0
    quarter_places: int = 0


@dataclass
class Card:
    """A goal or an objective: its score, trend and (for the chosen goal) its children."""

    id: int
    code: str
    title: Label
    result: Score
    series: list[Decimal | None]
    children: list = field(default_factory=list)


@dataclass
class UnitLine:
    id: int
    name: Label
    result: Score
    reported: int
    indicators: int

    @property
    def completeness(self) -> Decimal | None:
        return Decimal(self.reported) / self.indicators if self.indicators else None


@dataclass
class Attention:
    """One list of what needs attention, cut to a readable length."""

    items: list[IndicatorLine]
    total: int


@dataclass
class Dashboard:
    plan_id: int
    year: int | None
    quarter: int | None
    quarters: list[engine.Quarter]
    series_labels: list[str]
    provisional: bool
    result: Score
    counts: dict[str, int]
    goals: list[Card]
    goal: Card | None  # the goal drilled into, with objectives and indicators
    units: list[UnitLine]
    attention: dict[str, Attention]
    activities: list  # of ActivityRow (defined below)
    open_period: tuple[int, int, int] | None  # (id, year, quarter) of the period open for entry
    # Data quality: flagged values of the span's last quarter and of the open period.
    flagged: list[FlaggedValue] = field(default_factory=list)

    @property
    def span(self) -> str:
        """The span in words, in the active language ("2023 to the end of Q2")."""
        return span_label(self.year, self.quarter, self.quarters)

    @property
    def activity_counts(self) -> dict[str, int]:
        counts = {status.value: 0 for status in engine.Schedule}
        for row in self.activities:
            counts[row.schedule] += 1
        return counts


def _score(node) -> Score:
    return Score(node.score, str(node.status), node.coverage)


def _line(item, names: dict[int, Label], quarters=()) -> IndicatorLine:
    indicator = item.indicator
    result = item.result
    forecast = item.forecast
    places, quarter_places = engine.result_places(item.rules, result)
    return IndicatorLine(
        id=indicator.pk,
        code=indicator.code,
        title=Label(indicator.title_ar, indicator.title_en),
        unit=names.get(item.responsible_unit_id, Label("")),  # in the span (history)
        actual=result.actual,
        target=result.target,
        achievement=result.achievement,
        status=str(result.status),
        reason=str(result.reason) if result.reason else None,
        forecast_status=str(forecast.status),
        heading_for_red=forecast.heading_for_red,
        provisional=result.provisional,
        coverage=result.coverage,
        quarter_actual=result.quarter_actual,
        quarter_target=result.quarter_target,
        quarter_achievement=result.quarter_achievement,
        quarters=tuple(quarter_label(key) for key in quarters),
        places=places,
        quarter_places=quarter_places,
    )


def dashboard(
    plan: StrategicPlan,
    *,
    year: int | None,
    quarter: int | None,
    unit: OrgUnit | None,
    goal_id: int | None,
    include_submitted: bool,
    today: datetime.date | None = None,
    scenario=None,
) -> Dashboard:
    """The dashboard of a plan for a span and a scope (a unit and its sub-units, or the
    whole ministry when ``unit`` is None), from the cache when nothing changed."""
    today = today or timezone.localdate()
    # v4: labels (quarters, spans) are in the reader's language, which the key names.
    key = (
        f"dashboard:v4:{translation.get_language()}:{plan.pk}:{plan.revision}:{year}:{quarter}:"
        f"{unit.pk if unit else 'all'}:{goal_id}:{int(include_submitted)}:{today.isoformat()}:"
        f"{scenario.pk if scenario else ''}"
    )
    found = cache.get(key)
    if found is None:
        found = build_dashboard(
            plan,
            year=year,
            quarter=quarter,
            unit=unit,
            goal_id=goal_id,
            include_submitted=include_submitted,
            today=today,
            scenario=scenario,
        )
        cache.set(key, found)
    return found


def build_dashboard(
    plan, *, year, quarter, unit, goal_id, include_submitted, today, scenario=None
) -> Dashboard:
    organisation = Organisation.load()
    tree = achievement_tree(
        plan,
        year=year,
        quarter=quarter,
        unit_ids=organisation.subtree(unit),
        include_submitted=include_submitted,
        series_length=SERIES_LENGTH,
        scenario=scenario,
    )
    return dashboard_from_tree(
        plan, tree, organisation, unit=unit, goal_id=goal_id, today=today, limit=ATTENTION_LIMIT
    )


@dataclass
class Organisation:
    """The unit tree, read once (2 queries)."""

    children: dict
    units: dict[int, OrgUnit]
    names: dict[int, Label]

    @classmethod
    def load(cls) -> "Organisation":
        units = {u.pk: u for u in OrgUnit.objects.all()}
        return cls(
            children=unit_children_map(),
            units=units,
            names={pk: Label(u.name_ar, u.name_en) for pk, u in units.items()},
        )

    def subtree(self, unit) -> set[int] | None:
        return unit_subtree_ids(unit.pk, self.children) if unit else None


def dashboard_from_tree(
    plan, tree, organisation, *, unit, goal_id, today, limit: int | None
) -> Dashboard:
    """The dashboard's parts from a computed tree (``limit`` cuts the attention lists;
    None keeps them whole, as reports do)."""
    children, units, names = organisation.children, organisation.units, organisation.names
    unit_ids = organisation.subtree(unit)
    series_labels = [period_label(y, q) for y, q in tree.series_quarters]
    goals, chosen = [], None
    for node in tree.goals:
        card = Card(
            node.item.pk,
            node.item.code,
            Label(node.item.title_ar, node.item.title_en),
            _score(node),
            node.series,
        )
        if node.item.pk == goal_id:
            card.children = [
                Card(
                    objective.item.pk,
                    objective.item.code,
                    Label(objective.item.title_ar, objective.item.title_en),
                    _score(objective),
                    objective.series,
                    [_line(item, names) for item in objective.children],
                )
                for objective in node.children
            ]
            chosen = card
        goals.append(card)

    rows = activity_rows(
        plan, unit_ids, tree.quarters, names, include_submitted=tree.include_submitted
    )
    scope_indicators = {item.indicator.pk: item for item in tree.indicators}
    last = tree.quarters[-1] if tree.quarters else None
    plan_periods = ReportingPeriod.objects.filter(plan=plan)
    periods = {p.key: p for p in plan_periods}
    current = plan_periods.current_open()
    # Flagged values are listed for the span's last quarter and for every open period (a
    # subquery of the flagged values' own query).
    shown_for_quality = plan_periods.open()
    if last in periods:
        shown_for_quality = shown_for_quality | plan_periods.filter(pk=periods[last].pk)
    reported = _reported_in(periods.get(last), scope_indicators) if last else set()
    return Dashboard(
        plan_id=plan.pk,
        year=tree.year,
        quarter=tree.quarter,
        quarters=tree.quarters,
        series_labels=series_labels,
        provisional=tree.provisional,
        result=Score(tree.score, str(tree.status), tree.coverage),
        counts=tree.status_counts(),
        goals=goals,
        goal=chosen,
        units=_unit_lines(tree, unit, units, children, reported),
        attention=_attention(tree, periods, last, scope_indicators, today, names, limit),
        activities=rows,
        open_period=(current.pk, current.year, current.quarter) if current else None,
        flagged=flagged_values(
            plan.pk,
            shown_for_quality,
            None if unit_ids is None else list(scope_indicators),
        ),
    )


def _reported_in(period, scope_indicators) -> set[int]:
    """Indicators with a value in force in the period (approved, or reopened for correction
    with its approved value still in force) or submitted for review (1 query)."""
    if period is None:
        return set()
    entries = ProgressEntry.objects.filter(period=period, indicator_id__in=list(scope_indicators))
    submitted = entries.filter(status=ProgressEntry.Status.SUBMITTED)
    return set((entries.in_force() | submitted).values_list("indicator_id", flat=True))


def _unit_lines(tree, unit, units, children, reported) -> list[UnitLine]:
    """The units compared: the scope's sub-units (each with its own sub-units), and the
    scope unit itself for the indicators it answers for directly."""
    if unit is None:
        roots = children.get(None, [])
        compared = [c for root in roots for c in children.get(root, [])] or roots
        own = None
    else:
        compared = list(children.get(unit.pk, []))
        own = unit.pk
    lines = []
    # Only the units the plan's indicators answer to: a deployment holding every
    # ministry's plan has thousands of units, most of them another plan's.
    answering = tree.answering_units()
    groups = [(pk, ids) for pk in compared if (ids := unit_subtree_ids(pk, children)) & answering]
    if own is not None:
        groups.insert(0, (own, {own}))
    last = tree.quarters[-1] if tree.quarters else None
    for pk, ids in groups:
        members = [i for i, _score, _coverage in tree.in_units(ids)]  # by their entries (history)
        if not members:
            continue
        # Completeness of the span's last quarter counts the indicators due in it.
        due = [i for i in members if last is not None and engine.is_due(i.rules, last)]
        rollup = tree.unit_rollup(ids)
        lines.append(
            UnitLine(
                id=pk,
                name=Label(units[pk].name_ar, units[pk].name_en),
                result=Score(
                    rollup.score,
                    str(engine.status_of(rollup.score, tree.thresholds, due=bool(tree.quarters))),
                    rollup.coverage,
                ),
                reported=sum(1 for i in due if i.indicator.pk in reported),
                indicators=len(due),
            )
        )
    return lines


def _attention(tree, periods, last, scope_indicators, today, names, limit) -> dict[str, Attention]:
    lines = scope_indicators
    red = [item for item in tree.indicators if item.status == engine.Status.RED]
    heading = [
        item
        for item in tree.indicators
        if item.status != engine.Status.RED and item.forecast.heading_for_red
    ]
    # Every due quarter of the span without a value is missing, whether its period is open
    # or closed; it is overdue once the period is closed or past its closing date.
    missing, overdue = [], []
    for item in tree.indicators:
        late, pending = [], []
        for key in item.result.missing:
            period = periods.get(key)
            closed = period is not None and (
                period.state == period.State.CLOSED or period.closes_on < today
            )
            (late if closed else pending).append(key)
        if late:
            overdue.append((item, late))
        if pending:
            missing.append((item, pending))
    returned_ids = set(
        ProgressEntry.objects.filter(
            status=ProgressEntry.Status.RETURNED, indicator_id__in=list(scope_indicators)
        ).values_list("indicator_id", flat=True)
    )
    returned = [lines[pk] for pk in lines if pk in returned_ids]
    silent = []
    if last is not None:
        recent = engine.quarters_between(_back(last, SILENT_QUARTERS - 1), last)
        recent_ids = [periods[q].pk for q in recent if q in periods]
        # Only what was due in those quarters can have been silent (not a yearly indicator
        # whose quarter is not among them).
        expected = {pk for pk, item in lines.items() if engine.due_quarters(item.rules, recent)}
        # Heard from: a value in force (a reopened one keeps its approved value in force).
        heard = set(
            ProgressEntry.objects.in_force()
            .filter(period_id__in=recent_ids, indicator_id__in=list(scope_indicators))
            .values_list("indicator_id", flat=True)
        )
        silent = [item for pk, item in lines.items() if pk in expected and pk not in heard]

    def cut(items) -> Attention:
        shown = items if limit is None else items[:limit]
        return Attention([_line(i, names) for i in shown], len(items))

    def cut_gaps(items) -> Attention:
        shown = items if limit is None else items[:limit]
        return Attention([_line(i, names, keys) for i, keys in shown], len(items))

    return {
        "red": cut(red),
        "heading_for_red": cut(heading),
        "overdue": cut_gaps(overdue),
        "missing": cut_gaps(missing),
        "returned": cut(returned),
        "silent": cut(silent),
    }


def _back(key: engine.Quarter, quarters: int) -> engine.Quarter:
    index = key[0] * 4 + key[1] - 1 - quarters
    return (index // 4, index % 4 + 1)


@dataclass
class ActivityRow:
    unit: Label
    code: str
    title: Label
    owner: Label
    start: datetime.date
    end: datetime.date
    expected: Decimal
    percent: Decimal | None
    schedule: str
    budget_planned: Decimal
    budget_spent: Decimal


def activity_rows(
    plan, unit_ids, quarters, names, *, include_submitted: bool = False
) -> list[ActivityRow]:
    """The action-plan activities of the span's last year, with their latest progress in
    force and where they stand against their schedule at the span's end (2 queries).

    Only reviewed progress counts, as for indicator values: approved, or reopened for
    correction with its approved percent still in force (submitted too on a provisional
    page); a draft or a returned first report is nobody's word yet."""
    if not quarters:
        return []
    year, quarter = quarters[-1]
    as_of = engine.quarter_end(year, quarter)
    activities = Activity.objects.filter(action_plan__plan=plan, action_plan__year=year)
    progress = ActivityProgress.objects.in_force(include_submitted=include_submitted).filter(
        activity__action_plan__plan=plan,
        activity__action_plan__year=year,
        period__year=year,
        period__quarter__lte=quarter,
    )
    if unit_ids is not None:
        activities = activities.filter(action_plan__unit_id__in=unit_ids)
        progress = progress.filter(activity__action_plan__unit_id__in=unit_ids)
    latest = {
        row.activity_id: row.percent_in_force(include_submitted=include_submitted)
        for row in progress.order_by("period__quarter").only(
            "activity_id", "review_status", "percent_complete", "approved_percent", "approved_at"
        )
    }
    rows = []
    for activity in activities.select_related("action_plan").order_by(
        "action_plan__unit__order", "planned_start", "code"
    ):
        percent = latest.get(activity.pk)
        schedule = engine.activity_schedule(
            activity.planned_start, activity.planned_end, as_of, percent
        )
        rows.append(
            ActivityRow(
                unit=names.get(activity.action_plan.unit_id, Label("")),
                code=activity.code,
                title=Label(activity.title_ar, activity.title_en),
                owner=Label(activity.owner_ar, activity.owner_en),
                start=activity.planned_start,
                end=activity.planned_end,
                expected=schedule.expected,
                percent=percent,
                schedule=schedule.status.value,
                budget_planned=activity.budget_planned,
                budget_spent=activity.budget_spent,
            )
        )
    return rows
