"""Corrections: an approved entry reopened, corrected and approved again. The approved value
stays in force until the correction is approved; every value ever in force is kept."""

import json
import re
from decimal import Decimal as D

import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from indicators import services
from indicators.models import ApprovedValue, EntryEvent
from indicators.selectors import achievement_tree
from reports.assembly import assemble_report
from tests import builders

pytestmark = pytest.mark.django_db


def approved_entry(cycle, value="2750"):
    world = cycle.world
    entry = services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a, value=D(value)
    )
    entry = services.progress_submit(entry=entry, by=world.officer_a, expected_version=1)
    return services.progress_approve(entry=entry, by=world.head_a, expected_version=2)


def figures(cycle, include_submitted=False):
    """(actual, target, achievement, provisional) of indicator A for 2021 to Q2."""
    tree = achievement_tree(
        cycle.world.plan, year=2021, quarter=2, include_submitted=include_submitted
    )
    node = next(i for i in tree.indicators if i.indicator.pk == cycle.world.indicator_a.pk)
    result = node.result
    return (result.actual, result.target, result.achievement, result.provisional)


def reopen(entry, by, comment="Typed 2750 for 275"):
    return services.progress_reopen(
        entry=entry, by=by, expected_version=entry.version, comment=comment
    )


def test_reopen_correct_approve_keeps_the_old_value_in_force_until_the_new_is_approved(cycle):
    world = cycle.world
    entry = approved_entry(cycle)
    assert figures(cycle) == (D(2750), D(25), D(11000), False)

    entry = reopen(entry, world.head_a)
    assert (entry.status, entry.version, entry.review_comment) == (
        "returned", 4, "Typed 2750 for 275",
    )  # fmt: skip
    assert entry.under_correction
    assert figures(cycle) == (D(2750), D(25), D(11000), False)

    entry = services.progress_save(
        indicator=world.indicator_a,
        period=cycle.open_period,
        by=world.officer_a,
        value=D(275),
        expected_version=entry.version,
    )
    assert figures(cycle) == (D(2750), D(25), D(11000), False)
    entry = services.progress_submit(entry=entry, by=world.officer_a, expected_version=5)
    assert figures(cycle) == (D(2750), D(25), D(11000), False)
    # Counting submitted values, the correction shows, provisionally.
    assert figures(cycle, include_submitted=True) == (D(275), D(25), D(1100), True)

    entry = services.progress_approve(entry=entry, by=world.head_a, expected_version=6)
    assert not entry.under_correction
    assert (entry.approved_value, entry.approved_by) == (D(275), world.head_a)
    assert figures(cycle) == (D(275), D(25), D(1100), False)

    actions = list(EntryEvent.objects.filter(entry=entry).values_list("action", "by__username"))
    assert actions == [
        ("create", "officer.a"), ("submit", "officer.a"), ("approve", "head.a"),
        ("reopen", "head.a"), ("change", "officer.a"), ("submit", "officer.a"),
        ("approve", "head.a"),
    ]  # fmt: skip
    reopened = EntryEvent.objects.get(entry=entry, action="reopen")
    assert reopened.comment == "Typed 2750 for 275"
    change = EntryEvent.objects.get(entry=entry, action="change")
    assert (change.old_value, change.new_value) == (D(2750), D(275))
    assert change.changes == {"value": ["2750", "275"]}

    sequence = list(
        ApprovedValue.objects.filter(entry=entry).values_list(
            "value", "approved_by__username", "superseded_at"
        )
    )
    assert [(value, who) for value, who, _ in sequence] == [
        (D(2750), "head.a"),
        (D(275), "head.a"),
    ]
    first, second = ApprovedValue.objects.filter(entry=entry)
    assert first.superseded_at == second.approved_at
    assert second.superseded_at is None


def test_the_officer_is_emailed_when_an_entry_is_reopened(
    cycle, django_capture_on_commit_callbacks
):
    entry = approved_entry(cycle)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reopen(entry, cycle.world.admin, comment="Wrong unit of measure")
    assert [m.to for m in mail.outbox] == [["officer.a@example.test"]]
    assert "Wrong unit of measure" in mail.outbox[0].body
    assert "reopened for correction" in mail.outbox[0].subject


