"""An archived goal or objective takes its indicators out of what counts: scores, the plan
page, the entry page and reminders (as an archived indicator is), and brings them back when
it is unarchived. The plan builder still shows them, marked."""

import pytest
from django.utils import translation

from indicators.models import Indicator
from indicators.reminders import send_reminders
from indicators.selectors.achievement import achievement_tree
from indicators.selectors.entry import entry_rows
from indicators.services import structure as indicator_services
from plans.services import structure as services
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_goals(cycle):
    """G1 (the world's, three indicators) with values; G2 with one indicator at zero."""
    world = cycle.world
    for indicator in (world.indicator_a, world.indicator_a1, world.indicator_b):
        builders.entry(indicator, cycle.closed_period, 50)
    goal = builders.goal(world.plan, "G2")
    objective = builders.objective(goal, world.unit_a, "G2.1")
    other = builders.indicator(objective, world.unit_a, "G2.1.1")
    builders.target(other, 2021, 100)
    builders.entry(other, cycle.closed_period, 0)
    cycle.goal2, cycle.objective2, cycle.other = goal, objective, other
    return cycle


def _counted(cycle):
    tree = achievement_tree(cycle.world.plan, year=2021, quarter=1)
    return (
        sorted(node.item.code for node in tree.goals),
        sorted(score.indicator.code for score in tree.indicators),
        tree.score,
        next(node.score for node in tree.goals if node.item.code == "G1"),
    )


def _entry_codes(cycle):
    return sorted(row.indicator.code for row in entry_rows(cycle.open_period, None))


def _reminded_codes(cycle):
    reminders = send_reminders(today=cycle.open_period.closes_on, dry_run=True)
    return sorted(i.code for r in reminders for i in r.indicators)


@pytest.mark.parametrize("archive", ["goal", "objective"])
def test_an_archived_goal_or_objective_takes_its_indicators_out_and_back(two_goals, archive):
    cycle, admin = two_goals, two_goals.world.admin
    everything = ["G1.1.1", "G1.1.2", "G1.1.3", "G2.1.1"]
    goals, indicators, whole, g1 = _counted(cycle)
    assert (goals, indicators) == (["G1", "G2"], everything)
    assert _entry_codes(cycle) == everything
    assert _reminded_codes(cycle) == everything

    if archive == "goal":
        services.goal_archive(goal=cycle.goal2, by=admin)
    else:
        services.objective_archive(objective=cycle.objective2, by=admin)
    goals, indicators, score, _g1 = _counted(cycle)
    assert indicators == ["G1.1.1", "G1.1.2", "G1.1.3"]
    assert goals == (["G1"] if archive == "goal" else ["G1", "G2"])
    assert whole < score == g1  # the indicator at zero no longer pulls the plan down
    assert _entry_codes(cycle) == ["G1.1.1", "G1.1.2", "G1.1.3"]
    assert _reminded_codes(cycle) == ["G1.1.1", "G1.1.2", "G1.1.3"]
    assert Indicator.objects.get(pk=cycle.other.pk).is_archived is False  # nothing cascaded

    if archive == "goal":
        services.goal_archive(goal=cycle.goal2, by=admin, archived=False)
    else:
        services.objective_archive(objective=cycle.objective2, by=admin, archived=False)
    assert _counted(cycle) == (["G1", "G2"], everything, whole, g1)


def test_an_archived_indicator_is_out_of_entry_and_reminders_too(two_goals):
    cycle = two_goals
    indicator_services.indicator_archive(indicator=cycle.other, by=cycle.world.admin)
    assert "G2.1.1" not in _entry_codes(cycle)
    assert "G2.1.1" not in _reminded_codes(cycle)
    assert "G2.1.1" not in _counted(cycle)[1]


def test_the_plan_page_hides_and_the_builder_shows_an_archived_goal(two_goals, client_for):
    cycle = two_goals
    services.goal_archive(goal=cycle.goal2, by=cycle.world.admin)
    with translation.override("en"):
        plan_page = client_for(cycle.world.viewer).get(f"/plans/{cycle.world.plan.pk}/")
        builder = client_for(cycle.world.admin).get(f"/builder/plans/{cycle.world.plan.pk}/")
    assert plan_page.status_code == 200 and builder.status_code == 200
    assert "G2.1.1" not in plan_page.content.decode()
    assert "G2.1.1" in builder.content.decode()
