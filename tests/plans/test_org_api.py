"""The builder's write API for units, action plans, activities, risks, mitigation actions,
scenarios and scenario targets: every persona, bad input, cross-plan references, unknown
fields, deletes refused with dependants, fixed queries on the lists."""

import datetime
import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from indicators.models import Scenario, ScenarioTarget
from plans.models import (
    ActionPlan,
    Activity,
    ActivityProgress,
    OrgUnit,
    Risk,
    RiskAction,
    RiskAssessment,
    RiskScoreChange,
)
from tests import builders

pytestmark = pytest.mark.django_db

# Who may write: the planning admin; members who may read get 403; outsiders 404; no
# credentials 401.
WRITERS = [
    ("admin", "ok"), ("head_a", 403), ("officer_a", 403), ("officer_b", 403), ("viewer", 403),
    ("outsider", 404), (None, 401),
]  # fmt: skip


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return as_user


def send(client, method, url, data=None):
    return getattr(client, method)(url, json.dumps(data or {}), content_type="application/json")


def who(world, name):
    return None if name is None else getattr(world, name)


def bodies(world, action_plan, risk, scenario):
    """A valid POST body per resource."""
    return {
        "units": {"code": "logistics", "name_ar": "الإمداد", "kind": "directorate",
                  "parent": world.agency.pk, "email": "log@example.test"},
        "action-plans": {"plan": world.plan.pk, "unit": world.unit_b.pk, "year": 2022,
                         "title_ar": "خطة عمل"},
        "activities": {"action_plan": action_plan.pk, "code": "A9", "title_ar": "نشاط",
                       "owner_ar": "قسم", "objective": world.objective.pk,
                       "planned_start": "2021-01-01", "planned_end": "2021-06-30",
                       "weight": "2", "budget_planned": "5000"},
        "risks": {"plan": world.plan.pk, "code": "R9", "category": "security",
                  "title_ar": "خطر", "unit": world.unit_a.pk, "likelihood": 3, "impact": 4,
                  "objectives": [world.objective.pk], "review_on": "2021-09-30"},
        "risk-actions": {"risk": risk.pk, "title_ar": "إجراء", "due_on": "2021-09-30"},
        "scenarios": {"plan": world.plan.pk, "code": "optimistic", "name_ar": "متفائل"},
    }  # fmt: skip


MODELS = {
    "units": OrgUnit, "action-plans": ActionPlan, "activities": Activity, "risks": Risk,
    "risk-actions": RiskAction, "scenarios": Scenario,
}  # fmt: skip


@pytest.fixture
def things(world):
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021, activities=1)
    risk = builders.risk(world.plan, world.unit_a, "R1", [world.objective])
    RiskAction.objects.create(risk=risk, title_ar="إجراء أول")
    scenario = builders.scenario(world.plan, "base")
    lone = builders.unit("lone")
    return action_plan, risk, scenario, lone


def existing(world, things):
    action_plan, risk, scenario, lone = things
    return {
        "units": lone, "action-plans": action_plan, "activities": action_plan.activities.get(),
        "risks": risk, "risk-actions": risk.actions.get(), "scenarios": scenario,
    }  # fmt: skip


@pytest.mark.parametrize(("persona", "expected"), WRITERS)
@pytest.mark.parametrize("resource", list(MODELS))
def test_writes_by_persona(world, things, api, persona, expected, resource):
    client = api(who(world, persona))
    model = MODELS[resource]
    before = model.objects.count()
    body = bodies(world, *things[:3])[resource]
    target = existing(world, things)[resource]
    created = send(client, "post", f"/api/v1/{resource}/", body)
    changed = send(client, "patch", f"/api/v1/{resource}/{target.pk}/", {"title_ar": "جديد"}
                   if resource not in ("units", "scenarios") else {"name_ar": "جديد"})  # fmt: skip
    deleted = client.delete(f"/api/v1/{resource}/{target.pk}/")
    if expected == "ok":
        assert created.status_code == 201, created.json()
        assert changed.status_code == 200, changed.json()
        assert deleted.status_code == 204
        assert model.objects.count() == before  # one created, one deleted
        assert created.json()["id"] == model.objects.latest("pk").pk
    else:
        # Unit A's action plans and risks are not even visible to unit B's officer.
        hidden = persona == "officer_b" and resource not in ("units", "scenarios")
        on_object = 404 if hidden else expected
        assert (created.status_code, changed.status_code, deleted.status_code) == (
            expected, on_object, on_object
        )  # fmt: skip
        assert model.objects.count() == before
        assert "detail" in created.json()


def test_an_officer_patching_what_they_cannot_see_gets_404(world, things, api):
    risk_of_a = things[1]
    response = send(api(world.officer_b), "patch", f"/api/v1/risks/{risk_of_a.pk}/", {})
    assert response.status_code == 404


