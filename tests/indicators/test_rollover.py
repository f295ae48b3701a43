"""Roll-over: the next plan started from this one, its lineage, and the old plan untouched."""

import hashlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from indicators.demo import seed_demo
from indicators.models import Indicator
from indicators.selectors.entry import entry_rows
from indicators.services.rollover import plan_rollover
from plans.models import Goal, Objective, StrategicPlan
from tests import builders

pytestmark = pytest.mark.django_db

PERSONAS = ["head_a", "head_b", "officer_a", "officer_b", "viewer"]
# What a copied indicator does not take over from its predecessor.
NOT_COPIED = {"id", "plan", "objective", "predecessor", "baseline_value", "baseline_year"}


def rows_by_model() -> dict[str, list[dict]]:
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for app in ("plans", "indicators", "reports")
        for model in apps.get_app_config(app).get_models()
    }


def checksum(rows: list[dict]) -> str:
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture
def demo():
    plan = seed_demo().plan
    return plan, get_user_model().objects.get(username="planner")


def roll(plan, by, **changes):
    fields = {
        "code": "moi-2024-2028",
        "name_ar": "الخطة الاستراتيجية 2024–2028",
        "name_en": "Strategic plan 2024–2028",
        "first_year": 2024,
        "last_year": 2028,
    }
    fields.update(changes)
    return plan_rollover(plan=plan, by=by, **fields)


# --- The demo plan rolled over ----------------------------------------------------------------


def test_rolling_over_the_demo_plan_adds_exactly_its_structure(demo):
    plan, planner = demo
    before = {label: len(rows) for label, rows in rows_by_model().items()}
    result = roll(plan, planner)
    after = {label: len(rows) for label, rows in rows_by_model().items()}
    added = {
        label: after[label] - before[label] for label in after if after[label] != before[label]
    }
    assert added == {
        "plans.StrategicPlan": 1,
        "plans.Goal": 5,
        "plans.Objective": 19,
        "indicators.Indicator": 62,
    }
    assert (result.goals, result.objectives, result.indicators) == (5, 19, 62)
    new = result.plan
    assert (new.code, new.status, new.first_year, new.last_year, new.revision) == (
        "moi-2024-2028",
        "draft",
        2024,
        2028,
        0,
    )
    for name in ("green_threshold", "amber_threshold", "achievement_cap", "band_medium",
                 "band_high", "band_critical", "is_illustrative"):  # fmt: skip
        assert getattr(new, name) == getattr(plan, name), name


def test_the_old_plan_is_untouched(demo):
    plan, planner = demo
    before = rows_by_model()
    roll(plan, planner)
    after = rows_by_model()
    for label, rows in before.items():
        kept = [row for row in after[label] if row["id"] in {r["id"] for r in rows}]
        assert checksum(kept) == checksum(rows), label


def test_goals_objectives_and_indicators_are_copied_with_every_field(demo):
    plan, planner = demo
    new = roll(plan, planner).plan
    for model in (Goal, Objective):
        old_rows = model.objects.filter(plan=plan).order_by("code").values()
        new_rows = model.objects.filter(plan=new).order_by("code").values()
        strip = {"id", "plan_id", "goal_id"}
        assert [{k: v for k, v in r.items() if k not in strip} for r in new_rows] == [
            {k: v for k, v in r.items() if k not in strip} for r in old_rows
        ]
    fields = [f.attname for f in Indicator._meta.concrete_fields if f.name not in NOT_COPIED]
    old = {i.code: i for i in Indicator.objects.filter(plan=plan).select_related("objective")}
    copied = Indicator.objects.filter(plan=new).select_related("objective", "objective__goal")
    assert len(copied) == len(old) == 62
    for indicator in copied:
        predecessor = old[indicator.code]
        assert [getattr(indicator, f) for f in fields] == [getattr(predecessor, f) for f in fields]
        assert indicator.objective.code == predecessor.objective.code
        assert indicator.objective.goal.plan_id == new.pk
        assert indicator.predecessor_id == predecessor.pk  # the lineage


@pytest.mark.parametrize(
    ("code", "value", "year"),
    [
        # A count: the last complete year (2023 has only Q1–Q3 approved): 2022's four quarters.
        ("G1.1.1", Decimal("37988.0000"), 2022),
        # A ratio summed: Σ numerators / Σ denominators of 2023's approved quarters.
        ("G1.1.2", Decimal("75.0434"), 2023),
        # A percentage, last reported: 2023's last approved quarter.
        ("G1.2.2", Decimal("57.7000"), 2023),
    ],
)
def test_baselines_are_proposed_from_the_predecessors_last_approved_year(demo, code, value, year):
    plan, planner = demo
    result = roll(plan, planner)
    indicator = Indicator.objects.get(plan=result.plan, code=code)
    assert (indicator.baseline_value, indicator.baseline_year) == (value, year)
    proposed = {b.code: (b.value, b.year) for b in result.baselines}
    assert proposed[code] == (value, year)
    assert len(proposed) == 62  # every demo indicator has approved values


