"""The pages to browse a plan, tried by every persona, in both languages, with query guards."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import builders

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "head_a", "head_b", "officer_a", "officer_b", "viewer", "outsider"]


def persona(world, name):
    return None if name == "anonymous" else getattr(world, name)


@pytest.mark.parametrize("url_name", ["home", "plan_list", "plan_detail"])
def test_anonymous_is_sent_to_sign_in(world, client, url_name):
    args = [world.plan.pk] if url_name == "plan_detail" else []
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("name", "expected"),
    [(p, 200) for p in PERSONAS if p != "outsider"] + [("outsider", 404)],
)
def test_plan_overview_is_open_to_every_member(world, client_for, name, expected):
    response = client_for(persona(world, name)).get(reverse("plan_detail", args=[world.plan.pk]))
    assert response.status_code == expected


def test_plan_overview_shows_the_tree(world, client_for):
    response = client_for(world.officer_a).get(
        reverse("plan_detail", args=[world.plan.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    for code in ("G1", "G1.1", "G1.1.1", "G1.1.2", "G1.1.3"):
        assert f'<bdi dir="ltr">{code}</bdi>' in html
    assert "Directorate A" in html and "Directorate B" in html
    # The officer's own indicator links to its page; another unit's does not.
    assert reverse("indicator_detail", args=[world.indicator_a.pk]) in html
    assert reverse("indicator_detail", args=[world.indicator_b.pk]) not in html


@pytest.mark.parametrize(
    ("name", "indicator", "expected"),
    [
        ("admin", "indicator_a", 200),
        ("viewer", "indicator_b", 200),
        ("head_a", "indicator_a", 200),
        ("head_a", "indicator_a1", 200),  # a sub-unit's indicator
        ("head_a", "indicator_b", 404),
        ("head_b", "indicator_a", 404),
        ("officer_a", "indicator_a", 200),
        ("officer_a", "indicator_b", 404),
        ("officer_b", "indicator_b", 200),
        ("officer_b", "indicator_a", 404),
        ("outsider", "indicator_a", 404),
    ],
)
def test_indicator_page_by_persona(world, client_for, name, indicator, expected):
    pk = getattr(world, indicator).pk
    response = client_for(persona(world, name)).get(reverse("indicator_detail", args=[pk]))
    assert response.status_code == expected


def test_indicator_page_shows_targets_values_and_revisions(world, client_for):
    from decimal import Decimal

    from indicators.services import target_set

    target_set(indicator=world.indicator_a, year=2020, quarter=None, value=Decimal("100"))
    target_set(
        indicator=world.indicator_a,
        year=2020,
        quarter=None,
        value=Decimal("80"),
        by=world.admin,
        reason="Budget cut",
    )
    builders.target(world.indicator_a, 2021, 30, quarter=2)
    builders.entry(world.indicator_a, builders.period(world.plan, 2020, 1), "1234.5")
    response = client_for(world.officer_a).get(
        reverse("indicator_detail", args=[world.indicator_a.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert "1,234.5" in html
    assert "Budget cut" in html and "admin" in html
    assert ">80<" in html and ">100<" in html and ">30<" in html


def test_plan_overview_shows_scores_as_the_dashboard_opens(world, client_for):
    closed = builders.period(world.plan, 2021, 1, state="closed")
    for indicator, value in ((world.indicator_a, 50), (world.indicator_b, 100)):
        builders.target(indicator, 2021, 100, quarter=1)
        builders.entry(indicator, closed, value)
    url = reverse("plan_detail", args=[world.plan.pk])
    viewer = client_for(world.viewer).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Scores for the year to date through 2021 Q1, as on the dashboard." in viewer
    assert ">50.0%</bdi>" in viewer and ">100.0%</bdi>" in viewer
    assert ">75.0%</bdi>" in viewer  # the objective and the goal: (50 + 100) / 2
    officer = client_for(world.officer_a).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "counting the indicators of your units" in officer
    assert ">50.0%</bdi>" in officer and ">100.0%</bdi>" not in officer  # unit B's is not shown


def test_indicator_page_draws_its_actual_against_its_target_by_year(world, client_for):
    url = reverse("indicator_detail", args=[world.indicator_a.pk])
    builders.target(world.indicator_a, 2020, 400)
    builders.entry(
        world.indicator_a, builders.period(world.plan, 2020, 1), "90", status="submitted"
    )
    html = client_for(world.officer_a).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Approved actual and yearly target" not in html  # nothing approved: no chart
    builders.entry(world.indicator_a, builders.period(world.plan, 2020, 2), "120")
    html = client_for(world.officer_a).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chart = html.split('aria-label="Approved actual and yearly target"', 1)[1].split("</svg>", 1)[0]
    assert "<title>2020: 120</title>" in chart and "<title>2020: 400</title>" in chart
    assert ">90<" not in chart  # a submitted value is not yet an approved actual


@pytest.mark.parametrize(
    ("name", "unit", "expected"),
    [
        ("admin", "unit_b", 200),
        ("viewer", "unit_a", 200),
        ("head_a", "unit_a", 200),
        ("head_a", "unit_a1", 200),
        ("head_a", "unit_b", 404),
        ("head_a", "agency", 404),  # rights go down the tree, not up
        ("officer_a", "unit_a", 200),
        ("officer_a", "unit_b", 404),
        ("officer_b", "unit_a", 404),
        ("outsider", "unit_a", 404),
    ],
)
def test_unit_page_by_persona(world, client_for, name, unit, expected):
    pk = getattr(world, unit).pk
    response = client_for(persona(world, name)).get(reverse("unit_detail", args=[pk]))
    assert response.status_code == expected


def test_unit_page_lists_indicators_sub_units_and_action_plans(world, client_for):
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021, activities=2)
    response = client_for(world.head_a).get(
        reverse("unit_detail", args=[world.unit_a.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert reverse("indicator_detail", args=[world.indicator_a.pk]) in html
    assert reverse("indicator_detail", args=[world.indicator_b.pk]) not in html
    assert reverse("unit_detail", args=[world.unit_a1.pk]) in html
    assert reverse("action_plan_detail", args=[action_plan.pk]) in html
    assert "2 activities" in html


def test_unit_page_with_a_bad_plan_parameter_is_not_found(world, client_for):
    url = reverse("unit_detail", args=[world.unit_a.pk])
    assert client_for(world.admin).get(url, {"plan": "abc"}).status_code == 400
    assert client_for(world.admin).get(url, {"plan": "99999"}).status_code == 404


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("admin", 200),
        ("viewer", 200),
        ("head_a", 200),
        ("officer_a", 200),
        ("head_b", 404),
        ("officer_b", 404),
        ("outsider", 404),
    ],
)
def test_action_plan_page_by_persona(world, client_for, name, expected):
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021, activities=2)
    response = client_for(persona(world, name)).get(
        reverse("action_plan_detail", args=[action_plan.pk])
    )
    assert response.status_code == expected


def test_action_plan_page_totals_the_budget(world, client_for):
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021, activities=3)
    html = (
        client_for(world.admin)
        .get(reverse("action_plan_detail", args=[action_plan.pk]))
        .content.decode()
    )
    assert "3,000" in html


def test_missing_objects_are_not_found(world, client_for):
    client = client_for(world.admin)
    for name in ("plan_detail", "indicator_detail", "unit_detail", "action_plan_detail"):
        assert client.get(reverse(name, args=[999999])).status_code == 404


def test_plan_list_for_every_member(world, client_for):
    for name in PERSONAS:
        if name == "outsider":
            continue  # tests/plans/test_no_role.py
        response = client_for(persona(world, name)).get(reverse("plan_list"))
        assert response.status_code == 200
        assert world.plan.name_ar in response.content.decode()


@pytest.mark.parametrize(
    ("name", "expected"), [("admin", 200), ("viewer", 302), ("head_a", 302), ("officer_a", 302)]
)
def test_only_planning_admins_use_the_admin(world, client_for, name, expected):
    response = client_for(persona(world, name)).get("/admin/indicators/indicator/")
    assert response.status_code == expected


def test_admin_pages_render_for_the_planning_admin(world, client_for):
    client = client_for(world.admin)
    for model in (
        "plans/orgunit",
        "plans/strategicplan",
        "plans/goal",
        "plans/objective",
        "plans/reportingperiod",
        "plans/actionplan",
        "plans/activity",
        "indicators/indicator",
        "indicators/target",
        "indicators/progressentry",
    ):
        assert client.get(f"/admin/{model}/").status_code == 200, model
        assert client.get(f"/admin/{model}/", {"q": "G1"}).status_code == 200, model
    assert (
        client.get(f"/admin/indicators/indicator/{world.indicator_a.pk}/change/").status_code == 200
    )
    assert client.get(f"/admin/plans/strategicplan/{world.plan.pk}/change/").status_code == 200


def test_arabic_is_the_default_and_right_to_left(world, client_for):
    html = (
        client_for(world.admin).get(reverse("plan_detail", args=[world.plan.pk])).content.decode()
    )
    assert '<html lang="ar" dir="rtl">' in html
    assert "الأهداف والأهداف الفرعية والمؤشرات" in html


def test_english_is_left_to_right(world, client_for):
    client = client_for(world.admin)
    client.cookies["marsad_language"] = "en"
    html = client.get(reverse("plan_detail", args=[world.plan.pk])).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Goals, objectives and indicators" in html


def test_language_switch_is_remembered(world, client_for):
    client = client_for(world.admin)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies["marsad_language"].value == "en"
    assert '<html lang="en" dir="ltr">' in client.get(reverse("home")).content.decode()


def test_year_range_reads_left_to_right_in_arabic(world, client_for):
    html = (
        client_for(world.admin).get(reverse("plan_detail", args=[world.plan.pk])).content.decode()
    )
    assert '<bdi dir="ltr">2019–2023</bdi>' in html


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow_plan(world, goals: int, prefix: str) -> None:
    for g in range(goals):
        goal = builders.goal(world.plan, f"{prefix}{g}")
        for o in range(2):
            objective = builders.objective(goal, world.unit_a, f"{prefix}{g}.{o}")
            for i in range(3):
                builders.indicator(objective, world.unit_a, f"{prefix}{g}.{o}.{i}")


def test_plan_overview_query_count_does_not_grow_with_the_plan(world, client_for):
    client = client_for(world.officer_a)
    url = reverse("plan_detail", args=[world.plan.pk])
    _grow_plan(world, 1, "S")
    small = _count_queries(client, url)
    _grow_plan(world, 19, "L")
    assert _count_queries(client, url) == small == 10  # no closed quarter yet: no scores


def test_unit_page_query_count_does_not_grow_with_the_plan(world, client_for):
    client = client_for(world.head_a)
    url = reverse("unit_detail", args=[world.unit_a.pk])
    _grow_plan(world, 1, "S")
    builders.action_plan(world.plan, world.unit_a, 2020)
    small = _count_queries(client, url)
    _grow_plan(world, 19, "L")
    for year in (2021, 2022, 2023):
        builders.action_plan(world.plan, world.unit_a, year, activities=3)
    assert _count_queries(client, url) == small == 11  # no closed quarter yet: no scores


def test_breadcrumbs_lead_back_through_the_objective_and_the_goal(world, client_for):
    client = client_for(world.officer_a)
    page = client.get(reverse("indicator_detail", args=[world.indicator_a.pk])).content.decode()
    crumbs = page.split('<nav class="crumbs">', 1)[1].split("</nav>", 1)[0]
    plan = reverse("plan_detail", args=[world.plan.pk])
    assert f'href="{plan}"' in crumbs
    assert f'href="{plan}#goal-{world.goal.pk}"' in crumbs
    assert f'href="{reverse("objective_detail", args=[world.objective.pk])}"' in crumbs
    tree = client.get(plan).content.decode()
    assert f'id="goal-{world.goal.pk}"' in tree and f'id="objective-{world.objective.pk}"' in tree
    objective = client.get(reverse("objective_detail", args=[world.objective.pk])).content.decode()
    assert f'href="{plan}#goal-{world.goal.pk}"' in objective.split("</nav>", 2)[1]


def test_unit_page_shows_the_units_score_and_each_indicators(world, client_for):
    closed = builders.period(world.plan, 2021, 1, state="closed")
    for indicator, value in ((world.indicator_a, 50), (world.indicator_b, 100)):
        builders.target(indicator, 2021, 100, quarter=1)
        builders.entry(indicator, closed, value)
    page = (
        client_for(world.head_a)
        .get(reverse("unit_detail", args=[world.unit_a.pk]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "The unit's score for the year to date through 2021 Q1:" in page
    assert page.count(">50.0%</bdi>") == 2  # the unit's roll-up and its one indicator
    assert ">100.0%</bdi>" not in page  # unit B's indicator is not the unit's
