"""The REST API: every persona, filters and pages, the entry state machine, bad input,
fixed queries — under the same rules as the pages."""

import json
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from indicators import services
from indicators.models import Indicator, ProgressEntry, Target
from plans.models import (
    ActionPlan,
    Activity,
    Goal,
    Objective,
    OrgUnit,
    ReportingPeriod,
    StrategicPlan,
)
from tests import builders

pytestmark = pytest.mark.django_db

LISTS = [
    "units", "plans", "goals", "objectives", "indicators", "targets", "periods", "progress",
    "action-plans", "activities",
]  # fmt: skip


@pytest.fixture
def api():
    def as_user(user, language="en"):
        client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return as_user


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


# --- Authentication -------------------------------------------------------------------------


def test_token_from_username_and_password(cycle):
    client = APIClient()
    builders_user = cycle.world.officer_a
    response = client.post(
        "/api/v1/auth/token/", {"username": builders_user.username, "password": "pw-for-tests"}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/units/").status_code == 200


def test_wrong_password_gets_no_token(cycle):
    response = APIClient().post("/api/v1/auth/token/", {"username": "officer.a", "password": "x"})
    assert response.status_code == 400
    assert "errors" in response.json()


@pytest.mark.parametrize("resource", LISTS + ["achievement"])
def test_anonymous_gets_401(cycle, resource):
    response = APIClient().get(f"/api/v1/{resource}/")
    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.mark.parametrize("resource", LISTS + ["achievement"])
def test_a_signed_in_outsider_gets_404(cycle, api, resource):
    assert api(cycle.world.outsider).get(f"/api/v1/{resource}/").status_code == 404


# What each list holds, and (for the lists scoped to the reader's units) the unit each row
# belongs to; the plan itself (units, goals, indicators, targets…) is read by every member.
READS = {
    "units": (OrgUnit, None), "plans": (StrategicPlan, None), "goals": (Goal, None),
    "objectives": (Objective, None), "indicators": (Indicator, None), "targets": (Target, None),
    "periods": (ReportingPeriod, None), "progress": (ProgressEntry, "indicator__unit"),
    "action-plans": (ActionPlan, "unit"), "activities": (Activity, "action_plan__unit"),
}  # fmt: skip
A, B = ("unit_a", "unit_a1"), ("unit_b",)
SEES = {"admin": None, "viewer": None, "head_a": A, "officer_a": A, "head_b": B, "officer_b": B}


@pytest.mark.parametrize("who", list(SEES))
@pytest.mark.parametrize("resource", LISTS)
def test_every_member_reads_every_list(cycle, api, who, resource):
    # Each member reads every row of the list they may see, and no other.
    world = cycle.world
    for indicator in (world.indicator_a, world.indicator_a1, world.indicator_b):
        entry(cycle, indicator)
    builders.action_plan(world.plan, world.unit_a, 2021, activities=2)
    builders.action_plan(world.plan, world.unit_b, 2021, activities=1)
    model, unit_path = READS[resource]
    every_row = set(model.objects.values_list("pk", flat=True))
    rows = model.objects.all()
    if unit_path is not None and SEES[who] is not None:
        units = [getattr(world, name) for name in SEES[who]]
        rows = rows.filter(**{f"{unit_path}__in": units})
    expected = set(rows.values_list("pk", flat=True))
    assert expected and (expected < every_row) == (unit_path is not None and SEES[who] is not None)
    response = api(getattr(world, who)).get(f"/api/v1/{resource}/", {"page_size": 100})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert {row["id"] for row in body["results"]} == expected
    assert body["count"] == len(expected)


def test_the_lists_read_are_the_lists_of_the_api():
    assert list(READS) == LISTS


def test_session_authentication_works_too(cycle, client):
    client.force_login(cycle.world.viewer)
    assert client.get("/api/v1/plans/").status_code == 200


# --- Reading what one may see ---------------------------------------------------------------


def entry(cycle, indicator, value="10", status="approved"):
    return builders.entry(indicator, cycle.closed_period, value, status=status)


def test_progress_lists_only_what_the_user_may_see(cycle, api):
    world = cycle.world
    a = entry(cycle, world.indicator_a)
    b = entry(cycle, world.indicator_b)
    ids = lambda who: {e["id"] for e in api(who).get("/api/v1/progress/").json()["results"]}  # noqa: E731
    assert ids(world.officer_a) == {a.pk}
    assert ids(world.head_b) == {b.pk}
    assert ids(world.viewer) == ids(world.admin) == {a.pk, b.pk}
    assert api(world.officer_a).get(f"/api/v1/progress/{b.pk}/").status_code == 404


def test_decimals_are_strings_and_names_bilingual(cycle, api):
    world = cycle.world
    entry(cycle, world.indicator_a, "12.5")
    result = api(world.admin).get("/api/v1/progress/").json()["results"][0]
    assert result["value"] == "12.5000"
    unit = api(world.admin).get(f"/api/v1/units/{world.unit_a.pk}/").json()
    assert (unit["name_ar"], unit["name_en"]) == ("مديرية أ", "Directorate A")


def test_filters(cycle, api):
    world = cycle.world
    client = api(world.admin)
    entry(cycle, world.indicator_a)
    entry(cycle, world.indicator_b, status="returned")
    by = lambda url: client.get(url).json()["count"]  # noqa: E731
    assert by(f"/api/v1/indicators/?unit={world.unit_a.pk}") == 1
    assert by(f"/api/v1/indicators/?goal={world.goal.pk}") == 3
    assert by(f"/api/v1/objectives/?goal={world.goal.pk}") == 1
    assert by("/api/v1/progress/?status=returned") == 1
    assert by(f"/api/v1/progress/?unit={world.unit_b.pk}&year=2021&quarter=1") == 1
    assert by(f"/api/v1/periods/?plan={world.plan.pk}&status=open") == 1
    assert by(f"/api/v1/targets/?plan={world.plan.pk}&year=2021") == 3
    assert client.get("/api/v1/progress/?status=flying").status_code == 400


def test_pagination(cycle, api):
    for i in range(5):
        builders.unit(f"extra-{i}")
    page = api(cycle.world.admin).get("/api/v1/units/?page_size=2").json()
    assert page["count"] == 10 and len(page["results"]) == 2 and page["next"]
    assert api(cycle.world.admin).get("/api/v1/units/?page=99").status_code == 404


# --- Writing: the state machine -------------------------------------------------------------


def create(cycle, client, indicator, **fields):
    data = {"indicator": indicator.pk, "period": cycle.open_period.pk, **fields}
    return post(client, "/api/v1/progress/", data)


def test_a_quarter_of_work_through_the_api(cycle, api):
    world = cycle.world
    officer, head = api(world.officer_a), api(world.head_a)
    created = create(cycle, officer, world.indicator_a, value="٢٠٫٥", comment="from the field")
    assert created.status_code == 201
    body = created.json()
    assert (body["value"], body["status"], body["version"]) == ("20.5000", "draft", 1)
    changed = officer.patch(
        f"/api/v1/progress/{body['id']}/", {"version": 1, "value": "21"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    submitted = post(officer, f"/api/v1/progress/{body['id']}/submit/", {"version": 2})
    assert submitted.json()["status"] == "submitted"
    returned = post(
        head, f"/api/v1/progress/{body['id']}/return/", {"version": 3, "comment": "Check"}
    )
    assert returned.json()["status"] == "returned"
    post(officer, f"/api/v1/progress/{body['id']}/submit/", {"version": 4})
    approved = post(head, f"/api/v1/progress/{body['id']}/approve/", {"version": 5})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert ProgressEntry.objects.get().value == D(21)


def test_a_stale_version_answers_409(cycle, api):
    world = cycle.world
    body = create(cycle, api(world.officer_a), world.indicator_a, value="5").json()
    api(world.admin).patch(
        f"/api/v1/progress/{body['id']}/", {"version": 1, "value": "6"}, format="json"
    )
    response = api(world.officer_a).patch(
        f"/api/v1/progress/{body['id']}/", {"version": 1, "value": "7"}, format="json"
    )
    assert response.status_code == 409
    assert "admin changed this entry" in response.json()["detail"]
    assert ProgressEntry.objects.get().value == D(6)


def test_transitions_not_allowed_answer_409(cycle, api):
    world = cycle.world
    body = create(cycle, api(world.officer_a), world.indicator_a, value="5").json()
    assert (
        post(
            api(world.head_a), f"/api/v1/progress/{body['id']}/approve/", {"version": 1}
        ).status_code
        == 409
    )
    assert create(cycle, api(world.officer_a), world.indicator_a, value="6").status_code == 409


def test_a_locked_period_answers_409(cycle, api):
    world = cycle.world
    data = {"indicator": world.indicator_a.pk, "period": cycle.closed_period.pk, "value": "5"}
    assert post(api(world.officer_a), "/api/v1/progress/", data).status_code == 409
    late = post(api(world.admin), "/api/v1/progress/", {**data, "late_reason": "paper form"})
    assert late.status_code == 201


@pytest.mark.parametrize("who", ["head_a", "viewer"])
def test_who_may_see_but_not_enter_gets_403(cycle, api, who):
    response = create(cycle, api(getattr(cycle.world, who)), cycle.world.indicator_a, value="5")
    assert response.status_code == 403


def test_another_units_indicator_is_not_found_for_an_officer(cycle, api):
    response = create(cycle, api(cycle.world.officer_b), cycle.world.indicator_a, value="5")
    assert response.status_code == 400
    assert "indicator" in response.json()["errors"]


def test_officer_cannot_approve_and_other_head_cannot_see(cycle, api):
    world = cycle.world
    entry_ = services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a, value=D(5)
    )
    entry_ = services.progress_submit(entry=entry_, by=world.officer_a, expected_version=1)
    assert (
        post(
            api(world.officer_a), f"/api/v1/progress/{entry_.pk}/approve/", {"version": 2}
        ).status_code
        == 403
    )
    assert (
        post(
            api(world.head_b), f"/api/v1/progress/{entry_.pk}/approve/", {"version": 2}
        ).status_code
        == 404
    )
    assert (
        post(api(world.head_a), f"/api/v1/progress/{entry_.pk}/return/", {"version": 2}).status_code
        == 400
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"value": "abc"}, "value"),
        ({"value": True}, "value"),
        ({"value": ["1"]}, "value"),
        ({"value": "-3"}, "value"),
        ({"value": "1e400"}, "value"),
        ({}, "value"),
        ({"value": "5", "colour": "red"}, "colour"),
        ({"value": "5", "indicator": "x"}, "indicator"),
        ({"value": "5", "period": None}, "period"),
    ],
)
def test_bad_input_is_400_with_messages(cycle, api, payload, field):
    data = {"indicator": cycle.world.indicator_a.pk, "period": cycle.open_period.pk, **payload}
    response = post(api(cycle.world.officer_a), "/api/v1/progress/", data)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] and field in body["errors"]
    assert not ProgressEntry.objects.exists()


