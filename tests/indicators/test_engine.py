"""The achievement engine on the worked examples of docs/achievement.md, its edge cases
and its properties. Expected values were worked out by hand (shown in the comments)."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from indicators import engine
from indicators.engine import (
    Observation,
    Reason,
    Rules,
    Schedule,
    Status,
    Targets,
    Thresholds,
    achievement,
    activity_schedule,
    display,
    evaluate,
    forecast,
    rollup,
    span_actual,
    span_quarters,
    span_target,
    status_of,
)


def obs(year, quarter, value=None, numerator=None, denominator=None, provisional=False):
    return Observation(
        year,
        quarter,
        None if value is None else D(str(value)),
        None if numerator is None else D(str(numerator)),
        None if denominator is None else D(str(denominator)),
        provisional,
    )


def pct(value, places=4):
    return display(value, places)


COUNT_UP = Rules("number", "increase", "sum")
COUNT_DOWN = Rules("number", "decrease", "sum")

# --- Worked examples (docs/achievement.md) ------------------------------------------------


def test_example_1_count_year_to_date_with_a_pro_rated_yearly_target():
    # Infiltration attempts foiled, 2021 target 160; Q1 30, Q2 45, Q3 38.
    # Actual 113; target 160 × 3/4 = 120; 113 / 120 = 94.1667 % → green.
    result = evaluate(
        COUNT_UP,
        [obs(2021, 1, 30), obs(2021, 2, 45), obs(2021, 3, 38)],
        Targets(yearly={2021: D(160)}),
        span_quarters(2019, 2023, year=2021, quarter=3),
    )
    assert result.actual == D(113)
    assert result.target == D(120)
    assert pct(result.achievement) == "94.1667"
    assert result.status == Status.GREEN


def test_example_2_decreasing_count():
    # Recorded offences, 2021 target 36,000; Q1 9,500, Q2 9,100.
    # Actual 18,600; target 18,000; 18,000 / 18,600 = 96.7742 % → green.
    result = evaluate(
        COUNT_DOWN,
        [obs(2021, 1, 9500), obs(2021, 2, 9100)],
        Targets(yearly={2021: D(36000)}),
        span_quarters(2019, 2023, year=2021, quarter=2),
    )
    assert (result.actual, result.target) == (D(18600), D(18000))
    assert pct(result.achievement) == "96.7742"


def test_example_3_decrease_beyond_the_target_scores_like_an_increase_beyond_it():
    # Fire deaths, target 5. At the target 100 %; above it target ÷ actual: 8 → 62.5 %;
    # below it 100 × (2 − actual ÷ target): 4 → 120 %, 0 → 200 % (100 % once clipped).
    assert achievement(COUNT_DOWN, D(5), D(5)).value == D(100)
    assert achievement(COUNT_DOWN, D(8), D(5)).value == D("62.5")
    assert achievement(COUNT_DOWN, D(4), D(5)).value == D(120)
    assert achievement(COUNT_DOWN, D(0), D(5)).value == D(200)
    assert rollup([(D(1), D(200))]).score == D(100)


def test_decrease_near_zero_is_monotonic_the_counterexample():
    # Found by test_achievement_is_monotonic_in_the_actual: with target ÷ actual alone,
    # 0.01 against 0.02 scored 200 % while 0 scored 100 %.
    assert achievement(COUNT_DOWN, D("0.01"), D("0.02")).value == D(150)
    assert achievement(COUNT_DOWN, D(0), D("0.02")).value == D(200)
    assert achievement(COUNT_DOWN, D("0.04"), D("0.02")).value == D(50)


def test_example_4_progress_from_baseline_on_a_level():
    # Border under surveillance: baseline 35 %, 2021 target 61 %, Q1 48, Q2 50, Q3 52.
    # Last value 52; (52 − 35) / (61 − 35) = 17 / 26 = 65.3846 % → red.
    # The ratio method would say 52 / 61 = 85.2 % and hide how little was done.
    rules = Rules("percentage", "increase", "last", "baseline", baseline=D(35))
    result = evaluate(
        rules,
        [obs(2021, 1, 48), obs(2021, 2, 50), obs(2021, 3, 52)],
        Targets(yearly={2021: D(61)}),
        span_quarters(2019, 2023, year=2021, quarter=3),
    )
    assert (result.actual, result.target) == (D(52), D(61))
    assert pct(result.achievement) == "65.3846"
    assert result.status == Status.RED


def test_example_5_average_of_a_decreasing_duration():
    # Days to issue a passport, 2022 target 11.5; Q1 14, Q2 12, Q3 11.
    # Average 37 / 3 = 12.3333; 11.5 / 12.3333 = 93.2432 % → green.
    rules = Rules("days", "decrease", "average")
    result = evaluate(
        rules,
        [obs(2022, 1, 14), obs(2022, 2, 12), obs(2022, 3, 11)],
        Targets(yearly={2022: D("11.5")}),
        span_quarters(2019, 2023, year=2022, quarter=3),
    )
    assert pct(result.actual) == "12.3333"
    assert result.target == D("11.5")
    assert pct(result.achievement) == "93.2432"


def test_example_6_ratio_adds_numerators_and_denominators():
    # Crimes solved: Q1 5,400 of 9,000 (60 %), Q2 5,000 of 8,000 (62.5 %); target 63.75 %.
    # Σn / Σd = 10,400 / 17,000 = 61.1765 % (an average of the percentages would say 61.25).
    # 61.1765 / 63.75 = 95.9631 %.
    rules = Rules("ratio", "increase", "sum")
    result = evaluate(
        rules,
        [
            obs(2020, 1, numerator=5400, denominator=9000),
            obs(2020, 2, numerator=5000, denominator=8000),
        ],
        Targets(yearly={2020: D("63.75")}),
        span_quarters(2019, 2023, year=2020, quarter=2),
    )
    assert pct(result.actual) == "61.1765"
    assert result.target == D("63.75")
    assert pct(result.achievement) == "95.9631"


def test_example_7_maintain_within_a_tolerance():
    # Equipment readiness, target 95 %, tolerance 3 points.
    rules = Rules("percentage", "maintain", "average", tolerance=D(3))
    assert achievement(rules, D("93.5"), D(95)).value == D(100)  # inside the band
    assert achievement(rules, D(98), D(95)).value == D(100)  # the band's edge
    # 89: 6 points off, 3 beyond the band: 100 × (1 − 3/95) = 96.8421 %.
    assert pct(achievement(rules, D(89), D(95)).value) == "96.8421"
    # 50: 45 off, 42 beyond: 100 × (1 − 42/95) = 55.7895 %.
    assert pct(achievement(rules, D(50), D(95)).value) == "55.7895"
    # Never below zero.
    assert achievement(rules, D(300), D(95)).value == D(0)


def test_example_8_quarterly_targets_are_used_when_set():
    # Border posts: 2022 quarterly targets 3, 4, 5, 4 (yearly 16); Q1 3, Q2 2.
    # Target Q1+Q2 = 7 (pro-rating 16 would give 8); 5 / 7 = 71.4286 % → amber.
    result = evaluate(
        COUNT_UP,
        [obs(2022, 1, 3), obs(2022, 2, 2)],
        Targets(
            yearly={2022: D(16)},
            quarterly={(2022, 1): D(3), (2022, 2): D(4), (2022, 3): D(5), (2022, 4): D(4)},
        ),
        span_quarters(2019, 2023, year=2022, quarter=2),
    )
    assert (result.actual, result.target) == (D(5), D(7))
    assert pct(result.achievement) == "71.4286"
    assert result.status == Status.AMBER


def test_example_9_rollup_clips_weights_and_reports_coverage():
    # 94.1667 (weight 1), 120 clipped to 100 (weight 1), undefined (weight 2):
    # (94.1667 + 100) / 2 = 97.0833 %; coverage 2 / 4 = 0.5.
    result = rollup([(D(1), D(113) * 100 / D(120)), (D(1), D(120)), (D(2), None)])
    assert pct(result.score) == "97.0833"
    assert result.coverage == D("0.5")


def test_example_10_status_thresholds():
    assert status_of(D(90), Thresholds()) == Status.GREEN
    assert status_of(D("89.99"), Thresholds()) == Status.AMBER
    assert status_of(D(70), Thresholds()) == Status.AMBER
    assert status_of(D("69.99"), Thresholds()) == Status.RED
    assert status_of(None, Thresholds()) == Status.GREY
    assert status_of(D(95), Thresholds(), due=False) == Status.GREY
    assert status_of(D(85), Thresholds(green=D(80), amber=D(60))) == Status.GREEN


def test_example_11_forecasts():
    # A count: 113 in three quarters, 37.6667 a quarter, 150.6667 in the year;
    # against 160: 94.1667 % → green.
    year = engine.quarters_between((2021, 1), (2021, 4))
    values = [obs(2021, 1, 30), obs(2021, 2, 45), obs(2021, 3, 38)]
    result = forecast(COUNT_UP, values, Targets(yearly={2021: D(160)}), year, (2021, 3))
    assert pct(result.value) == "150.6667"
    assert pct(result.achievement) == "94.1667"
    assert not result.heading_for_red
    # A level rising 2 points a quarter (48, 50, 52) reaches 54 in Q4:
    # (54 − 35) / (61 − 35) = 73.0769 % → amber.
    rules = Rules("percentage", "increase", "last", "baseline", baseline=D(35))
    values = [obs(2021, 1, 48), obs(2021, 2, 50), obs(2021, 3, 52)]
    result = forecast(rules, values, Targets(yearly={2021: D(61)}), year, (2021, 3))
    assert result.value == D(54)
    assert pct(result.achievement) == "73.0769"
    assert result.status == Status.AMBER


def test_example_11_forecast_flags_what_is_heading_for_red():
    year = engine.quarters_between((2021, 1), (2021, 4))
    values = [obs(2021, 1, 20), obs(2021, 2, 22)]
    result = forecast(COUNT_UP, values, Targets(yearly={2021: D(160)}), year, (2021, 2))
    # 21 a quarter → 84 in the year; 84 / 160 = 52.5 % → red.
    assert result.value == D(84)
    assert result.achievement == D("52.5")
    assert result.heading_for_red


def test_example_12_activity_schedule():
    # 1 March → 31 October is 244 days; on 30 June 121 have passed: 49.5902 % expected.
    start, end = date(2021, 3, 1), date(2021, 10, 31)
    late = activity_schedule(start, end, date(2021, 6, 30), D(35))
    assert pct(late.expected) == "49.5902"
    assert late.status == Schedule.DELAYED  # 35 < 49.59 − 10
    assert activity_schedule(start, end, date(2021, 6, 30), D(40)).status == Schedule.ON_TRACK
    assert activity_schedule(start, end, date(2021, 2, 1), D(0)).status == Schedule.NOT_DUE
    assert activity_schedule(start, end, date(2021, 6, 30), D(100)).status == Schedule.DONE
    overdue = activity_schedule(start, end, date(2021, 12, 31), D(95))
    assert (overdue.expected, overdue.status) == (D(100), Schedule.DELAYED)


# --- Spans ----------------------------------------------------------------------------------


def test_span_with_a_quarter_is_the_year_to_date():
    assert span_quarters(2019, 2023, year=2021, quarter=3) == [(2021, 1), (2021, 2), (2021, 3)]


def test_span_of_a_year_stops_at_the_latest_closed_period():
    assert span_quarters(2019, 2023, year=2023, latest_closed=(2023, 3)) == [
        (2023, 1),
        (2023, 2),
        (2023, 3),
    ]
    assert len(span_quarters(2019, 2023, year=2021, latest_closed=(2023, 3))) == 4
    assert span_quarters(2019, 2023, year=2023, latest_closed=(2022, 4)) == []


def test_span_of_the_plan_runs_from_its_start_to_the_latest_closed_period():
    quarters = span_quarters(2019, 2023, latest_closed=(2023, 3))
    assert quarters[0] == (2019, 1) and quarters[-1] == (2023, 3) and len(quarters) == 19
    assert span_quarters(2019, 2023, latest_closed=None) == []


def test_span_target_rules_per_aggregation():
    yearly = Targets(yearly={2020: D(100), 2021: D(200)})
    two_years = engine.quarters_between((2020, 1), (2021, 2))
    assert span_target(COUNT_UP, yearly, two_years).value == D(200)  # 100 + 200 × 2/4
    assert span_target(Rules("number", "increase", "last"), yearly, two_years).value == D(200)
    # Average: each quarter's target is its year's, and they are averaged: (4×100 + 2×200)/6.
    assert pct(span_target(Rules("number", "increase", "average"), yearly, two_years).value) == (
        "133.3333"
    )
    # Ratios are never pro-rated.
    assert span_target(Rules("ratio", "increase", "sum"), yearly, [(2020, 1)]).value == D(100)


def test_a_quarterly_target_overrides_only_its_own_quarter():
    targets = Targets(yearly={2020: D(100)}, quarterly={(2020, 2): D(40)})
    quarters = engine.quarters_between((2020, 1), (2020, 3))
    assert span_target(COUNT_UP, targets, quarters).value == D(90)  # 25 + 40 + 25


# --- Edge cases -----------------------------------------------------------------------------


def test_zero_target_on_an_increasing_indicator_is_undefined():
    assert achievement(COUNT_UP, D(5), D(0)) == engine.Achievement(None, Reason.TARGET_ZERO)


def test_zero_actual_on_a_decreasing_indicator_meets_a_zero_target():
    assert achievement(COUNT_DOWN, D(0), D(0)).value == D(100)
    assert achievement(COUNT_DOWN, D(4), D(0)).value == D(0)


def test_target_equal_to_the_baseline_is_undefined():
    rules = Rules("number", "increase", "last", "baseline", baseline=D(10))
    assert achievement(rules, D(12), D(10), D(10)).reason == Reason.TARGET_EQUALS_BASELINE


def test_baseline_method_without_a_baseline_is_undefined():
    rules = Rules("number", "increase", "last", "baseline")
    assert achievement(rules, D(12), D(15), None).reason == Reason.NO_BASELINE


def test_baseline_method_goes_below_zero_when_things_get_worse():
    rules = Rules("number", "increase", "last", "baseline", baseline=D(50))
    # Falling from 50 to 40 when 60 was asked: (40 − 50) / (60 − 50) = −100 % (unclipped).
    assert achievement(rules, D(40), D(60), D(50)).value == D(-100)
    assert rollup([(D(1), D(-100))]).score == D(0)  # clipped in roll-ups


def test_baseline_of_a_count_is_pro_rated_like_its_target():
    rules = Rules("number", "decrease", "sum", "baseline", baseline=D(260))
    # Q1–Q2: baseline 130, target 120 (240 × 2/4), actual 125 → (130 − 125)/(130 − 120) = 50 %.
    result = evaluate(
        rules,
        [obs(2019, 1, 60), obs(2019, 2, 65)],
        Targets(yearly={2019: D(240)}),
        [(2019, 1), (2019, 2)],
    )
    assert result.achievement == D(50)


def test_negative_values_are_undefined_for_the_ratio_method():
    assert achievement(COUNT_UP, D(-5), D(10)).reason == Reason.NEGATIVE_VALUE
    assert achievement(COUNT_UP, D(5), D(-10)).reason == Reason.NEGATIVE_VALUE


def test_negative_values_work_with_the_baseline_method():
    rules = Rules("number", "increase", "last", "baseline", baseline=D(-20))
    # From −20 towards 0, now at −5: 15 / 20 = 75 %.
    assert achievement(rules, D(-5), D(0), D(-20)).value == D(75)


def test_missing_quarters_compare_like_with_like_and_are_listed():
    # Q2 missing: the decreasing count is not rewarded for the gap, nor an increasing one
    # punished; the gap is reported.
    quarters = span_quarters(2019, 2023, year=2021, quarter=3)
    values = [obs(2021, 1, 9000), obs(2021, 3, 9300)]
    result = evaluate(COUNT_DOWN, values, Targets(yearly={2021: D(36000)}), quarters)
    assert (result.actual, result.target) == (D(18300), D(18000))
    assert pct(result.achievement) == "98.3607"
    assert result.missing == ((2021, 2),)
    assert result.reported == ((2021, 1), (2021, 3))


def test_no_target_is_undefined_and_says_so():
    result = evaluate(COUNT_UP, [obs(2021, 1, 5)], Targets(), [(2021, 1)])
    assert (result.achievement, result.reason, result.status) == (None, Reason.NO_TARGET, "grey")


def test_ratio_with_zero_denominator_is_undefined():
    rules = Rules("ratio", "increase", "sum")
    result = evaluate(
        rules,
        [obs(2021, 1, numerator=0, denominator=0)],
        Targets(yearly={2021: D(50)}),
        [(2021, 1)],
    )
    assert result.reason == Reason.ZERO_DENOMINATOR
    assert result.achievement is None
    assert span_actual(rules, [], [(2021, 1)]).reason == Reason.NO_DATA


def test_ratio_last_uses_the_last_quarter_only():
    rules = Rules("ratio", "increase", "last")
    values = [
        obs(2021, 1, numerator=10, denominator=100),
        obs(2021, 2, numerator=30, denominator=60),
    ]
    assert span_actual(rules, values, [(2021, 1), (2021, 2)]).value == D(50)


def test_a_plan_with_no_data_is_grey_everywhere_with_no_coverage():
    result = evaluate(COUNT_UP, [], Targets(yearly={2021: D(10)}), [(2021, 1)])
    assert (result.actual, result.reason, result.status) == (None, Reason.NO_DATA, Status.GREY)
    assert result.target == D("2.5")  # the target still shows
    assert rollup([(D(1), None), (D(3), None)]) == engine.Rollup(None, D(0))
    assert rollup([]) == engine.Rollup(None, D(0))


def test_a_span_not_yet_due_is_grey():
    result = evaluate(COUNT_UP, [obs(2021, 1, 5)], Targets(yearly={2021: D(10)}), [])
    assert (result.reason, result.status) == (Reason.NOT_DUE, Status.GREY)


def test_values_outside_the_span_are_ignored():
    values = [obs(2020, 4, 1000), obs(2021, 1, 10)]
    result = evaluate(COUNT_UP, values, Targets(yearly={2021: D(40)}), [(2021, 1)])
    assert result.actual == D(10)
    assert result.achievement == D(100)


def test_provisional_values_mark_the_result():
    values = [obs(2021, 1, 10, provisional=True)]
    assert evaluate(COUNT_UP, values, Targets(yearly={2021: D(40)}), [(2021, 1)]).provisional


def test_quarter_figures_are_the_last_quarter_of_the_span():
    values = [obs(2021, 1, 10), obs(2021, 2, 12)]
    result = evaluate(COUNT_UP, values, Targets(yearly={2021: D(40)}), [(2021, 1), (2021, 2)])
    assert (result.quarter_actual, result.quarter_target) == (D(12), D(10))


def test_display_rounds_half_away_from_zero():
    assert display(D("87.45")) == "87.5"
    assert display(D("0.925"), 2) == "0.93"
    assert display(None) is None


# --- Properties -----------------------------------------------------------------------------

# Values near zero are drawn as often as large ones: that is where ratios misbehave.
amounts = st.one_of(
    st.decimals(min_value=0, max_value=1, places=2, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
)
positive = st.one_of(
    st.decimals(min_value=D("0.01"), max_value=1, places=2, allow_nan=False, allow_infinity=False),
    st.decimals(
        min_value=D("0.01"), max_value=10**9, places=2, allow_nan=False, allow_infinity=False
    ),
)
scores = st.one_of(
    st.none(),
    st.decimals(min_value=-500, max_value=500, places=3, allow_nan=False, allow_infinity=False),
)
weights = st.decimals(
    min_value=D("0.1"), max_value=100, places=1, allow_nan=False, allow_infinity=False
)
rule_sets = st.builds(
    Rules,
    measure=st.sampled_from(["number", "days", "currency"]),
    direction=st.sampled_from(["increase", "decrease"]),
    aggregation=st.sampled_from(["sum", "last", "average"]),
    method=st.sampled_from(["ratio", "baseline"]),
    baseline=st.one_of(st.none(), amounts),
)


@given(rule_sets, amounts, amounts, positive)
@example(COUNT_DOWN, D(0), D("0.01"), D("0.02"))  # the counterexample it once found
def test_achievement_is_monotonic_in_the_actual(rules, low, high, target):
    low, high = sorted((low, high))
    baseline = rules.baseline
    first = achievement(rules, low, target, baseline).value
    second = achievement(rules, high, target, baseline).value
    assume(first is not None and second is not None)
    if rules.direction == "increase":
        assert second >= first
    else:
        assert second <= first


@given(st.lists(st.tuples(weights, scores), min_size=1, max_size=12))
def test_rollup_lies_between_the_clipped_children(children):
    result = rollup(children)
    defined = [engine.clip(s) for _, s in children if s is not None]
    if not defined:
        assert result.score is None
    else:
        assert min(defined) - D("1e-20") <= result.score <= max(defined) + D("1e-20")


@given(st.lists(st.tuples(weights, scores), min_size=1, max_size=12), st.integers(2, 1000))
def test_scaling_all_weights_changes_nothing(children, factor):
    scaled = [(w * factor, s) for w, s in children]
    first, second = rollup(children), rollup(scaled)
    if first.score is None:
        assert second.score is None
    else:
        assert abs(first.score - second.score) < D("1e-18")
    assert abs(first.coverage - second.coverage) < D("1e-18")


@given(st.lists(st.tuples(weights, scores), max_size=12))
def test_coverage_is_between_0_and_1(children):
    assert D(0) <= rollup(children).coverage <= D(1)


@given(amounts, positive, st.decimals(min_value=0, max_value=50, places=2))
def test_maintain_is_never_outside_0_to_100(actual, target, tolerance):
    rules = Rules("percentage", "maintain", "average", tolerance=tolerance)
    value = achievement(rules, actual, target).value
    assert D(0) <= value <= D(100)


@pytest.mark.parametrize("aggregation", ["sum", "last", "average"])
def test_every_aggregation_is_evaluated(aggregation):
    rules = Rules("number", "increase", aggregation)
    result = evaluate(rules, [obs(2021, 1, 10)], Targets(yearly={2021: D(40)}), [(2021, 1)])
    assert result.achievement is not None


def test_a_target_behind_the_baseline_is_undefined():
    up = Rules("number", "increase", "last", "baseline", baseline=D(50))
    down = Rules("number", "decrease", "last", "baseline", baseline=D(50))
    assert achievement(up, D(45), D(40), D(50)).reason == Reason.TARGET_BEHIND_BASELINE
    assert achievement(down, D(45), D(60), D(50)).reason == Reason.TARGET_BEHIND_BASELINE


@given(
    rule_sets,
    st.lists(st.tuples(st.integers(1, 4), amounts), max_size=4, unique_by=lambda t: t[0]),
    positive,
)
def test_quarter_scores_match_single_quarter_evaluations(rules, values, target):
    observations = [obs(2021, q, v) for q, v in values]
    targets = Targets(yearly={2021: target})
    quarters = [(2021, q) for q in (1, 2, 3, 4)]
    expected = [evaluate(rules, observations, targets, [q]).achievement for q in quarters]
    assert engine.quarter_scores(rules, observations, targets, quarters) == expected
