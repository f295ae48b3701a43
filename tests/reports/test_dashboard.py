"""The dashboard: the engine's numbers, scoped by role, filtered by URL, in fixed queries."""

from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.demo import seed_demo
from indicators.engine import display
from indicators.models import Indicator, ProgressEntry, Target
from indicators.selectors import achievement_tree
from plans.models import OrgUnit
from plans.selectors import unit_subtree_ids
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo():
    return seed_demo().plan


def get(client, url="/", **params):
    response = client.get(url, params)
    return response, response.content.decode()


def test_demo_dashboard_numbers_are_the_engines(demo, client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="planner"))
    client.cookies["marsad_language"] = "en"
    response, html = get(client, plan=demo.pk, year=2023, quarter=3)
    assert response.status_code == 200
    board = response.context["board"]
    tree = achievement_tree(demo, year=2023, quarter=3)
    assert board.result.score == tree.score
    assert board.counts == tree.status_counts()
    assert [card.result.score for card in board.goals] == [g.score for g in tree.goals]
    assert f"{display(tree.score)}%" in html
    for goal in tree.goals:
        assert f"{display(goal.score)}%" in html
    assert sum(board.counts.values()) == 62


def test_head_dashboard_is_the_units_subtree(demo, client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="head.civil-defence"))
    response, _html = get(client, plan=demo.pk, year=2022)
    board = response.context["board"]
    civil_defence = OrgUnit.objects.get(code="civil-defence")
    tree = achievement_tree(demo, year=2022, unit_ids=unit_subtree_ids(civil_defence.pk))
    assert board.result.score == tree.score
    assert sum(board.counts.values()) == 7  # 5 of the directorate, 2 of its Baghdad branch
    assert [u.name.en for u in board.units] == [
        "Civil Defence Directorate",
        "Baghdad Civil Defence Directorate",
    ]


def test_a_head_cannot_see_another_units_dashboard(demo, client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="head.civil-defence"))
    borders = OrgUnit.objects.get(code="borders")
    ministry = OrgUnit.objects.get(code="moi")
    assert client.get("/", {"unit": borders.pk}).status_code == 404
    assert client.get("/", {"unit": ministry.pk}).status_code == 404
    baghdad = OrgUnit.objects.get(code="civil-defence-baghdad")
    assert client.get("/", {"unit": baghdad.pk}).status_code == 200


@pytest.mark.parametrize(
    ("username", "scope"),
    [
        ("planner", None),
        ("viewer", None),
        ("officer.borders", "borders"),
        ("head.civil-defence", "civil-defence"),
    ],
)
def test_every_demo_user_lands_on_a_dashboard_for_their_role(demo, client, username, scope):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username=username))
    response = client.get("/")
    assert response.status_code == 200
    unit = response.context["unit"]
    assert (unit.code if unit else None) == scope


def test_admin_switches_to_any_unit(demo, client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="planner"))
    borders = OrgUnit.objects.get(code="borders")
    response = client.get("/", {"unit": borders.pk, "plan": demo.pk, "year": 2021})
    assert response.context["unit"] == borders
    assert sum(response.context["board"].counts.values()) == 6


def test_filters_change_what_is_shown(demo, client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="viewer"))
    first = client.get("/", {"plan": demo.pk, "year": 2020}).context["board"]
    second = client.get("/", {"plan": demo.pk, "year": 2023, "quarter": 1}).context["board"]
    assert first.quarters[-1] == (2020, 4) and second.quarters == [(2023, 1)]
    assert first.result.score != second.result.score
    goal = demo.goals.get(code="G2")
    drilled = client.get("/", {"plan": demo.pk, "year": 2020, "goal": goal.pk}).context["board"]
    assert drilled.goal.code == "G2"
    assert [o.code for o in drilled.goal.children] == ["G2.1", "G2.2", "G2.3", "G2.4"]


def test_provisional_switch_counts_submitted_values(demo, client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="planner"))
    params = {"plan": demo.pk, "year": 2023, "quarter": 4}
    plain = client.get("/", params).context["board"]
    provisional = client.get("/", {**params, "provisional": "on"}).context["board"]
    assert not plain.provisional and provisional.provisional
    client.cookies["marsad_language"] = "en"
    html = client.get("/", {**params, "provisional": "on"}).content.decode()
    assert "Provisional: these scores include submitted values" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "1999"}, "The year must be inside the plan"),
        ({"year": "abc"}, "Enter a whole number"),
        ({"quarter": "7", "year": "2021"}, "Select a valid choice"),
        ({"quarter": "2"}, "A quarter needs a year"),
        ({"unit": "99999"}, "Select a valid choice"),
        ({"plan": "x"}, "Select a valid choice"),
    ],
)
def test_bad_filter_values_get_a_clear_message(demo, client, params, message):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="planner"))
    client.cookies["marsad_language"] = "en"
    params = {"plan": demo.pk, **params}
    response = client.get("/", params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_dashboard_is_cached_until_the_data_changes(demo, client):
    from django.contrib.auth.models import User

    from indicators import services

    planner = User.objects.get(username="planner")
    client.force_login(planner)
    params = {"plan": demo.pk, "year": 2023, "quarter": 4, "provisional": "on"}
    client.get("/", params)
    with CaptureQueriesContext(connection) as warm:
        client.get("/", params)
    entry = ProgressEntry.objects.get(
        indicator__code="G1.3.1", period__year=2023, period__quarter=4
    )
    services.progress_submit(entry=entry, by=planner, expected_version=entry.version)
    after = client.get("/", params).context["board"]
    assert after.attention["missing"].total + after.attention["overdue"].total < 62
    assert len(warm) < 8  # session, user, membership, plan and the cache hit


def test_anonymous_is_sent_to_sign_in(client, demo):
    assert client.get("/").status_code == 302


def test_docs_page_explains_the_calculation(client_for, world):
    client = client_for(world.viewer)
    html = client.get(reverse("achievement_doc")).content.decode()
    assert "How achievement is calculated" in html and "كيف تُحتسب نسبة الإنجاز" in html
    assert '<article class="doc card" lang="ar" dir="rtl">' in html


def _bulk_plan(world, count: int, period):
    """``count`` indicators under one objective, each with a target and a value."""
    indicators = Indicator.objects.bulk_create(
        Indicator(
            plan=world.plan,
            objective=world.objective,
            unit=world.unit_a if i % 2 else world.unit_b,
            code=f"B{count}.{i}",
            title_ar=f"مؤشر {i}",
            measure="number",
            direction="increase",
            aggregation="sum",
        )
        for i in range(count)
    )
    Target.objects.bulk_create(Target(indicator=i, year=2021, value=D(40)) for i in indicators)
    ProgressEntry.objects.bulk_create(
        ProgressEntry(indicator=i, period=period, unit_id=i.unit_id, value=D(9), status="approved")
        for i in indicators
    )


def _cold_queries(client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/", {"year": 2021}).status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_the_plan(world, client_for):
    client = client_for(world.admin)
    period = builders.period(world.plan, 2021, 1)
    _bulk_plan(world, 10, period)
    small = _cold_queries(client)
    _bulk_plan(world, 1000, period)
    assert _cold_queries(client) == small
