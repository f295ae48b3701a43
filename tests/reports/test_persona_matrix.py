"""Every persona against the pages where data leaves Marsad: the reports page, a report
file and its download, the raw export, an evidence file and the objective page. Each cell is
the rule of docs/architecture.md ("Who may do what"): members see their own unit and the
units below it, planning admins and viewers everything, a user without a role nothing (404),
and a signed-out visitor is sent to sign in."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from indicators.models import Evidence
from reports.models import ReportFile
from tests import builders

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "viewer", "head_a", "officer_a", "head_b", "officer_b", "outsider", None]

# Who may read what was made for unit A, and what was made for the whole ministry.
SEES_UNIT_A = {"admin", "viewer", "head_a", "officer_a"}
SEES_MINISTRY = {"admin", "viewer"}
MEMBERS = {"admin", "viewer", "head_a", "officer_a", "head_b", "officer_b"}


def expected(who, allowed):
    if who is None:
        return 302  # to the sign-in page
    return 200 if who in allowed else 404


@pytest.fixture
def files(world, client_for, settings, tmp_path):
    """A unit A report file made by its officer, a ministry file made by the admin, and an
    evidence file of a unit A entry."""
    settings.MEDIA_ROOT = tmp_path
    period = builders.period(world.plan, 2021, 1)
    entry = builders.entry(world.indicator_a, period, 10)
    evidence = Evidence(
        entry=entry, original_name="proof.pdf", content_type="application/pdf", size=9
    )
    evidence.file.save("proof.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    params = {"plan": world.plan.pk, "year": 2021, "format": "xlsx"}
    assert client_for(world.admin).get(reverse("achievement_report"), params).status_code == 200
    ministry_file = ReportFile.objects.get()
    response = client_for(world.officer_a).get(
        reverse("achievement_report"), params | {"unit": world.unit_a.pk}
    )
    assert response.status_code == 200
    unit_file = ReportFile.objects.exclude(pk=ministry_file.pk).get()
    return {"ministry": ministry_file, "unit_a": unit_file, "evidence": evidence}


@pytest.mark.parametrize("who", PERSONAS)
def test_the_reports_page(world, client_for, who):
    account = getattr(world, who) if who else None
    response = client_for(account).get(reverse("reports"))
    assert response.status_code == expected(who, MEMBERS)


@pytest.mark.parametrize("who", PERSONAS)
def test_the_objective_page(world, client_for, who):
    account = getattr(world, who) if who else None
    response = client_for(account).get(reverse("objective_detail", args=[world.objective.pk]))
    assert response.status_code == expected(who, MEMBERS)


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("view", ["report_file", "report_file_download"])
def test_a_units_report_file(world, client_for, files, who, view):
    account = getattr(world, who) if who else None
    response = client_for(account).get(reverse(view, args=[files["unit_a"].pk]))
    assert response.status_code == expected(who, SEES_UNIT_A)


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("view", ["report_file", "report_file_download"])
def test_a_ministry_report_file(world, client_for, files, who, view):
    account = getattr(world, who) if who else None
    response = client_for(account).get(reverse(view, args=[files["ministry"].pk]))
    assert response.status_code == expected(who, SEES_MINISTRY)


@pytest.mark.parametrize("who", PERSONAS)
def test_an_evidence_file(world, client_for, files, who):
    account = getattr(world, who) if who else None
    response = client_for(account).get(reverse("evidence", args=[files["evidence"].pk]))
    assert response.status_code == expected(who, SEES_UNIT_A)
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4\n"


@pytest.mark.parametrize("who", PERSONAS)
def test_a_units_raw_export(world, client_for, files, who):
    """The raw export of unit A's entries: its members and those who see everything get the
    rows; everybody else learns nothing of them."""
    account = getattr(world, who) if who else None
    response = client_for(account).get(
        reverse("raw_export"), {"plan": world.plan.pk, "unit": world.unit_a.pk, "format": "csv"}
    )
    assert response.status_code == expected(who, SEES_UNIT_A)
    if response.status_code == 200:
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert world.indicator_a.code in text
