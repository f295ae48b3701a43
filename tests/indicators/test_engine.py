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
    assert rollup([(D(1), D(200), D(1))]).score == D(100)


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
    # 94.1667 (weight 1, every due quarter reported), 120 clipped to 100 (weight 1, every
    # quarter reported), undefined (weight 2, nothing reported):
    # (94.1667 + 100) / 2 = 97.0833 %; coverage (1 + 1 + 2 × 0) / 4 = 0.5.
    result = rollup([(D(1), D(113) * 100 / D(120), D(1)), (D(1), D(120), D(1)), (D(2), None, D(0))])
    assert pct(result.score) == "97.0833"
    assert result.coverage == D("0.5")


def test_example_9_coverage_is_the_weighted_mean_of_the_children_coverage():
    # 2 of 3 due quarters reported (weight 1), all reported (weight 2), not due (weight 5):
    # coverage (1 × 2/3 + 2 × 1) / 3 = 0.8889; the child with nothing due is left out.
    result = rollup([(D(1), D(80), D(2) / D(3)), (D(2), D(100), D(1)), (D(5), None, None)])
    assert pct(result.coverage) == "0.8889"
    assert pct(result.score) == "93.3333"  # (80 + 2 × 100) / 3
    # An indicator that reported but has no target counts as reported in coverage.
    assert rollup([(D(1), None, D(1))]) == engine.Rollup(None, D(1))


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


HALF_YEARLY = Rules("number", "increase", "sum", frequency="semiannual")
YEARLY = Rules("number", "increase", "sum", frequency="annual")


def test_example_14_a_half_yearly_count_in_every_span():
    # Anti-narcotics campaigns, due in Q2 and Q4; 2022 target 40, 2023 target 50.
    # 2022 Q2 18, Q4 23; 2023 Q2 30.
    values = [obs(2022, 2, 18), obs(2022, 4, 23), obs(2023, 2, 30)]
    targets = Targets(yearly={2022: D(40), 2023: D(50)})
    # The year to date through Q1: nothing is due yet → grey, not missing.
    q1 = evaluate(HALF_YEARLY, values, targets, span_quarters(2021, 2023, year=2022, quarter=1))
    assert (q1.achievement, q1.reason, q1.status) == (None, Reason.NOT_DUE, Status.GREY)
    assert (q1.missing, q1.coverage) == ((), None)
    # Through Q2: the Q2 value covers Q1–Q2, so it meets half the yearly target: 18 / 20.
    q2 = evaluate(HALF_YEARLY, values, targets, span_quarters(2021, 2023, year=2022, quarter=2))
    assert (q2.actual, q2.target, q2.achievement) == (D(18), D(20), D(90))
    assert (q2.quarter_actual, q2.quarter_target, q2.quarter_achievement) == (D(18), D(20), D(90))
    assert (q2.coverage, q2.status) == (D(1), Status.GREEN)
    # Through Q3: still 18 / 20; Q3 alone is not due.
    q3 = evaluate(HALF_YEARLY, values, targets, span_quarters(2021, 2023, year=2022, quarter=3))
    assert (q3.actual, q3.target, q3.achievement) == (D(18), D(20), D(90))
    assert (q3.quarter_actual, q3.quarter_target, q3.quarter_achievement) == (None, None, None)
    # The year: 41 / 40 = 102.5 %; Q4 alone 23 / 20 = 115 %.
    year = evaluate(
        HALF_YEARLY, values, targets, span_quarters(2021, 2023, year=2022, latest_closed=(2023, 3))
    )
    assert year.actual == D(41) and year.target == D(40)
    assert (year.achievement, year.quarter_achievement) == (D("102.5"), D(115))
    assert (year.reported, year.missing, year.coverage) == (((2022, 2), (2022, 4)), (), D(1))
    # The year without its Q4 value: 18 / 20 = 90 %, Q4 missing, coverage 1 / 2.
    gap = evaluate(
        HALF_YEARLY,
        values[:1],
        targets,
        span_quarters(2021, 2023, year=2022, latest_closed=(2023, 3)),
    )
    assert (gap.achievement, gap.missing, gap.coverage) == (D(90), ((2022, 4),), D("0.5"))
    # The plan (2022–2023) so far, to 2023 Q3: due 2022 Q2, Q4 and 2023 Q2.
    # Actual 18 + 23 + 30 = 71; target 20 + 20 + 25 = 65; 71 / 65 = 109.2308 %.
    plan = evaluate(
        HALF_YEARLY, values, targets, span_quarters(2022, 2023, latest_closed=(2023, 3))
    )
    assert (plan.actual, plan.target) == (D(71), D(65))
    assert pct(plan.achievement) == "109.2308"
    assert plan.missing == ()