def test_bad_input_messages_follow_accept_language(cycle, api):
    data = {"indicator": cycle.world.indicator_a.pk, "period": cycle.open_period.pk, "value": "x"}
    body = post(api(cycle.world.officer_a, language="ar"), "/api/v1/progress/", data).json()
    assert body["errors"]["value"] == ["أدخل رقمًا، مثل 1250 أو 12.5."]


def test_wrong_content_type_and_broken_json_are_400(cycle, api):
    client = api(cycle.world.officer_a)
    assert client.post("/api/v1/progress/", "value=1", content_type="text/plain").status_code == 400
    assert (
        client.post("/api/v1/progress/", "{not json", content_type="application/json").status_code
        == 400
    )
    assert post(client, "/api/v1/progress/", ["a", "list"]).status_code == 400


def test_a_huge_payload_is_400(cycle, api):
    data = {"indicator": cycle.world.indicator_a.pk, "period": cycle.open_period.pk,
            "value": "5", "comment": "x" * (3 * 1024 * 1024)}  # fmt: skip
    assert post(api(cycle.world.officer_a), "/api/v1/progress/", data).status_code == 400


def test_delete_is_not_offered(cycle, api):
    body = create(cycle, api(cycle.world.officer_a), cycle.world.indicator_a, value="5").json()
    assert api(cycle.world.admin).delete(f"/api/v1/progress/{body['id']}/").status_code == 405


# --- Fixed queries --------------------------------------------------------------------------


def _list_queries(client, resource) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v1/{resource}/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("resource", LISTS)
def test_list_queries_do_not_grow_with_the_rows(cycle, api, resource):
    world = cycle.world
    client = api(world.admin)
    builders.entry(world.indicator_a, cycle.closed_period, 3)  # one row of each, to start
    builders.action_plan(world.plan, world.unit_a, 2021, activities=1)
    small = _list_queries(client, resource)
    goal = builders.goal(world.plan, "G8")
    for i in range(8):
        objective = builders.objective(goal, world.unit_a, f"G8.{i}")
        indicator = builders.indicator(objective, world.unit_a, f"G8.{i}.1")
        builders.target(indicator, 2021, 10)
        builders.entry(indicator, cycle.closed_period, 3)
        builders.unit(f"more-{i}")
        builders.action_plan(world.plan, builders.unit(f"ap-{i}"), 2021, activities=2)
    assert _list_queries(client, resource) == small