def test_put_is_not_offered(world, things, api):
    response = send(api(world.admin), "put", f"/api/v1/units/{things[3].pk}/", {})
    assert response.status_code == 405


@pytest.mark.parametrize("resource", list(MODELS))
def test_unknown_fields_are_refused(world, things, api, resource):
    body = {**bodies(world, *things[:3])[resource], "colour": "red"}
    response = send(api(world.admin), "post", f"/api/v1/{resource}/", body)
    assert response.status_code == 400
    assert response.json()["errors"] == {"colour": ["This field is not known."]}


def test_a_unit_is_created_and_its_answer_has_the_email(world, api):
    response = send(api(world.admin), "post", "/api/v1/units/", {
        "code": "logistics", "name_ar": "الإمداد", "kind": "directorate",
        "parent": world.agency.pk, "email": "log@example.test", "order": 4})  # fmt: skip
    unit = OrgUnit.objects.get(code="logistics")
    assert response.json() == {
        "id": unit.pk, "code": "logistics", "name_ar": "الإمداد", "name_en": "",
        "kind": "directorate", "parent": world.agency.pk, "order": 4, "email": "log@example.test",
    }  # fmt: skip


def test_patch_keeps_what_it_does_not_send(world, api):
    response = send(api(world.admin), "patch", f"/api/v1/units/{world.unit_a1.pk}/",
                    {"email": "a1@example.test"})  # fmt: skip
    assert response.status_code == 200
    world.unit_a1.refresh_from_db()
    assert (world.unit_a1.email, world.unit_a1.parent, world.unit_a1.code) == (
        "a1@example.test", world.unit_a, "unit-a1"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("resource", "changes", "field", "message"),
    [
        ("units", {"name_ar": " "}, "name_ar", "This field may not be blank."),
        ("units", {"code": "unit-a"}, "code", "Another unit already has this code."),
        ("action-plans", {"year": 2030}, "year", "The year must be inside the plan (2019–2023)."),
        ("action-plans", {"title_ar": ""}, "title_ar", "This field may not be blank."),
        ("activities", {"planned_end": "2020-01-01"}, "planned_end",
         "The planned end cannot be before the planned start."),
        ("activities", {"weight": "0"}, "weight", "The weight must be more than zero."),
        ("activities", {"budget_spent": "-1"}, "budget_spent", "A budget cannot be negative."),
        ("risks", {"likelihood": 6}, "likelihood",
         "Ensure this value is less than or equal to 5."),
        ("risks", {"code": "R1"}, "code", "Another risk of this plan already has this code."),
        ("scenarios", {"code": "base"}, "code",
         "Another scenario of this plan already has this code."),
    ],
)  # fmt: skip
def test_bad_input_is_a_400_with_the_field_and_nothing_is_written(
    world, things, api, resource, changes, field, message
):
    model = MODELS[resource]
    before = model.objects.count()
    body = {**bodies(world, *things[:3])[resource], **changes}
    response = send(api(world.admin), "post", f"/api/v1/{resource}/", body)
    assert response.status_code == 400
    assert response.json()["errors"][field] == [message]
    assert model.objects.count() == before


def test_cross_plan_references_are_refused(world, things, api):
    action_plan, risk, scenario, _lone = things
    other = builders.plan(2024, 2028)
    foreign = builders.objective(builders.goal(other, "G1"), world.unit_a, "G1.1")
    foreign_indicator = builders.indicator(foreign, world.unit_a, "G1.1.1")
    client = api(world.admin)
    body = {**bodies(world, *things[:3])["activities"], "objective": foreign.pk}
    response = send(client, "post", "/api/v1/activities/", body)
    assert response.json()["errors"]["objective"] == [
        "The objective must belong to the action plan's plan."
    ]
    response = send(client, "patch", f"/api/v1/risks/{risk.pk}/", {"objectives": [foreign.pk]})
    assert response.status_code == 400
    assert "objectives" in response.json()["errors"]
    assert list(Risk.objects.get(pk=risk.pk).objectives.all()) == [world.objective]
    response = send(client, "post", f"/api/v1/scenarios/{scenario.pk}/targets/",
                    {"targets": [{"indicator": foreign_indicator.pk, "year": 2024,
                                  "value": "5"}]})  # fmt: skip
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"indicator", "year"}
    assert Activity.objects.count() == 1 and not ScenarioTarget.objects.exists()


def test_the_plan_of_a_risk_cannot_be_patched(world, things, api):
    other = builders.plan(2024, 2028)
    response = send(api(world.admin), "patch", f"/api/v1/risks/{things[1].pk}/",
                    {"plan": other.pk})  # fmt: skip
    assert response.json()["errors"] == {"plan": ["This field is not known."]}


