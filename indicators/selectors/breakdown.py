"""Disaggregation on the indicator page and in reports (docs/disaggregation.md): a year's
actual per option, from the cells in force, and its achievement where the option has a
target of its own. Separate from ``achievement_tree``: every roll-up stays on totals."""

from dataclasses import dataclass
from decimal import Decimal

from indicators import engine
from indicators.grid import options_by_dimension
from indicators.models import OptionTarget, ProgressEntry


@dataclass
class OptionRow:
    option: object  # DimensionOption
    actual: Decimal | None
    target: Decimal | None
    achievement: Decimal | None  # unclipped percent, None without a target
    share: Decimal | None  # a count's part of the total, in percent
    places: int = 0  # the decimals its actual and target are shown with (figure_places)


@dataclass
class Breakdown:
    dimension: object
    year: int
    rows: list[OptionRow]
    rule: engine.TotalRule
    measure: str
    chart: object = None  # drawn by the page (plans.charts.bar_chart)
    # An option has no baseline of its own: measured from the indicator's baseline, no
    # option's achievement is worked out (the page says so).
    from_baseline: bool = False


def option_observations(indicator, entries, axis: int) -> dict[int, dict[int, list]]:
    """{year: {option id: [Observation]}} from the cells in force of ``entries`` along one
    axis (no query)."""
    rule = engine.total_rule(indicator.measure, indicator.aggregation)
    found: dict[int, dict[int, list]] = {}
    for entry in entries:
        if entry.indicator_id != indicator.pk:
            continue  # a predecessor's values carry no cells of this plan's options
        cells = {}
        for key, figures in entry.cells_in_force.items():
            parts = [int(p) for p in key.split(":")]
            option_key = (parts[0], parts[1] if len(parts) > 1 else None)
            cells[option_key] = tuple(
                None if figures.get(n) is None else Decimal(figures[n])
                for n in ("value", "numerator", "denominator")
            )
        period = entry.period
        for option, figures in engine.option_amounts(rule, cells, axis).items():
            found.setdefault(period.year, {}).setdefault(option, []).append(
                engine.Observation(period.year, period.quarter, *figures)
            )
    return found


def indicator_breakdown(indicator, entries: list[ProgressEntry]) -> list[Breakdown]:
    """Per dimension of the indicator, the latest year with cells in force: each option's
    actual over the year (the indicator's aggregation), its share of the total for a count,
    and its achievement against its own target where one is set (2 queries; none for an
    indicator that is not broken down)."""
    from indicators.selectors.achievement import rules_of  # it imports the pages

    if not indicator.disaggregated:
        return []
    options = options_by_dimension([indicator])
    targets = {
        (t.option_id, t.year): t.value for t in OptionTarget.objects.filter(indicator=indicator)
    }
    rules = rules_of(indicator)
    found = []
    for axis, dimension in enumerate(indicator.dimensions):
        by_year = option_observations(indicator, entries, axis)
        if not by_year:
            continue
        year = max(by_year)
        quarters = engine.quarters_between((year, 1), (year, 4))
        actuals = {
            option: engine.span_actual(rules, observations, quarters).value
            for option, observations in by_year[year].items()
        }
        total = sum((a for a in actuals.values() if a is not None), Decimal(0))
        rows = []
        for option in options.get(dimension.pk, []):
            actual = actuals.get(option.pk)
            target = targets.get((option.pk, year))
            from_baseline = rules.method == "baseline"
            score = None
            if target is not None and not from_baseline:
                score = engine.achievement(rules, actual, target).value
            share = None
            if rules.aggregation == "sum" and not rules.is_ratio and actual is not None and total:
                share = actual * 100 / total
            places = engine.figure_places(rules, actual, None if from_baseline else target)
            rows.append(OptionRow(option, actual, target, score, share, places))
        rule = engine.total_rule(indicator.measure, indicator.aggregation)
        found.append(
            Breakdown(
                dimension,
                year,
                rows,
                rule,
                indicator.measure,
                from_baseline=rules.method == "baseline",
            )
        )
    return found


@dataclass
class CellLine:
    """One cell in force of a disaggregated indicator, for the report's workbook."""

    code: str
    title: str
    year: int
    quarter: int
    first: str  # the first dimension's option, by name
    second: str  # the second's, or empty
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None


def span_cells(indicators, quarters) -> list[CellLine]:
    """The cells in force of the disaggregated ones among ``indicators`` over the span's
    ``quarters``, by indicator, quarter and option order (1 query, and 2 more when an
    indicator is broken down)."""
    if not quarters:
        return []
    # Read again, not from ``indicators``: the achievement tree loads only the fields it
    # scores with, and reading a deferred field would be a query per indicator.
    from indicators.models import Indicator

    broken = list(
        Indicator.objects.filter(pk__in=[i.pk for i in indicators], dimension_1__isnull=False)
    )
    if not broken:
        return []
    options = {o.pk: o for found in options_by_dimension(broken).values() for o in found}
    years = {year for year, _quarter in quarters}
    wanted = set(quarters)
    by_id = {i.pk: i for i in broken}
    lines = []
    entries = (
        ProgressEntry.objects.in_force()
        .filter(indicator_id__in=by_id, period__year__in=years)
        .select_related("period")
        .order_by("period__year", "period__quarter")
    )
    for entry in entries:
        key = (entry.period.year, entry.period.quarter)
        if key not in wanted:
            continue
        indicator = by_id[entry.indicator_id]
        found = []
        for cell, figures in entry.cells_in_force.items():
            ids = [int(p) for p in cell.split(":")]
            first = options.get(ids[0])
            second = options.get(ids[1]) if len(ids) > 1 else None
            if first is None:
                continue
            found.append(
                (
                    (first.order, second.order if second else 0),
                    CellLine(
                        indicator.code, indicator.title, *key, first.name,
                        second.name if second else "",
                        *(None if figures.get(n) is None else Decimal(figures[n])
                          for n in ("value", "numerator", "denominator")),
                    ),
                )
            )  # fmt: skip
        lines.extend(line for _order, line in sorted(found, key=lambda pair: pair[0]))
    lines.sort(key=lambda line: (line.code, line.year, line.quarter))
    return lines
