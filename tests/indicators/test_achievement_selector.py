"""The selector that feeds the engine: right data in, fixed number of queries."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.demo import seed_demo
from indicators.engine import Status
from indicators.selectors import achievement_tree
from indicators.selectors.achievement import forget_kept_results
from plans.selectors import unit_subtree_ids
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(world):
    """Two indicators of unit A (one in a sub-unit), one of unit B, for 2021 Q1–Q2."""
    p1 = builders.period(world.plan, 2021, 1)
    p2 = builders.period(world.plan, 2021, 2)
    builders.period(world.plan, 2021, 3, state="open")
    for indicator, target in (
        (world.indicator_a, 100),
        (world.indicator_a1, 40),
        (world.indicator_b, 10),
    ):
        builders.target(indicator, 2021, target)
    builders.entry(world.indicator_a, p1, 20)
    builders.entry(world.indicator_a, p2, 25)  # 45 of 50 → 90 %
    builders.entry(world.indicator_a1, p1, 5)
    builders.entry(world.indicator_a1, p2, 9, status="submitted")  # pending review
    builders.entry(world.indicator_b, p1, 3)
    builders.entry(world.indicator_b, p2, 4, status="returned")  # does not count
    return world


def test_tree_scores_follow_the_engine(scored):
    tree = achievement_tree(scored.plan, year=2021, quarter=2)
    by_code = {i.indicator.code: i for i in tree.indicators}
    a, a1, b = by_code["G1.1.1"], by_code["G1.1.2"], by_code["G1.1.3"]
    assert (a.result.actual, a.result.target, a.result.achievement) == (D(45), D(50), D(90))
    # Only Q1 is approved for A1: 5 against Q1's 10 → 50 %.
    assert (a1.result.actual, a1.result.target, a1.result.achievement) == (D(5), D(10), D(50))
    assert a1.result.missing == ((2021, 2),)
    # B: Q1 approved, Q2 returned: 3 against 2.5 → 120 %, clipped to 100 in roll-ups.
    assert b.result.achievement == D(120)
    assert b.score == D(100)
    objective = tree.goals[0].children[0]
    assert objective.score == D(80)  # (90 + 50 + 100) / 3
    # Coverage: A reported both quarters, A1 and B only Q1 (submitted and returned values
    # are not approved): (1 + 1/2 + 1/2) / 3.
    assert (a.coverage, a1.coverage, b.coverage) == (D(1), D("0.5"), D("0.5"))
    assert objective.coverage == D(2) / D(3)
    assert tree.score == D(80)
    assert tree.status == Status.AMBER
    assert tree.status_counts() == {"green": 2, "amber": 0, "red": 1, "grey": 0}


def test_submitted_values_count_only_when_asked_and_are_provisional(scored):
    tree = achievement_tree(scored.plan, year=2021, quarter=2, include_submitted=True)
    a1 = next(i for i in tree.indicators if i.indicator.code == "G1.1.2")
    assert a1.result.actual == D(14)
    assert a1.result.provisional and tree.provisional
    assert not achievement_tree(scored.plan, year=2021, quarter=2).provisional


def test_unit_scope_keeps_the_unit_and_its_sub_units(scored):
    unit_ids = unit_subtree_ids(scored.unit_a.pk)
    tree = achievement_tree(scored.plan, year=2021, quarter=2, unit_ids=unit_ids)
    assert sorted(i.indicator.code for i in tree.indicators) == ["G1.1.1", "G1.1.2"]
    assert tree.score == D(70)  # (90 + 50) / 2
    assert tree.unit_rollup({scored.unit_a.pk}).score == D(90)


def test_year_without_quarter_stops_at_the_latest_closed_period(scored):
    tree = achievement_tree(scored.plan, year=2021)
    assert tree.quarters == [(2021, 1), (2021, 2)]


def test_a_plan_with_no_data_is_grey_with_no_coverage(world):
    tree = achievement_tree(world.plan)
    assert tree.quarters == []
    assert (tree.score, tree.coverage, tree.status) == (None, None, Status.GREY)  # not due
    assert tree.status_counts()["grey"] == 3


def _queries(plan, **kwargs) -> int:
    """The queries of a whole tree (none of its results kept from an earlier one)."""
    forget_kept_results()
    with CaptureQueriesContext(connection) as queries:
        achievement_tree(plan, **kwargs)
    return len(queries)


def test_the_whole_demo_plan_is_computed_in_a_fixed_number_of_queries():
    plan = seed_demo().plan
    assert _queries(plan) == 6
    assert _queries(plan, year=2022) == 6
    assert _queries(plan, year=2023, quarter=3, include_submitted=True) == 6
    assert _queries(plan, year=2023, unit_ids={1, 2, 3}) == 6


def test_query_count_does_not_grow_with_the_plan(scored):
    small = _queries(scored.plan, year=2021, quarter=2)
    goal = builders.goal(scored.plan, "G9")
    period = builders.period(scored.plan, 2021, 4)
    for o in range(5):
        objective = builders.objective(goal, scored.unit_b, f"G9.{o}")
        for i in range(10):
            indicator = builders.indicator(objective, scored.unit_b, f"G9.{o}.{i}")
            builders.target(indicator, 2021, 10)
            builders.entry(indicator, period, 3)
    assert _queries(scored.plan, year=2021, quarter=2) == small


@pytest.mark.parametrize("empty", ["objective", "goal"])
def test_an_empty_objective_or_goal_after_a_scored_one_has_no_trend_of_its_own(scored, empty):
    # Built in the plan builder before its indicators are: the trend lines above it must
    # not fail on its empty series (they did, with an IndexError: the dashboard was a 500).
    if empty == "objective":
        builders.objective(scored.goal, scored.unit_b, "G1.9")
    else:
        builders.goal(scored.plan, "G9", order=9)
    tree = achievement_tree(scored.plan, year=2021, series_length=4)
    goal = tree.goals[0]
    assert len(goal.series) == 2  # the quarters up to the latest closed period
    if empty == "objective":
        assert [o.item.code for o in goal.children] == ["G1.1", "G1.9"]
        assert goal.children[1].series == [] and goal.children[1].score is None
        assert goal.series == goal.children[0].series  # the empty one adds nothing
    else:
        assert [g.item.code for g in tree.goals] == ["G1", "G9"]
        assert tree.series == goal.series