def test_only_an_approved_entry_can_be_reopened_and_a_reason_is_required(cycle):
    from django.core.exceptions import ValidationError

    from plans.errors import Conflict

    world = cycle.world
    draft = services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a, value=D(5)
    )
    with pytest.raises(Conflict):
        reopen(draft, world.head_a)
    entry = services.progress_submit(entry=draft, by=world.officer_a, expected_version=1)
    entry = services.progress_approve(entry=entry, by=world.head_a, expected_version=2)
    with pytest.raises(ValidationError):
        reopen(entry, world.head_a, comment="   ")
    with pytest.raises(ValidationError):
        reopen(entry, world.head_a, comment="x" * 4001)
    entry.refresh_from_db()
    assert entry.status == "approved"


def test_a_head_cannot_reopen_in_a_closed_period_but_the_admin_can_with_a_reason(cycle):
    from plans.errors import Conflict

    world = cycle.world
    entry = approved_entry(cycle)
    cycle.open_period.state = "closed"
    cycle.open_period.save()
    with pytest.raises(Conflict):
        reopen(entry, world.head_a)
    entry = reopen(entry, world.admin, comment="Audit found a typing mistake")
    event = EntryEvent.objects.get(entry=entry, action="reopen")
    assert (event.late, event.comment) == (True, "Audit found a typing mistake")


def test_the_report_marks_corrected_and_under_correction_values(cycle):
    world = cycle.world
    entry = approved_entry(cycle)
    plan = world.plan

    def note():
        report = assemble_report(plan, year=2021, quarter=2, language="en")
        return {row.code: row.corrected for row in report.rows}[world.indicator_a.code]

    assert note() == ""
    entry = reopen(entry, world.head_a)
    assert note() == "2021 Q2: under correction"
    entry = services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a,
        value=D(275), expected_version=entry.version,
    )  # fmt: skip
    entry = services.progress_submit(entry=entry, by=world.officer_a, expected_version=5)
    services.progress_approve(entry=entry, by=world.head_a, expected_version=6)
    assert note() == "2021 Q2: corrected"


# --- The API --------------------------------------------------------------------------------


def api_for(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def api_reopen(user, entry, **data):
    body = {"version": entry.version, "comment": "Typed wrong", **data}
    return api_for(user).post(
        f"/api/v1/progress/{entry.pk}/reopen/", json.dumps(body), content_type="application/json"
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [("admin", 200), ("head_a", 200), ("officer_a", 403), ("viewer", 403), ("head_b", 404),
     ("officer_b", 404), ("outsider", 404), (None, 401)],
)  # fmt: skip
def test_reopen_through_the_api_for_every_persona(cycle, who, status):
    entry = approved_entry(cycle)
    user = getattr(cycle.world, who) if who else None
    response = api_reopen(user, entry)
    assert response.status_code == status
    entry.refresh_from_db()
    if status == 200:
        body = response.json()
        assert (body["status"], body["under_correction"], body["approved_value"]) == (
            "returned", True, "2750.0000",
        )  # fmt: skip
        assert entry.status == "returned"
    else:
        assert entry.status == "approved"


def test_reopen_through_the_api_with_a_stale_version_or_no_comment(cycle):
    entry = approved_entry(cycle)
    head = cycle.world.head_a
    assert api_reopen(head, entry, version=entry.version - 1).status_code == 409
    missing = api_reopen(head, entry, comment="")
    assert missing.status_code == 400
    assert "comment" in missing.json()["errors"]
    assert api_reopen(head, entry, comment="x" * 4001).status_code == 400
    entry.refresh_from_db()
    assert (entry.status, entry.version) == ("approved", 3)


# --- The pages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status", "reopened"),
    [("admin", 302, True), ("head_a", 302, True), ("officer_a", 403, False),
     ("viewer", 403, False), ("head_b", 404, False), ("officer_b", 404, False),
     ("outsider", 404, False)],
)  # fmt: skip
def test_reopen_button_of_the_indicator_page_for_every_persona(
    cycle, client_for, who, status, reopened
):
    entry = approved_entry(cycle)
    client = client_for(getattr(cycle.world, who))
    page = reverse("indicator_detail", args=[entry.indicator_id])
    if status != 404:
        html = client.get(page).content.decode()
        assert (reverse("entry_reopen", args=[entry.pk]) in html) is reopened
    response = client.post(
        reverse("entry_reopen", args=[entry.pk]),
        {"version": entry.version, "comment": "Typed wrong", "next": page},
    )
    assert response.status_code == status
    entry.refresh_from_db()
    assert entry.under_correction is reopened
    if reopened:
        assert response["Location"] == page
        html = client.get(page).content.decode()
        assert "under correction" in html or "قيد التصحيح" in html