def test_example_15_a_yearly_count_in_every_span():
    # Border posts rehabilitated, due in Q4; targets 2021 12, 2022 16; 2021 Q4 12,
    # 2022 Q4 14, nothing in 2023 (target 20) yet.
    values = [obs(2021, 4, 12), obs(2022, 4, 14)]
    targets = Targets(yearly={2021: D(12), 2022: D(16), 2023: D(20)})
    # The year to date through Q3: not due (grey), nothing missing.
    q3 = evaluate(YEARLY, values, targets, span_quarters(2021, 2023, year=2022, quarter=3))
    assert (q3.reason, q3.status, q3.missing, q3.coverage) == (
        Reason.NOT_DUE,
        Status.GREY,
        (),
        None,
    )
    # Through Q4 (and the year): the Q4 value meets the whole yearly target: 14 / 16.
    q4 = evaluate(YEARLY, values, targets, span_quarters(2021, 2023, year=2022, quarter=4))
    assert (q4.actual, q4.target, q4.achievement, q4.status) == (
        D(14),
        D(16),
        D("87.5"),
        Status.AMBER,
    )
    assert (q4.quarter_actual, q4.quarter_target, q4.quarter_achievement) == (
        D(14),
        D(16),
        D("87.5"),
    )
    assert (
        evaluate(
            YEARLY, values, targets, span_quarters(2021, 2023, year=2022, latest_closed=(2023, 3))
        )
        == q4
    )
    # 2023, with 2023 Q3 the latest closed period: not due yet.
    open_year = span_quarters(2021, 2023, year=2023, latest_closed=(2023, 3))
    assert evaluate(YEARLY, values, targets, open_year).reason == Reason.NOT_DUE
    # The plan so far, to 2023 Q3: 2021 and 2022 are due; (12 + 14) / (12 + 16) = 92.8571 %.
    plan_span = span_quarters(2021, 2023, latest_closed=(2023, 3))
    plan = evaluate(YEARLY, values, targets, plan_span)
    assert (plan.actual, plan.target, pct(plan.achievement)) == (D(26), D(28), "92.8571")
    # Without the 2022 value: 12 / 12 = 100 %, 2022 Q4 missing, coverage 1 / 2.
    gap = evaluate(YEARLY, values[:1], targets, plan_span)
    assert (gap.achievement, gap.missing, gap.coverage) == (D(100), ((2022, 4),), D("0.5"))


