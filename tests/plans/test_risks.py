"""Risks and threats: score and band rules, the heat map against the register, the
quarterly assessment workflow, pages by persona, fixed queries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans import services
from plans.errors import Conflict
from plans.models import Risk, RiskAction, RiskAssessment
from plans.selectors import risk_cells

pytestmark = pytest.mark.django_db


def make_risk(world, code="R1", unit=None, likelihood=3, impact=4, **fields):
    risk = Risk.objects.create(
        plan=world.plan,
        code=code,
        category="security",
        title_ar=f"خطر {code}",
        title_en=f"Risk {code}",
        unit=unit or world.unit_a,
        likelihood=likelihood,
        impact=impact,
        **fields,
    )
    risk.objectives.set([world.objective])
    return risk


@pytest.mark.parametrize(
    ("likelihood", "impact", "band"),
    [(1, 1, "low"), (2, 2, "low"), (1, 5, "medium"), (3, 3, "medium"), (2, 5, "high"),
     (4, 4, "high"), (3, 5, "high"), (4, 5, "critical"), (5, 5, "critical")],
)  # fmt: skip
def test_score_and_band(world, likelihood, impact, band):
    risk = make_risk(world, likelihood=likelihood, impact=impact)
    assert risk.score == likelihood * impact
    assert world.plan.band_of(risk.score) == band


def test_bands_follow_the_plan(world):
    world.plan.band_medium, world.plan.band_high, world.plan.band_critical = 3, 6, 12
    assert [world.plan.band_of(s) for s in (2, 3, 6, 12)] == ["low", "medium", "high", "critical"]


def test_scores_outside_1_to_5_are_refused_by_the_database(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        make_risk(world, likelihood=6)


def test_heat_map_counts_equal_the_register(world):
    for i, (likelihood, impact) in enumerate([(3, 4), (3, 4), (1, 1), (5, 5)]):
        make_risk(world, code=f"R{i}", likelihood=likelihood, impact=impact)
    cells = risk_cells(Risk.objects.all())
    assert cells == {(3, 4): 2, (1, 1): 1, (5, 5): 1}
    assert sum(cells.values()) == Risk.objects.count()


# --- The quarterly review -------------------------------------------------------------------


def test_assessment_workflow_draft_submit_return_resubmit_approve(cycle):
    world = cycle.world
    risk = make_risk(world)
    assessment = services.risk_assessment_save(
        risk=risk,
        period=cycle.open_period,
        by=world.officer_a,
        likelihood=4,
        impact=4,
        note="worse",
    )
    assert (assessment.status, assessment.version) == ("draft", 1)
    assessment = services.risk_assessment_submit(
        assessment=assessment, by=world.officer_a, expected_version=1
    )
    assessment = services.risk_assessment_return(
        assessment=assessment, by=world.head_a, expected_version=2, comment="Evidence?"
    )
    assert assessment.status == "returned"
    assessment = services.risk_assessment_save(
        risk=risk, period=cycle.open_period, by=world.officer_a, likelihood=5, impact=4,
        expected_version=assessment.version,
    )  # fmt: skip
    assessment = services.risk_assessment_submit(
        assessment=assessment, by=world.officer_a, expected_version=assessment.version
    )
    services.risk_assessment_approve(
        assessment=assessment, by=world.head_a, expected_version=assessment.version
    )
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact) == (5, 4)  # the approved assessment moves the risk
    assert RiskAssessment.objects.get().status == "approved"


def test_assessment_refusals(cycle):
    world = cycle.world
    risk = make_risk(world)
    with pytest.raises(PermissionDenied):
        services.risk_assessment_save(
            risk=risk, period=cycle.open_period, by=world.officer_b, likelihood=2, impact=2
        )
    with pytest.raises(ValidationError):
        services.risk_assessment_save(
            risk=risk, period=cycle.open_period, by=world.officer_a, likelihood=6, impact=2
        )
    with pytest.raises(Conflict):
        services.risk_assessment_save(
            risk=risk, period=cycle.closed_period, by=world.officer_a, likelihood=2, impact=2
        )
    assessment = services.risk_assessment_save(
        risk=risk, period=cycle.open_period, by=world.officer_a, likelihood=2, impact=2
    )
    with pytest.raises(Conflict):  # a draft cannot be approved
        services.risk_assessment_approve(assessment=assessment, by=world.head_a, expected_version=1)
    assessment = services.risk_assessment_submit(
        assessment=assessment, by=world.officer_a, expected_version=1
    )
    with pytest.raises(PermissionDenied):
        services.risk_assessment_approve(assessment=assessment, by=world.head_b, expected_version=2)
    with pytest.raises(Conflict):  # a stale version
        services.risk_assessment_approve(assessment=assessment, by=world.head_a, expected_version=1)
    with pytest.raises(ValidationError):
        services.risk_assessment_return(
            assessment=assessment, by=world.head_a, expected_version=2, comment=""
        )


# --- Pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [("admin", 200), ("viewer", 200), ("head_a", 200), ("officer_a", 200), ("head_b", 200),
     ("outsider", 404)],
)  # fmt: skip
def test_register_by_persona(world, client_for, who, expected):
    make_risk(world)
    response = client_for(getattr(world, who)).get(reverse("risk_register"))
    assert response.status_code == expected
    if who == "head_b":
        assert "R1" not in response.content.decode()  # another unit's risk
    if who == "admin":
        assert "Risk R1" in response.content.decode() or "خطر R1" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "expected"),
    [("admin", 200), ("viewer", 200), ("head_a", 200), ("officer_a", 200), ("head_b", 404),
     ("officer_b", 404), ("outsider", 404)],
)  # fmt: skip
def test_risk_page_by_persona(world, client_for, who, expected):
    risk = make_risk(world)
    assert (
        client_for(getattr(world, who)).get(reverse("risk_detail", args=[risk.pk])).status_code
        == expected
    )


def test_register_filters_and_cell_drill_down(world, client_for):
    make_risk(world, code="R1", likelihood=3, impact=4)
    make_risk(world, code="R2", likelihood=5, impact=5, status="closed")
    client = client_for(world.admin)

    def risks(**params):
        response = client.get(reverse("risk_register"), params)
        return [r.code for r, _band in response.context["risks"]]

    assert risks() == ["R1", "R2"]
    assert risks(status="closed") == ["R2"]
    assert risks(band="critical") == ["R2"]
    assert risks(band="high") == ["R1"]
    assert risks(likelihood=3, impact=4) == ["R1"]
    assert risks(objective=world.objective.pk) == ["R1", "R2"]
    assert client.get(reverse("risk_register"), {"band": "purple"}).status_code == 400


def test_officer_assesses_on_the_risk_page_and_head_approves(cycle, client_for):
    world = cycle.world
    risk = make_risk(world)
    url = reverse("risk_detail", args=[risk.pk])
    client_for(world.officer_a).post(
        url, {"action": "submit", "likelihood": "2", "impact": "3", "version": ""}
    )
    assessment = RiskAssessment.objects.get()
    assert (assessment.status, assessment.score) == ("submitted", 6)
    assert (
        client_for(world.head_b)
        .post(url, {"action": "approve", "assessment": assessment.pk, "version": 2})
        .status_code
        == 404
    )
    client_for(world.head_a).post(
        url, {"action": "approve", "assessment": assessment.pk, "version": 2}
    )
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact) == (2, 3)
    html = client_for(world.viewer).get(url).content.decode()
    assert "officer.a" in html


def test_objective_page_lists_its_risks(world, client_for):
    make_risk(world)
    client = client_for(world.viewer)
    client.cookies["marsad_language"] = "en"
    html = client.get(reverse("objective_detail", args=[world.objective.pk])).content.decode()
    assert "Risk R1" in html and "G1.1.1" in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_register_and_heat_map_queries_do_not_grow(world, client_for):
    client = client_for(world.admin)
    make_risk(world, code="R0")
    small = _queries(client, reverse("risk_register"))
    for i in range(1, 30):
        risk = make_risk(world, code=f"R{i}", likelihood=i % 5 + 1, impact=(i * 2) % 5 + 1)
        RiskAction.objects.create(risk=risk, title_ar="إجراء", due_on=datetime.date(2021, 1, 1))
    assert _queries(client, reverse("risk_register")) == small


# --- API ------------------------------------------------------------------------------------


def test_risks_in_the_api_follow_the_units(cycle, client_for):
    world = cycle.world
    risk = make_risk(world)
    services.risk_assessment_save(
        risk=risk, period=cycle.open_period, by=world.officer_a, likelihood=2, impact=2
    )
    body = client_for(world.head_a).get("/api/v1/risks/").json()
    assert body["count"] == 1
    item = body["results"][0]
    assert (item["score"], item["band"], item["objectives"]) == (12, "high", [world.objective.pk])
    assert item["assessments"][0]["likelihood"] == 2
    assert client_for(world.head_b).get("/api/v1/risks/").json()["count"] == 0
    assert client_for(world.head_b).get(f"/api/v1/risks/{risk.pk}/").status_code == 404
    assert client_for(world.viewer).get("/api/v1/risks/?band=high").json()["count"] == 1
    assert client_for(world.viewer).get("/api/v1/scenarios/").status_code == 200


def test_the_risk_review_through_the_api(cycle, client_for):
    import json

    world = cycle.world
    risk = make_risk(world)
    url = f"/api/v1/risks/{risk.pk}/"

    def post(who, action, data):
        return client_for(who).post(
            url + action + "/", json.dumps(data), content_type="application/json"
        )

    data = {"period": cycle.open_period.pk, "likelihood": 2, "impact": 5, "submit": True}
    assert post(world.head_a, "assess", data).status_code == 403
    assert post(world.officer_b, "assess", data).status_code == 404
    assert post(world.officer_a, "assess", {**data, "likelihood": 9}).status_code == 400
    assert post(world.officer_a, "assess", {**data, "colour": "red"}).status_code == 400
    body = post(world.officer_a, "assess", data).json()
    assert (body["status"], body["score"], body["version"]) == ("submitted", 10, 2)
    review = {"assessment": body["id"], "version": 2, "decision": "approve"}
    assert post(world.officer_a, "review", review).status_code == 403
    assert post(world.head_a, "review", {**review, "version": 1}).status_code == 409
    assert post(world.head_a, "review", review).json()["status"] == "approved"
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact) == (2, 5)
