"""One plan, one world on the dashboard and the reports page: the goal and scenario filters
offer only the chosen plan's items, each labelled with the plan's code."""

import pytest
from django.core.cache import cache

from indicators.models import Scenario
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def two_plans(world):
    other = builders.plan(code="next", first_year=2024, last_year=2028, status="draft")
    builders.goal(other, "G9")
    Scenario.objects.create(plan=world.plan, code="up", name_ar="متفائل", name_en="Optimistic")
    Scenario.objects.create(plan=other, code="down", name_ar="متشائم", name_en="Pessimistic")
    return world, other


def choices(response, name):
    field = response.context["filters"][name].field
    return [label for value, label in field.choices if value != ""]


@pytest.mark.parametrize("url", ["/", "/reports/"])
def test_goal_and_scenario_filters_offer_only_the_plans_items_labelled_with_it(
    two_plans, client_for, url
):
    world, _other = two_plans
    client = client_for(world.admin)
    response = client.get(
        url, {"plan": world.plan.pk} if url == "/" else {}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    code = world.plan.code
    assert choices(response, "goal") == [f"G1 {world.goal.title_en} · {code}"]
    assert choices(response, "scenario") == [f"Optimistic · {code}"]


def test_the_other_plan_offers_its_own_items(two_plans, client_for):
    world, other = two_plans
    response = client_for(world.admin).get("/", {"plan": other.pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert choices(response, "goal") == [f"G9 {other.goals.get().title_en} · next"]
    assert choices(response, "scenario") == ["Pessimistic · next"]