def test_example_17_distance_to_the_plan_end_target():
    plan = engine.quarters_between((2021, 1), (2023, 4))
    # Example 15's yearly count through 2023 Q3: 26 so far against 12 + 16 + 20 = 48.
    values = [obs(2021, 4, 12), obs(2022, 4, 14)]
    targets = Targets(yearly={2021: D(12), 2022: D(16), 2023: D(20)})
    count = engine.to_plan_end(YEARLY, values, targets, plan, (2023, 3))
    assert (count.actual, count.target, pct(count.reached, 2), count.remaining) == (
        D(26),
        D(48),
        "54.17",
        D(22),
    )
    # A level from a baseline (last): 52 in 2021 Q3 against the final year's 80.
    level = Rules("percentage", "increase", "last", method="baseline", baseline=D(35))
    targets = Targets(yearly={2021: D(61), 2022: D(70), 2023: D(80)})
    end = engine.to_plan_end(level, [obs(2021, 3, 52)], targets, plan, (2021, 3))
    assert (end.actual, end.target, pct(end.reached, 2), end.remaining) == (
        D(52),
        D(80),
        "37.78",
        D(28),
    )
    # A later value beyond the span's end is not counted.
    later = engine.to_plan_end(
        level, [obs(2021, 3, 52), obs(2022, 1, 70)], targets, plan, (2021, 3)
    )
    assert later == end
    # Maintain 95 within 3 points: 89 is 3 beyond the band; 93.5 inside it.
    keep = Rules("percentage", "maintain", "last", tolerance=D(3))
    targets = Targets(yearly={2021: D(95), 2022: D(95), 2023: D(95)})
    off = engine.to_plan_end(keep, [obs(2022, 2, 89)], targets, plan, (2022, 2))
    assert (pct(off.reached, 2), off.remaining) == ("96.84", D(3))
    inside = engine.to_plan_end(keep, [obs(2022, 2, "93.5")], targets, plan, (2022, 2))
    assert (inside.reached, inside.remaining) == (D(100), D(0))
    # Nothing due yet: no actual, the end target still known.
    none = engine.to_plan_end(YEARLY, [], Targets(yearly={2021: D(12)}), plan[:3], (2021, 3))
    assert (none.actual, none.reached, none.remaining, none.reason) == (
        None,
        None,
        None,
        Reason.NOT_DUE,
    )


def test_example_15_a_plan_that_collects_yearly_values_in_q2():
    # The plan sets Q2 as the reporting quarter: the Q2 value is the year's figure.
    rules = Rules("number", "increase", "sum", frequency="annual", annual_quarter=2)
    values = [obs(2022, 2, 14)]
    targets = Targets(yearly={2022: D(16)})
    q1 = evaluate(rules, values, targets, span_quarters(2021, 2023, year=2022, quarter=1))
    assert q1.reason == Reason.NOT_DUE
    q2 = evaluate(rules, values, targets, span_quarters(2021, 2023, year=2022, quarter=2))
    assert (q2.actual, q2.target, q2.achievement) == (D(14), D(16), D("87.5"))


def test_values_in_quarters_that_are_not_due_are_not_read():
    # A yearly indicator with a stray Q2 value: only the Q4 value counts.
    values = [obs(2022, 2, 100), obs(2022, 4, 14)]
    result = evaluate(
        YEARLY, values, Targets(yearly={2022: D(16)}), [(2022, q) for q in (1, 2, 3, 4)]
    )
    assert (result.actual, result.reported) == (D(14), ((2022, 4),))


def test_due_quarters_by_frequency():
    year = [(2022, q) for q in (1, 2, 3, 4)]
    assert engine.due_quarters(COUNT_UP, year) == year
    assert engine.due_quarters(HALF_YEARLY, year) == [(2022, 2), (2022, 4)]
    assert engine.due_quarters(YEARLY, year) == [(2022, 4)]
    assert engine.due_quarters(
        Rules("number", "increase", "sum", frequency="annual", annual_quarter=1), year
    ) == [(2022, 1)]
    assert engine.covered(HALF_YEARLY, (2022, 4)) == [(2022, 3), (2022, 4)]
    assert engine.covered(YEARLY, (2022, 4)) == year


def test_a_half_yearly_level_compares_with_its_quarter_target_whole():
    # A level (last) is not pro-rated: the Q2 value against the yearly target whole.
    rules = Rules("percentage", "increase", "last", frequency="semiannual")
    result = evaluate(
        rules, [obs(2022, 2, 72)], Targets(yearly={2022: D(80)}), [(2022, 1), (2022, 2)]
    )
    assert (result.target, result.achievement) == (D(80), D(90))