def test_a_baseline_is_proposed_by_the_engine_from_approved_values_only(world):
    plan = world.plan
    periods = [builders.period(plan, 2023, q) for q in (1, 2, 3, 4)]
    for period, value in zip(periods, (10, 20, 30, 40), strict=True):
        builders.entry(world.indicator_a, period, value)  # a count: 100 in 2023
    builders.entry(world.indicator_a1, periods[0], 7, status="submitted")  # not approved
    Indicator.objects.filter(pk=world.indicator_a1.pk).update(
        baseline_value=Decimal(5), baseline_year=2018
    )
    result = roll(plan, world.admin)
    copies = {i.code: i for i in Indicator.objects.filter(plan=result.plan)}
    assert (copies["G1.1.1"].baseline_value, copies["G1.1.1"].baseline_year) == (100, 2023)
    # Without an approved value the old plan's baseline is kept, and not said to be proposed.
    assert (copies["G1.1.2"].baseline_value, copies["G1.1.2"].baseline_year) == (5, 2018)
    assert [b.code for b in result.baselines] == ["G1.1.1"]


# --- Bad input and rights --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": "taken"}, "code", "Another plan already has this code."),
        ({"first_year": 2023}, "first_year", "The next plan must start after this one ends"),
        ({"first_year": 2028, "last_year": 2024}, "last_year", "The last year cannot come"),
        ({"name_ar": "  "}, "name_ar", "Enter the plan's name in Arabic."),
        ({"code": "not a slug!"}, "code", "Enter a valid “slug”"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_created(world, changes, field, message):
    builders.plan(code="taken", first_year=2030, last_year=2031)
    count = StrategicPlan.objects.count()
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            roll(world.plan, world.admin, **changes)
        assert field in refused.value.message_dict
        assert message in " ".join(refused.value.message_dict[field])
    assert StrategicPlan.objects.count() == count
    assert Indicator.objects.count() == 3


@pytest.mark.parametrize("name", PERSONAS)
def test_only_a_planning_admin_may_roll_over(world, name):
    with pytest.raises(PermissionDenied):
        roll(world.plan, getattr(world, name))
    assert StrategicPlan.objects.count() == 1


def _page(plan):
    return reverse("plan_rollover", args=[plan.pk])


@pytest.mark.parametrize(
    ("name", "expected"),
    [("admin", 200), *[(p, 403) for p in PERSONAS], ("outsider", 404)],
)
def test_the_rollover_page_is_for_the_planning_admin(world, client_for, name, expected):
    client = client_for(getattr(world, name))
    assert client.get(_page(world.plan)).status_code == expected
    data = {"code": "next", "name_ar": "التالية", "first_year": 2024, "last_year": 2028}
    posted = client.post(_page(world.plan), data)
    assert posted.status_code == (302 if name == "admin" else expected)
    assert StrategicPlan.objects.filter(code="next").exists() == (name == "admin")


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(_page(world.plan))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["admin", *PERSONAS])
def test_the_plan_page_offers_the_rollover_to_the_planning_admin_only(world, client_for, name):
    page = client_for(getattr(world, name)).get(reverse("plan_detail", args=[world.plan.pk]))
    assert (_page(world.plan) in page.content.decode()) is (name == "admin")


