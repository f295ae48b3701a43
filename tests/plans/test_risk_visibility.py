"""One rule decides which risks a user may see (``plans.permissions.visible_risks``): a
risk belongs to its responsible unit. Every place that shows risks — the register, a
risk's page, the objective page, the report, the API's risks and mitigation actions — shows
the same ones to each persona."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from plans.models import RiskAction
from plans.permissions import can_see_risk, visible_risks
from tests import builders

pytestmark = pytest.mark.django_db

# Codes that are not substrings of one another, so that a page's text can be searched.
CODES = {"RSK-OWN": "unit_a", "RSK-SUB": "unit_a1", "RSK-OTHER": "unit_b"}
ALL = set(CODES)
SEES = {
    "admin": ALL,
    "viewer": ALL,
    "head_a": {"RSK-OWN", "RSK-SUB"},
    "officer_a": {"RSK-OWN", "RSK-SUB"},
    "head_b": {"RSK-OTHER"},
    "officer_b": {"RSK-OTHER"},
    "outsider": set(),
}


@pytest.fixture
def risks(world):
    cache.clear()
    found = {}
    for code, unit in CODES.items():
        risk = builders.risk(
            world.plan, getattr(world, unit), code, objectives=[world.objective],
            title_ar=f"عنوان {code}", title_en=f"Title {code}",
        )  # fmt: skip
        RiskAction.objects.create(risk=risk, title_ar=f"إجراء {code}")
        found[code] = risk
    return found


@pytest.mark.parametrize("who", list(SEES))
def test_the_rule_itself(world, risks, who):
    user = getattr(world, who)
    assert {risk.code for risk in visible_risks(user)} == SEES[who]
    assert {code for code, risk in risks.items() if can_see_risk(user, risk)} == SEES[who]


@pytest.mark.parametrize("who", list(SEES))
def test_a_risks_page_answers_for_the_risks_one_may_see(world, risks, client_for, who):
    client = client_for(getattr(world, who))
    for code, risk in risks.items():
        expected = 200 if code in SEES[who] else 404
        assert client.get(reverse("risk_detail", args=[risk.pk])).status_code == expected, code


@pytest.mark.parametrize("who", [w for w in SEES if w != "outsider"])
def test_the_register_lists_them(world, risks, client_for, who):
    response = client_for(getattr(world, who)).get(reverse("risk_register"))
    assert {risk.code for risk, _band in response.context["risks"]} == SEES[who]


@pytest.mark.parametrize("who", [w for w in SEES if w != "outsider"])
def test_the_objective_page_shows_only_them(world, risks, client_for, who):
    # It showed every risk of the objective, titles and bands included, to every member.
    client = client_for(getattr(world, who))
    client.cookies["marsad_language"] = "en"
    response = client.get(reverse("objective_detail", args=[world.objective.pk]))
    assert response.status_code == 200
    assert {risk.code for risk, _band in response.context["risks"]} == SEES[who]
    html = response.content.decode()
    for code in CODES:
        assert (f"Title {code}" in html) == (code in SEES[who]), code


@pytest.mark.parametrize("who", [w for w in SEES if w != "outsider"])
def test_the_report_lists_them(world, risks, client_for, who):
    # The report a member gets by default: the ministry's for the planning admin and
    # viewers, the own unit's (with its sub-units) for everybody else.
    builders.period(world.plan, 2021, 1)
    client = client_for(getattr(world, who))
    html = client.get(
        reverse("achievement_report"), {"plan": world.plan.pk, "year": 2021, "lang": "en"}
    ).content.decode()
    for code in CODES:
        assert (f"Title {code}" in html) == (code in SEES[who]), code


@pytest.mark.parametrize("who", [w for w in SEES if w != "outsider"])
def test_the_api_lists_them_and_their_actions(world, risks, client_for, who):
    client = client_for(getattr(world, who))
    listed = client.get("/api/v1/risks/", {"page_size": 100}).json()["results"]
    assert {row["code"] for row in listed} == SEES[who]
    actions = client.get("/api/v1/risk-actions/", {"page_size": 100}).json()["results"]
    codes = {risk.pk: code for code, risk in risks.items()}
    assert {codes[row["risk"]] for row in actions} == SEES[who]
    for code, risk in risks.items():
        expected = 200 if code in SEES[who] else 404
        assert client.get(f"/api/v1/risks/{risk.pk}/").status_code == expected, code


def test_a_user_without_a_role_sees_no_risk_anywhere(world, risks, client_for):
    client = client_for(world.outsider)
    assert client.get(reverse("risk_register")).status_code == 404
    assert client.get(reverse("objective_detail", args=[world.objective.pk])).status_code == 404
    assert client.get("/api/v1/risks/").status_code == 404
    assert client.get("/api/v1/risk-actions/").status_code == 404
