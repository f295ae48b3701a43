"""The achievement endpoint and the OpenAPI schema."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from indicators.demo import seed_demo
from indicators.engine import display
from plans.models import OrgUnit
from reports.assembly import assemble_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    cache.clear()
    return seed_demo().plan


def client_for(username):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    token, _ = Token.objects.get_or_create(user=User.objects.get(username=username))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_achievement_equals_the_dashboard_and_the_report(demo):
    body = (
        client_for("planner").get(f"/api/v1/achievement/?plan={demo.pk}&year=2023&quarter=3").json()
    )
    web = APIClient()
    web.force_login(User.objects.get(username="planner"))
    board = web.get("/", {"plan": demo.pk, "year": 2023, "quarter": 3}).context["board"]
    report = assemble_report(demo, year=2023, quarter=3, language="en")
    assert body["score"] == display(board.result.score, 1) == display(report.score, 1)
    assert [g["score"] for g in body["goals"]] == [display(c.result.score, 1) for c in board.goals]
    rows = {row.code: row for row in report.rows}
    for goal in body["goals"]:
        for objective in goal["objectives"]:
            for indicator in objective["indicators"]:
                assert indicator["achievement"] == display(rows[indicator["code"]].achievement, 1)
    # Coverage is the share of due quarters with an approved value: the demo's gaps show.
    assert body["coverage"] == display(board.result.coverage, 2) == display(report.coverage, 2)
    assert body["coverage"] == "0.88" and body["status"] in {"green", "amber", "red", "grey"}
    for goal in body["goals"]:
        for objective in goal["objectives"]:
            for indicator in objective["indicators"]:
                row = rows[indicator["code"]]
                assert indicator["missing"] == row.missing
                assert indicator["coverage"] == display(row.coverage, 2)
                assert indicator["quarter_achievement"] == display(row.quarter_achievement, 1)
    assert body["quarters"] == ["2023-Q1", "2023-Q2", "2023-Q3"]


def test_achievement_is_scoped_like_the_dashboard(demo):
    head = client_for("head.civil-defence")
    own = head.get(f"/api/v1/achievement/?plan={demo.pk}&year=2022").json()
    assert own["unit"] == OrgUnit.objects.get(code="civil-defence").pk
    borders = OrgUnit.objects.get(code="borders").pk
    assert head.get(f"/api/v1/achievement/?plan={demo.pk}&unit={borders}").status_code == 404


@pytest.mark.parametrize("query", ["year=1800", "quarter=9&year=2021", "unit=abc", "plan=0"])
def test_achievement_bad_parameters_are_400(demo, query):
    response = client_for("viewer").get(f"/api/v1/achievement/?{query}")
    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.parametrize("name", ["plan", "unit", "scenario"])
def test_achievement_of_an_id_that_names_nothing_is_404(demo, name):
    # Found by schemathesis: a well-formed id was a 400, which the schema does not allow.
    response = client_for("viewer").get(f"/api/v1/achievement/?{name}=987654321")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_undefined_achievements_carry_a_reason(demo):
    body = (
        client_for("viewer").get(f"/api/v1/achievement/?plan={demo.pk}&year=2023&quarter=4").json()
    )
    indicators = [i for g in body["goals"] for o in g["objectives"] for i in o["indicators"]]
    undefined = [i for i in indicators if i["achievement"] is None]
    assert undefined and all(i["reason"] and i["status"] == "grey" for i in undefined)


def test_openapi_schema_and_offline_docs(demo, client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in ("/api/v1/progress/", "/api/v1/progress/{id}/submit/", "/api/v1/achievement/"):
        assert path in schema["paths"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content and b"cdn" not in docs.content.lower()