def test_a_half_yearly_forecast_projects_the_values_due():
    # 18 in the first half → 36 for the year against 40: 90 %.
    year = engine.quarters_between((2022, 1), (2022, 4))
    result = forecast(
        HALF_YEARLY, [obs(2022, 2, 18)], Targets(yearly={2022: D(40)}), year, (2022, 2)
    )
    assert (result.value, result.achievement) == (D(36), D(90))


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
    assert rollup([(D(1), D(-100), D(1))]).score == D(0)  # clipped in roll-ups


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
    assert rollup([(D(1), None, D(0)), (D(3), None, D(0))]) == engine.Rollup(None, D(0))
    assert rollup([]) == engine.Rollup(None, None)  # nothing is due


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
coverages = st.one_of(
    st.none(),
    st.fractions(0, 1, max_denominator=12).map(lambda f: D(f.numerator) / D(f.denominator)),
)
children_lists = st.lists(st.tuples(weights, scores, coverages), min_size=1, max_size=12)
rule_sets = st.builds(
    Rules,
    measure=st.sampled_from(["number", "days", "currency"]),
    direction=st.sampled_from(["increase", "decrease"]),
    aggregation=st.sampled_from(["sum", "last", "average"]),
    method=st.sampled_from(["ratio", "baseline"]),
    baseline=st.one_of(st.none(), amounts),
    frequency=st.sampled_from(["quarterly", "semiannual", "annual"]),
    annual_quarter=st.integers(1, 4),
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


@given(children_lists)
def test_rollup_lies_between_the_clipped_children(children):
    result = rollup(children)
    defined = [engine.clip(s) for _, s, _c in children if s is not None]
    if not defined:
        assert result.score is None
    else:
        assert min(defined) - D("1e-20") <= result.score <= max(defined) + D("1e-20")


@given(children_lists, st.integers(2, 1000))
def test_scaling_all_weights_changes_nothing(children, factor):
    scaled = [(w * factor, s, c) for w, s, c in children]
    first, second = rollup(children), rollup(scaled)
    for one, other in ((first.score, second.score), (first.coverage, second.coverage)):
        if one is None:
            assert other is None
        else:
            assert abs(one - other) < D("1e-18")


@given(st.lists(st.tuples(weights, scores, coverages), max_size=12))
def test_coverage_lies_between_the_children_coverage(children):
    result = rollup(children).coverage
    defined = [c for _, _s, c in children if c is not None]
    if not defined:
        assert result is None
    else:
        assert min(defined) - D("1e-20") <= result <= max(defined) + D("1e-20")
        assert D(0) <= result <= D(1)


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


# --- Figures that add up ---------------------------------------------------------------------


def test_example_16_figures_show_the_decimals_needed_to_recompute_the_achievement():
    # 75.04 against 74.96 is 100.1067 %, shown 100.1 %. Shown as 75 and 75 a reader gets
    # 100 %; with one decimal 75.0 and 75.0 still; with two, 75.04 ÷ 74.96 = 100.1067 %.
    assert engine.figure_places(COUNT_UP, D("75.04"), D("74.96")) == 2
    # Whole numbers stay whole: 113 ÷ 120 = 94.1667 %, shown 94.2 %.
    assert engine.figure_places(COUNT_UP, D(113), D(120)) == 0
    # Small values need more: 0.013 ÷ 0.021 = 61.9048 % (0.01 ÷ 0.02 would say 50 %).
    assert engine.figure_places(COUNT_UP, D("0.013"), D("0.021")) == 3
    # Undefined: the figures as they are, at most one decimal.
    assert engine.figure_places(COUNT_UP, D("12.5"), None) == 1
    assert engine.figure_places(COUNT_UP, D(12), None) == 0


def test_figure_places_can_be_asked_for_at_least_the_decimals_a_value_was_typed_with():
    # 75.045 typed against 74.96: two decimals would do, three show the value as typed.
    assert engine.figure_places(COUNT_UP, D("75.045"), D("74.96")) == 2
    assert engine.figure_places(COUNT_UP, D("75.045"), D("74.96"), least=3) == 3
    # 7 against 18.74 (37.35 %): 7 ÷ 19 says 36.84 %, 7.0 ÷ 18.7 says 37.43 %.
    assert engine.figure_places(COUNT_UP, D(7), D("18.74")) == 1
    assert engine.figure_places(COUNT_UP, D(12), None, least=2) == 2


def _recomputed(rules, actual, target, baseline, places):
    def shown(value):
        return None if value is None else engine._rounded(value, places)

    return achievement(rules, shown(actual), shown(target), shown(baseline)).value


@given(rule_sets, amounts, positive)
def test_displayed_figures_recompute_the_displayed_achievement(rules, actual, target):
    baseline = rules.baseline
    value = achievement(rules, actual, target, baseline).value
    assume(value is not None)
    places = engine.figure_places(rules, actual, target, baseline)
    again = _recomputed(rules, actual, target, baseline, places)
    assert again is not None
    assert abs(again - engine._rounded(value, 1)) < D("0.1")
    if places > 0:  # and no fewer decimals would do
        fewer = _recomputed(rules, actual, target, baseline, places - 1)
        assert fewer is None or abs(fewer - engine._rounded(value, 1)) >= D("0.1")


def test_example_16_a_result_carries_the_places_its_figures_are_shown_with():
    # A level ("last") of 75.04 against 74.96: 100.1067 %, shown 100.1 %; the figures need
    # two decimals, the span's and the quarter alone's alike.
    level = Rules("number", "increase", "last")
    result = evaluate(
        level, [obs(2021, 1, "75.04")], Targets(yearly={2021: D("74.96")}), [(2021, 1)]
    )
    assert display(result.achievement) == "100.1"
    assert engine.result_places(level, result) == (2, 2)
    # A count of whole numbers stays whole: 113 ÷ 120 (example 1), Q3 alone 38 ÷ 40 = 95 %.
    count = evaluate(
        COUNT_UP,
        [obs(2021, 1, 30), obs(2021, 2, 45), obs(2021, 3, 38)],
        Targets(yearly={2021: D(160)}),
        [(2021, 1), (2021, 2), (2021, 3)],
    )
    assert engine.result_places(COUNT_UP, count) == (0, 0)
    # Nothing due: nothing to show, no decimals.
    yearly = Rules("number", "increase", "sum", frequency="annual")
    assert engine.result_places(yearly, evaluate(yearly, [], Targets(), [(2021, 1)])) == (0, 0)


def test_example_16_from_a_baseline():
    # Yearly baseline 401, target 601.5, Q1 130: the quarter's baseline 100.25 and target
    # 150.375 give 29.75 ÷ 50.125 = 59.35 %, shown 59.4 %. One decimal (100.3, 150.4) says
    # 59.28 %; two (100.25, 150.38) say 59.35 %.
    rules = Rules("number", "increase", "sum", method="baseline", baseline=D(401))
    result = evaluate(rules, [obs(2021, 1, 130)], Targets(yearly={2021: D("601.5")}), [(2021, 1)])
    assert (result.baseline, result.target) == (D("100.25"), D("150.375"))
    assert display(result.achievement) == "59.4"
    assert engine.result_places(rules, result) == (2, 2)


def test_a_result_carries_the_baseline_it_was_compared_with():
    # A count by progress from baseline: yearly baseline 400, target 600. Q1–Q2 report 150
    # and 160: the span's baseline is 400 × 2/4 = 200 and its target 300; (310 − 200) ÷
    # (300 − 200) = 110 %. Q2 alone: baseline 100, target 150, (160 − 100) ÷ 50 = 120 %.
    rules = Rules("number", "increase", "sum", method="baseline", baseline=D(400))
    result = evaluate(
        rules, [obs(2021, 1, 150), obs(2021, 2, 160)], Targets(yearly={2021: D(600)}),
        [(2021, 1), (2021, 2)],
    )  # fmt: skip
    assert (result.actual, result.target, result.baseline) == (D(310), D(300), D(200))
    assert result.achievement == D(110)
    assert (result.quarter_target, result.quarter_baseline) == (D(150), D(100))
    assert result.quarter_achievement == D(120)


@pytest.mark.parametrize(
    ("value", "places"),
    [(D(250), 0), (D("250.0000"), 0), (D("12.50"), 1), (D("0.0125"), 4), (D(0), 0), (None, 0)],
)
def test_exact_places_are_the_decimals_a_value_has(value, places):
    assert engine.exact_places(value) == places


@given(
    rule_sets,
    st.lists(st.tuples(st.integers(1, 4), amounts), max_size=4, unique_by=lambda t: t[0]),
    positive,
)
def test_a_results_figures_shown_with_its_places_recompute_its_achievement(rules, values, target):
    quarters = [(2021, q) for q in (1, 2, 3, 4)]
    result = evaluate(
        rules, [obs(2021, q, v) for q, v in values], Targets(yearly={2021: target}), quarters
    )
    places, quarter_places = engine.result_places(rules, result)
    for actual, target_, baseline, value, shown in (
        (result.actual, result.target, result.baseline, result.achievement, places),
        (
            result.quarter_actual, result.quarter_target, result.quarter_baseline,
            result.quarter_achievement, quarter_places,
        ),
    ):  # fmt: skip
        if value is None:
            continue
        again = _recomputed(rules, actual, target_, baseline, shown)
        assert again is not None
        assert abs(again - engine._rounded(value, 1)) < D("0.1")


YEAR_2021 = [(2021, q) for q in (1, 2, 3, 4)]
spans = st.tuples(st.integers(1, 4), st.integers(1, 4)).map(
    lambda ends: YEAR_2021[min(ends) - 1 : max(ends)]
)
quarter_values = st.lists(
    st.tuples(st.integers(1, 4), amounts), max_size=4, unique_by=lambda t: t[0]
)


@given(rule_sets, quarter_values, positive, spans)
def test_missing_and_reported_split_the_due_quarters(rules, values, target, quarters):
    observations = [obs(2021, q, v) for q, v in values]
    result = evaluate(rules, observations, Targets(yearly={2021: target}), quarters)
    due = engine.due_quarters(rules, quarters)
    assert result.due == tuple(due)
    assert sorted(result.reported + result.missing) == due
    assert not set(result.reported) & set(result.missing)
    if due:
        assert result.coverage == D(len(result.reported)) / D(len(due))
    else:  # not due: grey, nothing missing, no coverage
        assert (result.reason, result.status, result.coverage) == (
            Reason.NOT_DUE,
            Status.GREY,
            None,
        )
    # Only values in due quarters are read.
    assert all(engine.is_due(rules, key) for key in result.reported)


@given(rule_sets, st.lists(amounts, min_size=4, max_size=4), positive)
def test_a_full_year_of_due_values_meets_the_yearly_target_whatever_the_frequency(
    rules, values, target
):
    # Every due value reported over the year: a count's span target is the yearly target,
    # a level's the yearly target whole, whatever the frequency.
    observations = [obs(2021, q, v) for q, v in zip((1, 2, 3, 4), values, strict=True)]
    result = evaluate(rules, observations, Targets(yearly={2021: target}), YEAR_2021)
    assert result.missing == ()
    assert result.target == target


@given(rule_sets, quarter_values, positive, spans)
def test_the_quarter_alone_is_the_last_quarter_evaluated_by_itself(rules, values, target, quarters):
    observations = [obs(2021, q, v) for q, v in values]
    targets = Targets(yearly={2021: target})
    result = evaluate(rules, observations, targets, quarters)
    alone = evaluate(rules, observations, targets, quarters[-1:])
    assert result.quarter_achievement == alone.achievement
    assert (result.quarter_actual, result.quarter_target) == (alone.actual, alone.target)