def test_the_form_proposes_the_following_years(world, client_for):
    form = client_for(world.admin).get(_page(world.plan)).context["form"]
    assert (form["first_year"].value(), form["last_year"].value()) == (2024, 2028)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "taken"}, "Another plan already has this code."),
        ({"first_year": 2022}, "The next plan must start after this one ends (after 2023)."),
        ({"first_year": 2028, "last_year": 2024}, "The last year cannot come before the first"),
        ({"name_ar": ""}, "This field is required."),
    ],
)
def test_bad_input_on_the_page_is_shown_and_creates_nothing(world, client_for, data, message):
    builders.plan(code="taken", first_year=2030, last_year=2031)
    posted = {"code": "next", "name_ar": "التالية", "first_year": 2024, "last_year": 2028}
    posted.update(data)
    response = client_for(world.admin).post(_page(world.plan), posted, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert StrategicPlan.objects.count() == 2


def test_an_empty_form_is_answered_field_by_field(world, client_for):
    response = client_for(world.admin).post(_page(world.plan), {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"code", "name_ar", "first_year", "last_year"}
    assert StrategicPlan.objects.count() == 1


def test_bad_input_is_explained_in_arabic(world, client_for):
    response = client_for(world.admin).post(
        _page(world.plan), {"code": "x", "name_ar": "س", "first_year": 2022, "last_year": 2026}
    )
    assert response.status_code == 400
    assert "يجب أن تبدأ الخطة التالية بعد انتهاء هذه الخطة (بعد 2023)." in response.content.decode()


def test_the_new_plans_page_shows_what_was_copied_and_proposed(world, client_for):
    period = builders.period(world.plan, 2023, 4)
    builders.entry(world.indicator_a, period, 12)
    client = client_for(world.admin)
    data = {"code": "next", "name_ar": "التالية", "first_year": 2024, "last_year": 2028}
    response = client.post(_page(world.plan), data, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    new = StrategicPlan.objects.get(code="next")
    assert response.redirect_chain == [(reverse("plan_detail", args=[new.pk]), 302)]
    html = response.content.decode()
    assert "goals 1, objectives 1, indicators 3" in html
    assert '<td class="code"><bdi dir="ltr">G1.1.1</bdi></td><td class="num">12</td>' in html
    # Shown once: the plan's page is the plain page again afterwards.
    again = client.get(reverse("plan_detail", args=[new.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "rollover-summary" not in again.content.decode()


# --- Lineage on the indicator and entry pages -----------------------------------------------


@pytest.fixture
def rolled(world):
    """The world's plan with approved values for 2023, rolled over into 2024–2028."""
    periods = [builders.period(world.plan, 2023, q) for q in (1, 2, 3, 4)]
    for period, value in zip(periods, (10, 20, 30, 40), strict=True):
        builders.entry(world.indicator_a, period, value)
    builders.entry(world.indicator_a, builders.period(world.plan, 2022, 4), 50)
    new = roll(world.plan, world.admin).plan
    return world, new, Indicator.objects.get(plan=new, code="G1.1.1")


def test_the_indicator_page_links_to_its_predecessor_and_reaches_back(rolled, client_for):
    world, new, indicator = rolled
    response = client_for(world.officer_a).get(
        reverse("indicator_detail", args=[indicator.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert reverse("indicator_detail", args=[world.indicator_a.pk]) in html
    assert f"of {world.plan.name_en}" in html
    rows = response.context["yearly_actuals"]
    assert [(row.year, row.actual, row.quarters, row.trend) for row in rows] == [
        (2022, Decimal(50), 1, ""),
        (2023, Decimal(100), 4, "↑"),
    ]
    assert [e.period.key for e in response.context["entries"]] == [
        (2023, 4), (2023, 3), (2023, 2), (2023, 1), (2022, 4),
    ]  # fmt: skip


def _indicator_page_queries(client, indicator) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("indicator_detail", args=[indicator.pk])).status_code == 200
    return len(queries)


def test_the_indicator_page_reads_in_the_same_queries_with_or_without_a_predecessor(
    rolled, client_for
):
    world, new, indicator = rolled
    client = client_for(world.officer_a)
    assert _indicator_page_queries(client, world.indicator_a) == 13
    assert _indicator_page_queries(client, indicator) == 13
    for quarter in (1, 2, 3):
        builders.entry(indicator, builders.period(new, 2024, quarter), 5 * quarter)
    assert _indicator_page_queries(client, indicator) == 13


def test_the_entry_page_last_values_reach_back_into_the_predecessor(rolled):
    world, new, indicator = rolled
    first = builders.period(new, 2024, 1, state="open")
    rows = {row.indicator.code: row for row in entry_rows(first, None)}
    history = [(p.key, e.value if e else None) for p, e in rows["G1.1.1"].history]
    assert history == [((2023, 1), 10), ((2023, 2), 20), ((2023, 3), 30), ((2023, 4), 40)]
    assert rows["G1.1.2"].history == []  # no approved value before

    second = builders.period(new, 2024, 2, state="open")
    builders.entry(indicator, first, 7)
    rows = {row.indicator.code: row for row in entry_rows(second, None)}
    history = [(p.key, e.value if e else None) for p, e in rows["G1.1.1"].history]
    assert history == [((2023, 2), 20), ((2023, 3), 30), ((2023, 4), 40), ((2024, 1), 7)]
    assert [(p.key, e) for p, e in rows["G1.1.2"].history] == [((2024, 1), None)]


def test_the_entry_page_reaches_back_in_one_more_query_only_when_it_must(rolled):
    world, new, indicator = rolled
    first = builders.period(new, 2024, 1, state="open")
    builders.entry(indicator, first, 7, status="draft")
    with CaptureQueriesContext(connection) as queries:
        entry_rows(first, None)
    assert len(queries) == 6
    for quarter in (2, 3, 4):
        builders.period(new, 2024, quarter, state="closed")
    fifth = builders.period(new, 2025, 1, state="open")
    builders.entry(indicator, fifth, 8, status="draft")
    with CaptureQueriesContext(connection) as queries:
        entry_rows(fifth, None)
    assert len(queries) == 5  # four quarters of its own: nothing to reach back for
