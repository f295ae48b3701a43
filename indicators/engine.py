"""The achievement engine: every number Marsad shows comes from here.

Pure functions on plain values (Decimals, ints, tuples, small dataclasses): nothing here
touches the database, so every rule can be read, tested and checked by hand. The rules and
a worked example for each are in docs/achievement.md; the function names below match its
headings.

Percentages are Decimals on a 0–100 scale; coverage is a fraction from 0 to 1. Nothing is
rounded here: rounding is for display only (see ``display``).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from operator import itemgetter
from typing import NamedTuple

HUNDRED = Decimal(100)
ZERO = Decimal(0)
FOUR = Decimal(4)

Quarter = tuple[int, int]  # (year, quarter)


class Reason(StrEnum):
    """Why an achievement is undefined. Undefined is shown as such, never as 0%."""

    NOT_DUE = "not_due"  # the span holds no quarter yet
    NO_DATA = "no_data"  # no (approved) value in the span
    NO_TARGET = "no_target"  # a quarter of the span has no target
    TARGET_ZERO = "target_zero"  # a ratio to a zero target
    NO_BASELINE = "no_baseline"  # the baseline method without a baseline
    TARGET_EQUALS_BASELINE = "target_equals_baseline"  # no progress was asked for
    TARGET_BEHIND_BASELINE = "target_behind_baseline"  # the target goes the wrong way
    ZERO_DENOMINATOR = "zero_denominator"  # a ratio measure whose denominators add to 0
    NEGATIVE_VALUE = "negative_value"  # the ratio method cannot read negative values


class Status(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"


class Schedule(StrEnum):
    NOT_DUE = "not_due"
    ON_TRACK = "on_track"
    DELAYED = "delayed"
    DONE = "done"


@dataclass(frozen=True)
class Rules:
    """What the engine needs to know about an indicator."""

    measure: str  # number, percentage, ratio, currency, days
    direction: str  # increase, decrease, maintain
    aggregation: str  # sum, last, average
    method: str = "ratio"  # ratio, baseline
    baseline: Decimal | None = None
    tolerance: Decimal | None = None
    frequency: str = "quarterly"  # quarterly, semiannual, annual
    annual_quarter: int = 4  # the quarter in which a yearly indicator is due (the plan's)

    @property
    def is_ratio(self) -> bool:
        return self.measure == "ratio"

    @property
    def is_count(self) -> bool:
        """Summed quarter by quarter: its yearly target and baseline are pro-rated."""
        return self.aggregation == "sum" and not self.is_ratio


BY_QUARTER = itemgetter(0, 1)  # an Observation's (year, quarter), read at C speed


class Observation(NamedTuple):
    """One quarter's value; ratio measures carry their numerator and denominator."""

    year: int
    quarter: int
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    provisional: bool = False  # submitted, not yet approved

    @property
    def key(self) -> Quarter:
        return (self.year, self.quarter)