def test_anonymous_cannot_reopen(cycle, client_for):
    entry = approved_entry(cycle)
    response = client_for(None).post(
        reverse("entry_reopen", args=[entry.pk]), {"version": 3, "comment": "x"}
    )
    assert response.status_code in (302, 404)
    entry.refresh_from_db()
    assert entry.status == "approved"


def test_reopen_from_the_review_page_without_a_reason_changes_nothing(cycle, client_for):
    entry = approved_entry(cycle)
    client = client_for(cycle.world.head_a)
    review = reverse("review", args=[cycle.open_period.pk])
    html = client.get(review).content.decode()
    assert reverse("entry_reopen", args=[entry.pk]) in html
    response = client.post(
        reverse("entry_reopen", args=[entry.pk]),
        {"version": entry.version, "comment": "", "next": review},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "approved"
    response = client.post(
        reverse("entry_reopen", args=[entry.pk]),
        {"version": "٣²", "comment": "Typed wrong", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("indicator_detail", args=[entry.indicator_id])
    entry.refresh_from_db()
    assert entry.status == "approved"


def test_the_indicator_page_shows_the_sequence_of_approved_values(cycle, client_for):
    world = cycle.world
    entry = approved_entry(cycle)
    entry = reopen(entry, world.head_a)
    entry = services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a,
        value=D(275), expected_version=entry.version,
    )  # fmt: skip
    entry = services.progress_submit(entry=entry, by=world.officer_a, expected_version=5)
    services.progress_approve(entry=entry, by=world.head_a, expected_version=6)
    client = client_for(world.viewer)
    html = client.get(reverse("indicator_detail", args=[entry.indicator_id])).content.decode()
    table = html.split('class="grid approved-values"')[1].split("</table>")[0]
    assert re.findall(r'<td class="num">([^<]*)</td>', table) == ["2,750", "275"]
    assert table.count("head.a") == 2
    assert table.count('class="badge"') == 1  # only the last one is in force


def test_a_self_approval_the_plan_allows_is_shown_in_the_report_and_on_the_indicator_page(
    cycle, client_for
):
    world = cycle.world
    world.plan.allow_self_approval = True
    world.plan.save()
    admin = world.admin
    entry = services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=admin, value=D(30)
    )
    entry = services.progress_submit(entry=entry, by=admin, expected_version=1)
    services.progress_approve(entry=entry, by=admin, expected_version=2)
    report = assemble_report(world.plan, year=2021, quarter=2, language="en")
    notes = {row.code: row.corrected for row in report.rows}
    assert notes[world.indicator_a.code] == "2021 Q2: self-approved"
    assert notes[world.indicator_b.code] == ""
    page = client_for(world.viewer).get(
        reverse("indicator_detail", args=[entry.indicator_id]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.content.decode().count("self-approved") == 1


def test_an_assessment_is_reopened_through_the_risk_review_api(cycle):
    from plans.services import reviews
    from tests.plans.test_risks import make_risk

    world = cycle.world
    risk = make_risk(world)
    assessment = reviews.risk_assessment_save(
        risk=risk, period=cycle.open_period, by=world.officer_a, likelihood=2, impact=2
    )
    assessment = reviews.risk_assessment_submit(
        assessment=assessment, by=world.officer_a, expected_version=1
    )
    reviews.risk_assessment_approve(assessment=assessment, by=world.head_a, expected_version=2)

    def review(user, **data):
        body = {"assessment": assessment.pk, "version": 3, "decision": "reopen", **data}
        return api_for(user).post(
            f"/api/v1/risks/{risk.pk}/review/", json.dumps(body), content_type="application/json"
        )

    assert review(world.head_a, comment="").status_code == 400
    assert review(world.officer_a, comment="why").status_code == 403
    assert review(world.head_a, comment="why", version=2).status_code == 409
    response = review(world.head_a, comment="Impact understated")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["review_comment"]) == (
        "returned", "Impact understated",
    )  # fmt: skip


def test_in_force_reads_the_approved_figures_of_an_entry_under_correction(cycle):
    from indicators.models import ProgressEntry

    world = cycle.world
    entry = approved_entry(cycle)
    entry = reopen(entry, world.head_a)
    services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a,
        value=D(275), expected_version=entry.version,
    )  # fmt: skip
    rows = list(ProgressEntry.objects.in_force().in_force_values("indicator_id"))
    assert rows == [(world.indicator_a.pk, D(2750), None, None)]


def test_the_entry_and_review_pages_show_the_value_in_force_of_a_correction(cycle, client_for):
    world = cycle.world
    entry = approved_entry(cycle)
    entry = reopen(entry, world.head_a)
    entry = services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a,
        value=D(275), expected_version=entry.version,
    )  # fmt: skip
    entry_page = reverse("entry", args=[cycle.open_period.pk]) + f"?unit={world.unit_a.pk}"
    html = client_for(world.officer_a).get(entry_page, HTTP_ACCEPT_LANGUAGE="en")
    assert 'In force: <span class="num">2,750</span>' in html.content.decode()
    services.progress_submit(entry=entry, by=world.officer_a, expected_version=entry.version)
    review = client_for(world.head_a).get(
        reverse("review", args=[cycle.open_period.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "In force: 2,750" in review.content.decode()


_codes = iter(range(10_000))


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first=st.decimals(min_value=0, max_value=10**6, places=2),
    second=st.decimals(min_value=0, max_value=10**6, places=2),
)
def test_property_the_value_in_force_is_always_the_last_approved_one(cycle, first, second):
    world = cycle.world
    indicator = builders.indicator(world.objective, world.unit_a, f"P{next(_codes)}")
    builders.target(indicator, 2021, 100)

    def actual(include_submitted=False):
        tree = achievement_tree(
            world.plan, year=2021, quarter=2, include_submitted=include_submitted
        )
        node = next(i for i in tree.indicators if i.indicator.pk == indicator.pk)
        return node.result.actual, node.result.provisional

    def save(value, version=None):
        return services.progress_save(
            indicator=indicator, period=cycle.open_period, by=world.officer_a,
            value=value, expected_version=version,
        )  # fmt: skip

    entry = save(first)
    entry = services.progress_submit(entry=entry, by=world.officer_a, expected_version=1)
    entry = services.progress_approve(entry=entry, by=world.head_a, expected_version=2)
    assert actual() == (first, False)
    entry = reopen(entry, world.head_a)
    entry = save(second, entry.version)
    assert actual() == (first, False)
    entry = services.progress_submit(
        entry=entry, by=world.officer_a, expected_version=entry.version
    )
    assert actual() == (first, False)
    assert actual(include_submitted=True) == (second, True)
    services.progress_approve(entry=entry, by=world.head_a, expected_version=entry.version)
    assert actual() == (second, False)
    assert list(ApprovedValue.objects.filter(entry=entry).values_list("value", flat=True)) == [
        first,
        second,
    ]


def test_the_indicator_pages_yearly_actual_keeps_the_value_in_force_under_correction(
    cycle, client_for
):
    world = cycle.world
    entry = reopen(approved_entry(cycle), world.head_a)
    services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a,
        value=D(275), expected_version=entry.version,
    )  # fmt: skip
    response = client_for(world.viewer).get(reverse("indicator_detail", args=[entry.indicator_id]))
    rows = response.context["yearly_actuals"]
    assert [(row.year, row.actual) for row in rows] == [(2021, D(2750))]
