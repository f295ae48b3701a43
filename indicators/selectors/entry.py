"""Reads for the entry page (an officer's quarter) and the review page (a head's queue)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Prefetch

from indicators import engine
from indicators.grid import Grid, grids_for
from indicators.models import EntryEvent, Evidence, Indicator, ProgressEntry
from indicators.selectors import quality as quality_selectors
from indicators.selectors.achievement import rules_of, targets_for_indicators, thresholds_of
from plans.models import ReportingPeriod

HISTORY = 4  # how many earlier quarters an entry row shows


@dataclass
class EntryRow:
    indicator: Indicator
    entry: ProgressEntry | None
    quarter_target: Decimal | None
    year_target: Decimal | None
    history: list[tuple[ReportingPeriod, ProgressEntry | None]]
    # A disaggregated indicator's grid of cells (indicators.grid), None otherwise.
    grid: Grid | None = None

    @property
    def flag_words(self) -> list[str]:
        """The stored value's data-quality flags, in words."""
        return quality_selectors.flag_words(self.entry.flags) if self.entry else []

    @property
    def editable(self) -> bool:
        return self.entry is None or self.entry.status in ("draft", "returned")

    @property
    def is_ratio(self) -> bool:
        return self.indicator.measure == "ratio"


def due_in(indicator: Indicator, period: ReportingPeriod) -> bool:
    """Whether the indicator's value is due in the period (its reporting frequency, and the
    plan's quarter for yearly indicators); ``period.plan`` should be loaded."""
    annual_quarter = period.plan.annual_reporting_quarter
    return engine.is_due(rules_of(indicator, annual_quarter), period.key)