@dataclass(frozen=True)
class Targets:
    yearly: Mapping[int, Decimal] = field(default_factory=dict)
    quarterly: Mapping[Quarter, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Thresholds:
    green: Decimal = Decimal(90)
    amber: Decimal = Decimal(70)
    cap: Decimal = HUNDRED


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Amount:
    """An actual or a target over a span, or the reason there is none."""

    value: Decimal | None
    reason: Reason | None = None


@dataclass(frozen=True)
class Achievement:
    value: Decimal | None  # percent, unclipped
    reason: Reason | None = None

    @property
    def defined(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class IndicatorResult:
    actual: Decimal | None
    target: Decimal | None
    achievement: Decimal | None  # percent, unclipped
    reason: Reason | None
    status: Status
    reported: tuple[Quarter, ...]  # due quarters of the span with a value
    missing: tuple[Quarter, ...]  # due quarters of the span without one
    quarter_actual: Decimal | None  # the span's last quarter alone (None when not due)
    quarter_target: Decimal | None
    quarter_achievement: Decimal | None = None  # percent, unclipped
    provisional: bool = False  # a submitted (not approved) value was counted
    due: tuple[Quarter, ...] = ()  # the span's quarters in which a value is due
    # The baselines the actual and the quarter alone were compared with (``span_baseline``:
    # pro-rated for counts), so that the figures shown are the ones the score came from.
    baseline: Decimal | None = None
    quarter_baseline: Decimal | None = None

    @property
    def coverage(self) -> Decimal | None:
        """The share of the span's due quarters that have a value; None when none is due."""
        if not self.due:
            return None
        return Decimal(len(self.reported)) / Decimal(len(self.due))


@dataclass(frozen=True)
class Rollup:
    score: Decimal | None  # weighted mean of clipped scores, percent
    coverage: Decimal | None  # weighted mean of the children's coverage, 0–1; None: not due


@dataclass(frozen=True)
class Forecast:
    value: Decimal | None  # the projected actual at the end of the span
    achievement: Decimal | None
    reason: Reason | None
    status: Status
    heading_for_red: bool


@dataclass(frozen=True)
class ActivitySchedule:
    expected: Decimal  # percent of the planned duration elapsed
    status: Schedule


# --- Spans ---------------------------------------------------------------------------------


def quarter_end(year: int, quarter: int) -> date:
    """The last day of a quarter."""
    month = quarter * 3
    first_of_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    """Every quarter from ``first`` to ``last`` inclusive (empty when last < first)."""
    result = []
    year, quarter = first
    while (year, quarter) <= last:
        result.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return result


def span_quarters(
    first_year: int,
    last_year: int,
    *,
    year: int | None = None,
    quarter: int | None = None,
    latest_closed: Quarter | None = None,
) -> list[Quarter]:
    """The quarters a span covers (docs/achievement.md, "2. The span").

    - a quarter: the year to date through that quarter;
    - a year: its quarters up to the plan's latest closed period when the year is not over;
    - neither: the plan so far, from its first quarter to its latest closed period.
    """
    if quarter is not None:
        if year is None:
            raise ValueError("a quarter needs a year")
        return quarters_between((year, 1), (year, quarter))
    if year is not None:
        end: Quarter = (year, 4)
        if latest_closed is None:
            return []
        return quarters_between((year, 1), min(end, latest_closed))
    if latest_closed is None:
        return []
    return quarters_between((first_year, 1), min((last_year, 4), latest_closed))


# --- Due quarters ----------------------------------------------------------------------------


def is_due(rules: Rules, key: Quarter) -> bool:
    """Whether a value is due in a quarter: every quarter for ``quarterly`` indicators, Q2
    and Q4 for ``semiannual``, the plan's reporting quarter (Q4 by default) for ``annual``."""
    if rules.frequency == "semiannual":
        return key[1] in (2, 4)
    if rules.frequency == "annual":
        return key[1] == rules.annual_quarter
    return True


def due_quarters(rules: Rules, quarters: Sequence[Quarter]) -> list[Quarter]:
    """The quarters of a span in which the indicator is due, in order."""
    if rules.frequency == "quarterly":
        return list(quarters)
    return [key for key in quarters if is_due(rules, key)]


def covered(rules: Rules, key: Quarter) -> list[Quarter]:
    """The quarters a value due in ``key`` stands for: itself for a quarterly indicator, its
    half of the year for a half-yearly one, its whole year for a yearly one (a yearly value
    is the year's figure, whichever quarter the plan collects it in)."""
    year, quarter = key
    if rules.frequency == "semiannual":
        return [(year, quarter - 1), key] if quarter in (2, 4) else [key]
    if rules.frequency == "annual":
        return [(year, q) for q in (1, 2, 3, 4)]
    return [key]


def _covered_by(rules: Rules, keys: Iterable[Quarter]) -> list[Quarter]:
    """The quarters the values of ``keys`` stand for, in order, each once."""
    if rules.frequency == "quarterly":
        return list(keys)
    result: list[Quarter] = []
    for key in keys:
        result.extend(q for q in covered(rules, key) if q not in result)
    return result


# --- Actual and target of a span ---------------------------------------------------------------


def _in_span(observations: Iterable[Observation], quarters: Sequence[Quarter], rules: Rules):
    """The observations inside the span that carry a usable value, oldest first."""
    wanted = set(quarters)
    if rules.is_ratio:
        chosen = [
            o
            for o in observations
            if (o.year, o.quarter) in wanted
            and o.numerator is not None
            and o.denominator is not None
        ]
    else:
        chosen = [o for o in observations if (o.year, o.quarter) in wanted and o.value is not None]
    chosen.sort(key=BY_QUARTER)
    return chosen


def _ratio(numerator: Decimal, denominator: Decimal) -> Amount:
    if denominator == 0:
        return Amount(None, Reason.ZERO_DENOMINATOR)
    return Amount(numerator * HUNDRED / denominator)


def span_actual(
    rules: Rules, observations: Iterable[Observation], quarters: Sequence[Quarter]
) -> Amount:
    """The actual of a span from its quarterly values, by the indicator's aggregation.

    Ratio measures add numerators and denominators (Σn / Σd × 100) for ``sum`` and
    ``average``; ``last`` takes the last reported quarter's n / d. Never an average of
    percentages.
    """
    if not quarters:
        return Amount(None, Reason.NOT_DUE)
    return _actual_of(rules, _in_span(observations, quarters, rules))


def _actual_of(rules: Rules, chosen: Sequence[Observation]) -> Amount:
    """``span_actual`` of observations already chosen by ``_in_span``."""
    if not chosen:
        return Amount(None, Reason.NO_DATA)
    if rules.is_ratio:
        if rules.aggregation == "last":
            return _ratio(chosen[-1].numerator, chosen[-1].denominator)
        return _ratio(sum(o.numerator for o in chosen), sum(o.denominator for o in chosen))
    if rules.aggregation == "last":
        return Amount(chosen[-1].value)
    total = sum(o.value for o in chosen)
    if rules.aggregation == "sum":
        return Amount(total)
    return Amount(total / len(chosen))


def quarter_target(rules: Rules, targets: Targets, key: Quarter) -> Decimal | None:
    """One quarter's target: its own quarterly target when set; otherwise the year's,
    pro-rated (a quarter of it) for counts and taken whole for levels and ratios."""
    if key in targets.quarterly:
        return targets.quarterly[key]
    yearly = targets.yearly.get(key[0])
    if yearly is None:
        return None
    return yearly / FOUR if rules.is_count else yearly


def span_target(rules: Rules, targets: Targets, quarters: Sequence[Quarter]) -> Amount:
    """A span's target aggregates the quarter targets inside it as the values are aggregated:
    summed for counts, the last quarter's for ``last``, their mean for averages and ratios."""
    if not quarters:
        return Amount(None, Reason.NOT_DUE)
    if rules.aggregation == "last":
        value = quarter_target(rules, targets, quarters[-1])
        return Amount(value) if value is not None else Amount(None, Reason.NO_TARGET)
    # Quarters that take their year's target are counted per year, so that a long span costs
    # one multiplication per year rather than one division per quarter.
    total = ZERO
    whole_years: dict[int, int] = {}
    for key in quarters:
        if key in targets.quarterly:
            total += targets.quarterly[key]
        else:
            whole_years[key[0]] = whole_years.get(key[0], 0) + 1
    for year, count in whole_years.items():
        yearly = targets.yearly.get(year)
        if yearly is None:
            return Amount(None, Reason.NO_TARGET)
        total += yearly * count / FOUR if rules.is_count else yearly * count
    if rules.is_count:
        return Amount(total)
    return Amount(total / len(quarters))


def span_baseline(rules: Rules, quarters: Sequence[Quarter]) -> Decimal | None:
    """The baseline on the span's scale: a yearly count is pro-rated like its target."""
    if rules.baseline is None:
        return None
    if rules.is_count:
        return rules.baseline * len(quarters) / FOUR
    return rules.baseline


# --- Achievement ---------------------------------------------------------------------------


def achievement(
    rules: Rules,
    actual: Decimal | None,
    target: Decimal | None,
    baseline: Decimal | None = None,
) -> Achievement:
    """Achievement in percent, unclipped, or the reason it is undefined.

    ``baseline`` is the span's baseline (``span_baseline``); only the baseline method
    uses it.
    """
    if actual is None:
        return Achievement(None, Reason.NO_DATA)
    if target is None:
        return Achievement(None, Reason.NO_TARGET)
    if rules.direction == "maintain":
        return _maintain(actual, target, rules.tolerance or ZERO)
    if rules.method == "baseline":
        if baseline is None:
            return Achievement(None, Reason.NO_BASELINE)
        asked = target - baseline if rules.direction == "increase" else baseline - target
        if asked == 0:
            return Achievement(None, Reason.TARGET_EQUALS_BASELINE)
        if asked < 0:
            return Achievement(None, Reason.TARGET_BEHIND_BASELINE)
        done = actual - baseline if rules.direction == "increase" else baseline - actual
        return Achievement(done * HUNDRED / asked)
    if actual < 0 or target < 0:
        return Achievement(None, Reason.NEGATIVE_VALUE)
    if rules.direction == "increase":
        if target == 0:
            return Achievement(None, Reason.TARGET_ZERO)
        return Achievement(actual * HUNDRED / target)
    return Achievement(_decrease(actual, target))


def _decrease(actual: Decimal, target: Decimal) -> Decimal:
    """Less is better. At or above the target, target ÷ actual (100 % at the target, falling
    towards 0 as the actual grows); below it, each point of the target gained beyond it
    counts as it would for an increasing indicator: 100 × (2 − actual ÷ target), 200 % at
    zero. Continuous at the target and never rising with the actual (``target ÷ actual``
    alone would give 200 % for 0.01 against 0.02 and 100 % for 0). A zero target is met
    only by zero."""
    if target == 0:
        return HUNDRED if actual == 0 else ZERO
    if actual >= target:
        return target * HUNDRED / actual
    return HUNDRED * (2 - actual / target)


def _maintain(actual: Decimal, target: Decimal, tolerance: Decimal) -> Achievement:
    gap = abs(actual - target)
    if gap <= tolerance:
        return Achievement(HUNDRED)
    if target == 0:
        return Achievement(None, Reason.TARGET_ZERO)
    return Achievement(max(ZERO, HUNDRED * (1 - (gap - tolerance) / abs(target))))


def clip(value: Decimal, cap: Decimal = HUNDRED) -> Decimal:
    return max(ZERO, min(value, cap))


def status_of(score: Decimal | None, thresholds: Thresholds, *, due: bool = True) -> Status:
    if score is None or not due:
        return Status.GREY
    if score >= thresholds.green:
        return Status.GREEN
    if score >= thresholds.amber:
        return Status.AMBER
    return Status.RED


def evaluate(
    rules: Rules,
    observations: Iterable[Observation],
    targets: Targets,
    quarters: Sequence[Quarter],
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> IndicatorResult:
    """Everything about one indicator over one span.

    Like is compared with like: the actual is compared with the target of the quarters
    that reported. A quarter without a value is neither counted as zero (which would
    punish an increasing count and reward a decreasing one) nor filled in; it is listed in
    ``missing`` so that the gap shows beside the score.
    """
    due = due_quarters(rules, quarters)
    if not due:
        # Nothing is due in the span (it is empty, or a yearly indicator's reporting quarter
        # is still ahead): not due, neither missing nor counted in coverage.
        return IndicatorResult(
            actual=None,
            target=None,
            achievement=None,
            reason=Reason.NOT_DUE,
            status=Status.GREY,
            reported=(),
            missing=(),
            quarter_actual=None,
            quarter_target=None,
        )
    used = _in_span(observations, due, rules)
    reported = tuple((o.year, o.quarter) for o in used)
    reported_set = set(reported)
    # Each value stands for the quarters it covers (a half-yearly count's Q2 value for Q1
    # and Q2): the target and baseline are those of the quarters covered.
    compared = _covered_by(rules, reported or due)
    actual = _actual_of(rules, used)
    target = span_target(rules, targets, compared)
    baseline = span_baseline(rules, compared)
    result = achievement(rules, actual.value, target.value, baseline)
    # The reason shown is the first thing that stops the calculation.
    reason = None
    if not result.defined:
        stops_early = actual.reason == Reason.ZERO_DENOMINATOR
        reason = actual.reason if stops_early else result.reason
    last = quarters[-1]
    quarter_actual = quarter_target = quarter_achievement = quarter_baseline = None
    if is_due(rules, last):
        in_last = [o for o in used if (o.year, o.quarter) == last]
        alone = covered(rules, last)
        quarter_actual = _actual_of(rules, in_last).value
        quarter_target = span_target(rules, targets, alone).value
        quarter_baseline = span_baseline(rules, alone)
        quarter_achievement = achievement(
            rules, quarter_actual, quarter_target, quarter_baseline
        ).value
    return IndicatorResult(
        actual=actual.value,
        target=target.value,
        achievement=result.value,
        reason=reason,
        status=status_of(result.value, thresholds),
        reported=reported,
        missing=tuple(q for q in due if q not in reported_set),
        quarter_actual=quarter_actual,
        quarter_target=quarter_target,
        quarter_achievement=quarter_achievement,
        provisional=any(o.provisional for o in used),
        due=tuple(due),
        baseline=baseline,
        quarter_baseline=quarter_baseline,
    )


def quarter_scores(
    rules: Rules,
    observations: Iterable[Observation],
    targets: Targets,
    quarters: Sequence[Quarter],
) -> list[Decimal | None]:
    """Each quarter's own achievement (unclipped; None where undefined), for trend lines.

    The same as ``evaluate(..., [quarter]).achievement`` for each quarter, without the rest;
    a quarter in which the indicator is not due has none.
    """
    by_key = {
        (o.year, o.quarter): o for o in _in_span(observations, due_quarters(rules, quarters), rules)
    }
    scores: list[Decimal | None] = []
    for key in quarters:
        obs = by_key.get(key)
        if obs is None:
            scores.append(None)
            continue
        actual = _actual_of(rules, [obs]).value
        alone = covered(rules, key)
        target = span_target(rules, targets, alone).value
        scores.append(achievement(rules, actual, target, span_baseline(rules, alone)).value)
    return scores


def closest_to_target(achievements: Mapping) -> object | None:
    """Of several achievements (say, against each scenario), the key of the one nearest
    100% — the scenario reality is tracking most closely; None when none is defined."""
    defined = {key: value for key, value in achievements.items() if value is not None}
    if not defined:
        return None
    return min(defined, key=lambda key: (abs(defined[key] - HUNDRED), str(key)))


# --- Roll-up -------------------------------------------------------------------------------


def rollup(
    children: Iterable[tuple[Decimal, Decimal | None, Decimal | None]], cap: Decimal = HUNDRED
) -> Rollup:
    """Each child is (weight, score, coverage). The score is the weighted mean of the
    children's scores, each clipped to [0, cap]; the coverage the weighted mean of their
    coverage (an indicator's: the share of its due quarters with a value).

    Children without a score are left out of the score's mean, children with nothing due
    (coverage None) out of the coverage's; with nothing due anywhere the coverage is None.
    """
    scored_weight = ZERO
    weighted = ZERO
    due_weight = ZERO
    covered_weight = ZERO
    for weight, score, coverage in children:
        if coverage is not None:
            due_weight += weight
            covered_weight += weight * coverage
        if score is None:
            continue
        scored_weight += weight
        weighted += weight * clip(score, cap)
    score = weighted / scored_weight if scored_weight else None
    return Rollup(score, covered_weight / due_weight if due_weight else None)


# --- Forecast ------------------------------------------------------------------------------


def _trend(points: Sequence[tuple[int, Decimal]], at: int) -> Decimal:
    """Least-squares line through (index, value) points, read at index ``at``."""
    if len(points) == 1:
        return points[0][1]
    n = Decimal(len(points))
    xs = [Decimal(x) for x, _ in points]
    ys = [y for _, y in points]
    mean_x = sum(xs) / n
    mean_y = sum(ys) / n
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return mean_y + slope * (Decimal(at) - mean_x)


def _index(key: Quarter) -> int:
    return key[0] * 4 + key[1] - 1


def forecast(
    rules: Rules,
    observations: Iterable[Observation],
    targets: Targets,
    quarters: Sequence[Quarter],
    through: Quarter,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Forecast:
    """Where the indicator will stand at the end of ``quarters`` (a year, or the whole
    plan) if it goes on as it has through ``through``.

    - counts (sum): the average reported quarter, for every quarter of the span (like is
      compared with like: a quarter without a value is not counted as nothing);
    - ``last``: the straight-line trend of the last four values, read at the final quarter;
    - ``average`` and ratios added up: the rate so far carries on.
    """
    due = due_quarters(rules, quarters)
    past = [q for q in due if q <= through]
    used = _in_span(observations, past, rules)
    target = span_target(rules, targets, quarters)
    if not used:
        return Forecast(None, None, Reason.NO_DATA, Status.GREY, False)
    if rules.aggregation == "last":
        recent = used[-4:]
        points = []
        for obs in recent:
            value = _ratio(obs.numerator, obs.denominator).value if rules.is_ratio else obs.value
            if value is not None:
                points.append((_index(obs.key), value))
        if not points:
            return Forecast(None, None, Reason.ZERO_DENOMINATOR, Status.GREY, False)
        projected = _trend(points, _index(quarters[-1]))
    elif rules.is_ratio:
        projected = _actual_of(rules, used).value
        if projected is None:
            return Forecast(None, None, Reason.ZERO_DENOMINATOR, Status.GREY, False)
    else:
        values = [o.value for o in used]
        mean = sum(values) / len(values)
        # A count's average reported value, for every value due in the span.
        projected = mean * len(due) if rules.is_count else mean
    result = achievement(rules, projected, target.value, span_baseline(rules, quarters))
    status = status_of(result.value, thresholds)
    return Forecast(projected, result.value, result.reason, status, status == Status.RED)


# --- Distance to the plan's end target -----------------------------------------------------


@dataclass(frozen=True)
class EndDistance:
    """Where an indicator stands against the plan's end target (docs/achievement.md,
    "7a. Distance to the plan's end target")."""

    actual: Decimal | None  # the actual so far: every due value from the plan's start
    target: Decimal | None  # the end target: the target of the whole plan
    reached: Decimal | None  # percent of the end target reached, unclipped
    remaining: Decimal | None  # what is left to reach it, in the indicator's unit (0: reached)
    reason: Reason | None = None


def _left(rules: Rules, actual: Decimal, target: Decimal) -> Decimal:
    """What separates an actual from a target in the indicator's direction, never below 0."""
    if rules.direction == "maintain":
        return max(ZERO, abs(actual - target) - (rules.tolerance or ZERO))
    if rules.direction == "decrease":
        return max(ZERO, actual - target)
    return max(ZERO, target - actual)


def to_plan_end(
    rules: Rules,
    observations: Iterable[Observation],
    targets: Targets,
    plan_quarters: Sequence[Quarter],
    through: Quarter,
) -> EndDistance:
    """The actual so far (the plan's due values through ``through``, aggregated as always)
    against the end target (``span_target`` of every quarter of the plan: the sum of all
    the years' targets for a count, the final year's last target for ``last``, their mean
    for averages and ratios), the percent of it reached (``achievement``, baseline method
    included) and what is left to reach it."""
    if not plan_quarters:
        return EndDistance(None, None, None, None, Reason.NOT_DUE)
    target = span_target(rules, targets, plan_quarters)
    past = [q for q in due_quarters(rules, plan_quarters) if q <= through]
    actual = _actual_of(rules, _in_span(observations, past, rules)) if past else None
    if actual is None:
        return EndDistance(None, target.value, None, None, Reason.NOT_DUE)
    result = achievement(rules, actual.value, target.value, span_baseline(rules, plan_quarters))
    remaining = (
        _left(rules, actual.value, target.value)
        if actual.value is not None and target.value is not None
        else None
    )
    reason = actual.reason if actual.reason == Reason.ZERO_DENOMINATOR else result.reason
    return EndDistance(actual.value, target.value, result.value, remaining, reason)


# --- Activities ----------------------------------------------------------------------------


def activity_schedule(
    planned_start: date,
    planned_end: date,
    as_of: date,
    percent_complete: Decimal | None,
    slack: Decimal = Decimal(10),
) -> ActivitySchedule:
    """Expected progress is the elapsed share of the planned duration; an activity is on
    track while its reported percent complete is within ``slack`` points of that, and
    delayed once its planned end has passed without it being done."""
    duration = (planned_end - planned_start).days
    if as_of < planned_start:
        expected = ZERO
    elif as_of >= planned_end or duration <= 0:
        expected = HUNDRED
    else:
        expected = Decimal((as_of - planned_start).days) * HUNDRED / Decimal(duration)
    done = percent_complete or ZERO
    if done >= HUNDRED:
        return ActivitySchedule(expected, Schedule.DONE)
    if expected == 0:
        return ActivitySchedule(expected, Schedule.NOT_DUE)
    if as_of > planned_end:
        return ActivitySchedule(expected, Schedule.DELAYED)  # past its end and not done
    if done >= expected - slack:
        return ActivitySchedule(expected, Schedule.ON_TRACK)
    return ActivitySchedule(expected, Schedule.DELAYED)


# --- Display -------------------------------------------------------------------------------


def display(value: Decimal | None, places: int = 1) -> str | None:
    """A number rounded for people (half away from zero), as text; None stays None."""
    if value is None:
        return None
    return str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


RECOMPUTE_TOLERANCE = Decimal("0.1")  # points of achievement


def figure_places(
    rules: Rules,
    actual: Decimal | None,
    target: Decimal | None,
    baseline: Decimal | None = None,
    *,
    places: int = 1,
    most: int = 6,
    least: int = 0,
) -> int:
    """How many decimals to show an actual and its target (and baseline) with, so that a
    reader who recomputes the achievement from the figures as displayed finds the
    achievement as displayed (``places`` decimals) to within 0.1 point: never "actual 75,
    target 75, achievement 100.1 %". The fewest that do, from ``least`` (say, the decimals
    a typed value has, to show it whole) to ``most``.

    When the achievement is undefined, the fewest decimals (at most ``places``, at least
    ``least``) that show the figures exactly, else ``places``.
    """
    value = achievement(rules, actual, target, baseline).value
    if value is None:
        shown = [v for v in (actual, target) if v is not None]
        for candidate in range(least, places + 1):
            if all(_rounded(v, candidate) == v for v in shown):
                return candidate
        return max(places, least)
    displayed = _rounded(value, places)
    for candidate in range(least, most + 1):
        again = achievement(
            rules,
            _rounded(actual, candidate),
            _rounded(target, candidate),
            None if baseline is None else _rounded(baseline, candidate),
        ).value
        if again is not None and abs(again - displayed) < RECOMPUTE_TOLERANCE:
            return candidate
    return max(most, least)


def result_places(rules: Rules, result: IndicatorResult, *, places: int = 1) -> tuple[int, int]:
    """``figure_places`` of a result: for its actual, target and baseline over the span,
    and for its quarter alone. Worked out where figures are shown (pages, reports), not in
    ``evaluate``, which a ministry-scale tree calls thousands of times."""
    return (
        figure_places(rules, result.actual, result.target, result.baseline, places=places),
        figure_places(
            rules,
            result.quarter_actual,
            result.quarter_target,
            result.quarter_baseline,
            places=places,
        ),
    )


def exact_places(value: Decimal | None, most: int = 6) -> int:
    """The fewest decimals that show ``value`` as it is (at most ``most``): 250 → 0,
    12.50 → 1, 0.0125 → 4."""
    if value is None or not value.is_finite():
        return 0
    exponent = value.normalize().as_tuple().exponent
    return max(0, min(most, -exponent))


def _rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# --- Disaggregation: a grid of cells and its total (docs/disaggregation.md) ----------------


class TotalRule(StrEnum):
    SUM = "sum"  # a count: the total is the sum of the cells
    RATIO = "ratio"  # a ratio: Σ numerators / Σ denominators
    ENTERED = "entered"  # a level or an average: entered directly, checked against the cells


def total_rule(measure: str, aggregation: str) -> TotalRule:
    """How a disaggregated indicator's total comes from its cells: a ratio from the sums of
    numerators and denominators; a count (summed over quarters) as the sum of the cells; a
    level (a percentage, or an indicator whose year is its last or average quarter) is not
    the sum of its parts, so it is entered and must lie between the smallest and the
    largest cell."""
    if measure == "ratio":
        return TotalRule.RATIO
    if measure != "percentage" and aggregation == "sum":
        return TotalRule.SUM
    return TotalRule.ENTERED


def cells_total(
    rule: TotalRule, cells: Iterable[tuple[Decimal | None, Decimal | None, Decimal | None]]
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """The total (value, numerator, denominator) of cells given as (value, numerator,
    denominator); (None, None, None) when the rule is ENTERED or no cell is given."""
    cells = list(cells)
    if not cells or rule == TotalRule.ENTERED:
        return None, None, None
    if rule == TotalRule.RATIO:
        numerator = sum((c[1] for c in cells), Decimal(0))
        denominator = sum((c[2] for c in cells), Decimal(0))
        if denominator == 0:
            return None, numerator, denominator
        return (numerator * 100 / denominator).quantize(Decimal("0.0001")), numerator, denominator
    return sum((c[0] for c in cells), Decimal(0)), None, None


def entered_total_fits(total: Decimal, cells: Iterable[Decimal]) -> bool:
    """An entered total (a level, an average) lies between its smallest and largest cell."""
    values = list(cells)
    return not values or min(values) <= total <= max(values)


def option_amounts(
    rule: TotalRule, cells: Mapping[tuple[int, int | None], tuple], axis: int
) -> dict[int, tuple[Decimal | None, Decimal | None, Decimal | None]]:
    """Each option's own figures along one axis (0: the first dimension, 1: the second):
    the cells of the option added up by the rule (for an entered level, the mean of the
    option's cells)."""
    grouped: dict[int, list] = {}
    for key, figures in cells.items():
        option = key[axis]
        if option is not None:
            grouped.setdefault(option, []).append(figures)
    found = {}
    for option, figures in grouped.items():
        if rule == TotalRule.ENTERED:
            values = [f[0] for f in figures]
            mean = (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.0001"))
            found[option] = (mean, None, None)
        else:
            found[option] = cells_total(rule, figures)
    return found
