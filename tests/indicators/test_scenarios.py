"""Scenarios: their targets replace the plan's where they set one; achievement against a
scenario on worked examples."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from indicators.engine import closest_to_target
from indicators.models import Scenario, ScenarioTarget
from indicators.selectors import achievement_tree, indicator_scenarios
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenarios(cycle):
    world = cycle.world
    builders.entry(world.indicator_a, cycle.closed_period, 30)  # 2021 Q1; target 100 → 25
    builders.target(world.indicator_a, 2021, 20, quarter=1)  # a quarterly target: 20
    optimistic = Scenario.objects.create(plan=world.plan, code="up", name_ar="متفائل")
    pessimistic = Scenario.objects.create(plan=world.plan, code="down", name_ar="متشائم", order=1)
    baseline = Scenario.objects.create(plan=world.plan, code="base", name_ar="أساسي", order=2)
    ScenarioTarget.objects.create(
        scenario=optimistic, indicator=world.indicator_a, year=2021, value=200
    )
    ScenarioTarget.objects.create(
        scenario=pessimistic, indicator=world.indicator_a, year=2021, value=100
    )
    return optimistic, pessimistic, baseline


def score_of(tree, code):
    return next(i for i in tree.indicators if i.indicator.code == code).result


def test_scenario_targets_replace_the_plans_and_fall_back_to_them(cycle, scenarios):
    optimistic, pessimistic, baseline = scenarios
    plan = cycle.world.plan
    # The plan: the quarterly target 20 → 30 / 20 = 150 %.
    assert score_of(achievement_tree(plan, year=2021, quarter=1), "G1.1.1").achievement == D(150)
    # Optimistic: 200 a year → 50 a quarter → 60 %; its yearly target overrides the plan's
    # quarterly one.
    assert score_of(
        achievement_tree(plan, year=2021, quarter=1, scenario=optimistic), "G1.1.1"
    ).achievement == D(60)
    # Pessimistic: 100 a year → 25 → 120 %.
    assert score_of(
        achievement_tree(plan, year=2021, quarter=1, scenario=pessimistic), "G1.1.1"
    ).achievement == D(120)
    # The baseline sets nothing: the plan's targets stand.
    assert score_of(
        achievement_tree(plan, year=2021, quarter=1, scenario=baseline), "G1.1.1"
    ).achievement == D(150)
    # Another indicator, with no scenario target, keeps the plan's 100 a year.
    assert score_of(
        achievement_tree(plan, year=2021, quarter=1, scenario=optimistic), "G1.1.3"
    ).target == D(25)


def test_the_closest_scenario_is_the_one_nearest_100_percent(cycle, scenarios):
    rows = indicator_scenarios(cycle.world.indicator_a)
    assert [(r.scenario.code, r.result.achievement) for r in rows] == [
        ("up", D(60)), ("down", D(120)), ("base", D(150)),
    ]  # fmt: skip
    assert [r.scenario.code for r in rows if r.closest] == ["down"]  # |120 − 100| < |60 − 100|
    assert closest_to_target({"a": None, "b": D(95), "c": D(104)}) == "c"
    assert closest_to_target({"a": None}) is None


def test_indicator_page_shows_every_scenario(cycle, scenarios, client_for):
    client = client_for(cycle.world.officer_a)
    client.cookies["marsad_language"] = "en"
    html = client.get(
        reverse("indicator_detail", args=[cycle.world.indicator_a.pk])
    ).content.decode()
    assert "Against each scenario" in html and "متشائم" in html
    assert "Reality is tracking this scenario most closely." in html


def test_achievement_api_and_dashboard_take_a_scenario(cycle, scenarios, client_for):
    optimistic = scenarios[0]
    client = client_for(cycle.world.admin)
    body = client.get(
        "/api/v1/achievement/", {"year": 2021, "quarter": 1, "scenario": optimistic.pk}
    ).json()
    indicator = body["goals"][0]["objectives"][0]["indicators"][0]
    assert (indicator["code"], indicator["achievement"], body["scenario"]) == (
        "G1.1.1",
        "60.0",
        optimistic.pk,
    )
    other_plan = builders.plan(code="other", first_year=2024, last_year=2028, status="draft")
    foreign = Scenario.objects.create(plan=other_plan, code="x", name_ar="س")
    assert client.get("/api/v1/achievement/", {"scenario": foreign.pk}).status_code == 400
    board = client.get("/", {"year": 2021, "quarter": 1, "scenario": optimistic.pk}).context[
        "board"
    ]
    assert board.goals[0].result.score is not None