def test_a_risk_score_patch_is_recorded(world, things, api):
    risk = things[1]
    response = send(api(world.admin), "patch", f"/api/v1/risks/{risk.pk}/",
                    {"likelihood": 5, "reason": "new intelligence"})  # fmt: skip
    assert response.status_code == 200
    assert (response.json()["likelihood"], response.json()["score"]) == (5, 20)
    change = RiskScoreChange.objects.get(risk=risk)
    assert (change.old_likelihood, change.new_likelihood, change.reason) == (
        3, 5, "new intelligence"
    )  # fmt: skip


def test_deletes_with_dependants_are_refused(cycle, api):
    world = cycle.world
    client = api(world.admin)
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021, activities=1)
    activity = action_plan.activities.get()
    ActivityProgress.objects.create(
        activity=activity, period=cycle.closed_period, percent_complete=5, status="in_progress"
    )
    risk = builders.risk(world.plan, world.unit_a, "R1")
    RiskAssessment.objects.create(risk=risk, period=cycle.closed_period, likelihood=1, impact=1)
    urls = [f"/api/v1/units/{world.unit_b.pk}/", f"/api/v1/activities/{activity.pk}/",
            f"/api/v1/action-plans/{action_plan.pk}/", f"/api/v1/risks/{risk.pk}/"]  # fmt: skip
    for url in urls:
        response = client.delete(url)
        assert response.status_code == 409, url  # a conflict with what depends on it
        assert response.json()["detail"].endswith(".")
    assert OrgUnit.objects.filter(pk=world.unit_b.pk).exists()
    assert (Activity.objects.count(), Risk.objects.count()) == (1, 1)


def test_the_scenario_target_grid_through_the_api(world, things, api):
    scenario = things[2]
    a, b = world.indicator_a.pk, world.indicator_b.pk
    client = api(world.admin)
    url = f"/api/v1/scenarios/{scenario.pk}/targets/"
    response = send(client, "post", url, {"targets": [
        {"indicator": a, "year": 2021, "value": "١٢٫٥"},
        {"indicator": b, "year": 2022, "value": "7"},
    ]})  # fmt: skip
    assert response.status_code == 200
    assert response.json() == {"created": 2, "changed": 0, "deleted": 0, "targets": [
        {"indicator": a, "year": 2021, "value": "12.5000"},
        {"indicator": b, "year": 2022, "value": "7.0000"},
    ]}  # fmt: skip
    response = send(
        client, "post", url, {"targets": [{"indicator": b, "year": 2022, "value": None}]}
    )
    assert response.json()["deleted"] == 1
    listed = client.get(f"/api/v1/scenarios/{scenario.pk}/").json()
    assert listed["targets"] == [{"indicator": a, "year": 2021, "value": "12.5000"}]
    bad = send(client, "post", url, {"targets": [{"indicator": a, "year": 2021, "value": "x"}]})
    assert bad.status_code == 400
    assert send(api(world.viewer), "post", url, {"targets": []}).status_code == 403


def test_the_risk_actions_resource_lists_only_visible_risks(world, things, api):
    builders.risk(world.plan, world.unit_b, "RB").actions.create(title_ar="ب")
    listed = api(world.officer_a).get("/api/v1/risk-actions/").json()
    assert [row["title_ar"] for row in listed["results"]] == ["إجراء أول"]
    everything = api(world.viewer).get(f"/api/v1/risk-actions/?risk={things[1].pk}").json()
    assert everything["count"] == 1


# --- Fixed queries on the lists --------------------------------------------------------------


def _rows(world, n):
    for i in range(n):
        unit = builders.unit(f"rows-{i}", parent=world.unit_a)
        risk = builders.risk(world.plan, unit, f"RR{i}", [world.objective])
        risk.actions.create(title_ar=f"إجراء {i}", due_on=datetime.date(2021, 1, 1))
        scenario = builders.scenario(world.plan, f"rows-{i}")
        for indicator in (world.indicator_a, world.indicator_b):
            ScenarioTarget.objects.create(
                scenario=scenario, indicator=indicator, year=2021, value=1
            )
        builders.action_plan(world.plan, unit, 2021, activities=2)


@pytest.mark.parametrize(
    ("resource", "expected"),
    [("units", 4), ("action-plans", 4), ("activities", 4), ("risks", 7), ("risk-actions", 4),
     ("scenarios", 5)],
)  # fmt: skip
@pytest.mark.parametrize("rows", [1, 5])
def test_list_queries_are_fixed(world, api, django_assert_num_queries, resource, expected, rows):
    _rows(world, rows)
    client = api(world.admin)
    with django_assert_num_queries(expected):
        assert client.get(f"/api/v1/{resource}/").status_code == 200