def entry_rows(period: ReportingPeriod, unit_ids: set[int] | None) -> list[EntryRow]:
    """One row per indicator of the units (all units when None) that is due in the period,
    grouped by goal and objective, with this period's entry, targets and the last four
    values (5 queries, one more when an indicator is broken down by option; 6 when the
    plan has fewer than four quarters before this one and its
    indicators continue predecessors, whose approved values then fill the last values)."""
    indicators = (
        Indicator.objects.filter(plan_id=period.plan_id)
        .counting()
        .select_related("objective", "objective__goal", "unit")
    )
    if unit_ids is not None:
        indicators = indicators.filter(unit_id__in=unit_ids)
    indicators = [
        indicator
        for indicator in indicators.order_by(
            "objective__goal__order", "objective__order", "order", "code"
        )
        if due_in(indicator, period)
    ]
    ids = [i.pk for i in indicators]
    earlier = list(
        ReportingPeriod.objects.filter(plan_id=period.plan_id)
        .before(period)
        .order_by("-year", "-quarter")[:HISTORY]
    )
    entries = defaultdict(dict)
    for entry in (
        ProgressEntry.objects.filter(indicator_id__in=ids, period__in=[period, *earlier])
        .select_related("updated_by", "reviewed_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
        .order_by()
    ):
        entries[entry.indicator_id][entry.period_id] = entry
    targets = targets_for_indicators(ids, {period.year})
    older = _predecessor_values(indicators, HISTORY - len(earlier))
    grids = grids_for(indicators)  # one query more when an indicator is broken down
    rows = []
    for indicator in indicators:
        rules = rules_of(indicator, period.plan.annual_reporting_quarter)
        tgt = targets.get(indicator.pk, engine.Targets())
        mine = entries.get(indicator.pk, {})
        rows.append(
            EntryRow(
                indicator=indicator,
                entry=mine.get(period.pk),
                quarter_target=engine.span_target(
                    rules, tgt, engine.covered(rules, period.key)
                ).value,
                year_target=tgt.yearly.get(period.year),
                history=older.get(indicator.pk, [])
                + [(p, mine.get(p.pk)) for p in reversed(earlier)],
                grid=grids.get(indicator.pk),
            )
        )
    return rows


def _predecessor_values(indicators, count: int) -> dict[int, list]:
    """The last ``count`` approved values of each indicator's predecessor in the plan before,
    oldest first, so that a new plan's first quarters show last values too (1 query; none
    when no indicator continues one or the plan has enough quarters of its own)."""
    successor_of = {i.predecessor_id: i.pk for i in indicators if i.predecessor_id}
    if count <= 0 or not successor_of:
        return {}
    found = defaultdict(list)
    for entry in (
        ProgressEntry.objects.filter(
            indicator_id__in=successor_of,
            status=ProgressEntry.Status.APPROVED,
            # The old plan's last two years hold the four quarters wanted, gaps allowing.
            period__year__gte=F("indicator__plan__last_year") - 1,
        )
        .select_related("period")
        .order_by("-period__year", "-period__quarter")
    ):
        values = found[successor_of[entry.indicator_id]]
        if len(values) < count:
            values.append((entry.period, entry))
    return {pk: values[::-1] for pk, values in found.items()}


@dataclass
class ReviewRow:
    entry: ProgressEntry
    quarter_target: Decimal | None
    preview: engine.IndicatorResult  # the achievement this value would give in its quarter
    error: str = ""
    # The four quarters before, oldest first (data quality: what the value is compared with).
    history: list[tuple[ReportingPeriod, ProgressEntry | None]] = field(default_factory=list)
    # The decimals the value and the quarter target are shown with: enough to recompute the
    # preview's achievement from them (engine.figure_places), and never fewer than the value
    # was typed with, so that the head approves what the officer typed.
    places: int = 0

    @property
    def flag_words(self) -> list[str]:
        return quality_selectors.flag_words(self.entry.flags)


def review_rows(period: ReportingPeriod, unit_ids: set[int] | None) -> list[ReviewRow]:
    """Submitted entries of the period awaiting review for indicators due in it, with the
    engine's preview of the achievement each would give for its quarter and the four values
    before (6 queries)."""
    entries = (
        ProgressEntry.objects.filter(period=period, status=ProgressEntry.Status.SUBMITTED)
        .select_related(
            "indicator", "indicator__unit", "indicator__plan", "submitted_by", "updated_by"
        )
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
        .order_by("indicator__unit__order", "indicator__code")
    )
    if unit_ids is not None:
        entries = entries.filter(indicator__unit_id__in=unit_ids)
    entries = [entry for entry in entries if due_in(entry.indicator, period)]
    targets = targets_for_indicators([e.indicator_id for e in entries], {period.year})
    rows = []
    for entry in entries:
        indicator = entry.indicator
        rules = rules_of(indicator, period.plan.annual_reporting_quarter)
        tgt = targets.get(indicator.pk, engine.Targets())
        observation = engine.Observation(
            period.year, period.quarter, entry.value, entry.numerator, entry.denominator, True
        )
        preview = engine.evaluate(
            rules, [observation], tgt, [period.key], thresholds_of(indicator.plan)
        )
        # A ratio's value is worked out from the numerator and denominator shown beside it.
        typed = 0 if rules.is_ratio else engine.exact_places(entry.value)
        rows.append(
            ReviewRow(
                entry=entry,
                quarter_target=engine.span_target(
                    rules, tgt, engine.covered(rules, period.key)
                ).value,
                preview=preview,
                places=engine.figure_places(
                    rules, preview.actual, preview.target, preview.baseline, least=typed
                ),
            )
        )
    history = quality_selectors.recent_values(period, [e.indicator_id for e in entries])
    for row in rows:
        row.history = history[row.entry.indicator_id]
    return rows


def entry_events(indicator: Indicator) -> list[EntryEvent]:
    """The audit trail of an indicator's entries, newest first (1 query)."""
    return list(
        EntryEvent.objects.filter(entry__indicator=indicator)
        .select_related("entry__period", "by")
        .order_by("-at", "-id")
    )
