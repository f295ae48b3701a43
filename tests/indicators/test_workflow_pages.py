"""The workflow's steps on the pages: activity progress submitted from the entry page and
reviewed on the review page, reopening from the review and risk pages, withdrawing a
draft's evidence — for every persona."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators import services
from indicators.models import EntryEvent
from plans.models import ActivityProgress, ActivityProgressEvent, RiskAssessment
from plans.services import reviews
from tests import builders
from tests.page_forms import PageForm, review_page_data
from tests.plans.test_risks import make_risk

pytestmark = pytest.mark.django_db


def entry_url(cycle, unit):
    return reverse("entry", args=[cycle.open_period.pk]) + f"?unit={unit.pk}"


def activity_of(cycle):
    world = cycle.world
    return builders.action_plan(world.plan, world.unit_a, 2021).activities.get()


def submitted_progress(cycle, percent=30):
    world = cycle.world
    progress = reviews.activity_progress_save(
        activity=activity_of(cycle), period=cycle.open_period, by=world.officer_a,
        percent_complete=D(percent), status="in_progress",
    )  # fmt: skip
    return reviews.activity_progress_submit(
        progress=progress, by=world.officer_a, expected_version=1
    )


def test_officer_saves_and_submits_activity_progress_from_the_entry_page(cycle, client_for):
    world = cycle.world
    activity = activity_of(cycle)
    client = client_for(world.officer_a)
    url = entry_url(cycle, world.unit_a)
    form = PageForm.of(client, url, "activity-TOTAL_FORMS")
    form.set(
        "activity", activity.pk, percent_complete="45", status="in_progress", comment="on site"
    )
    assert client.post(url, form.data(action="submit_all")).status_code == 302
    progress = ActivityProgress.objects.get(activity=activity)
    assert (progress.review_status, progress.version, progress.submitted_by) == (
        "submitted", 2, world.officer_a,
    )  # fmt: skip
    actions = list(
        ActivityProgressEvent.objects.filter(progress=progress).values_list("action", flat=True)
    )
    assert actions == ["create", "submit"]
    html = client.get(url).content.decode()
    form = PageForm(html, "activity-TOTAL_FORMS")
    name = form.name("activity", activity.pk, "percent_complete")
    assert f'name="{name}" value="45"' in html
    assert "disabled" in html.split(f'name="{name}"')[1].split(">")[0]
    # A submitted row is not sent by the browser (disabled): posting the page changes nothing,
    # nor does a value sent for it anyway.
    assert name not in form.fields
    assert client.post(url, form.data(action="save")).status_code == 302
    assert client.post(url, form.data(action="save", **{name: "60"})).status_code == 302
    progress.refresh_from_db()
    assert (progress.review_status, progress.version) == ("submitted", 2)


def test_a_stale_activity_version_on_the_entry_page_is_refused(cycle, client_for):
    world = cycle.world
    activity = activity_of(cycle)
    reviews.activity_progress_save(
        activity=activity, period=cycle.open_period, by=world.officer_a,
        percent_complete=D(10), status="in_progress",
    )  # fmt: skip
    client = client_for(world.officer_a)
    form = PageForm.of(client, entry_url(cycle, world.unit_a), "activity-TOTAL_FORMS")
    form.set("activity", activity.pk, percent_complete="20", version="7")
    response = client.post(entry_url(cycle, world.unit_a), form.data(action="save"))
    assert response.status_code == 400
    assert ActivityProgress.objects.get(activity=activity).percent_complete == D(10)


def test_head_approves_and_returns_activity_progress_on_the_review_page(cycle, client_for):
    world = cycle.world
    progress = submitted_progress(cycle)
    review = reverse("review", args=[cycle.open_period.pk])
    client = client_for(world.head_a)
    html = client.get(review).content.decode()
    form = PageForm(html, "activity-review-TOTAL_FORMS")
    decision = form.name("activity-review", progress.pk, "decision")
    assert f'name="{decision}" value="approve"' in html
    assert form.shown("activity-review", progress.pk, "version") == "2"
    form.set("activity-review", progress.pk, decision="return")
    response = client.post(review, form.data())
    assert response.status_code == 400  # a return needs a comment
    form.set("activity-review", progress.pk, comment="Which site?")
    response = client.post(review, form.data())
    assert response.status_code == 302
    progress.refresh_from_db()
    assert (progress.review_status, progress.review_comment) == ("returned", "Which site?")
    progress = reviews.activity_progress_submit(
        progress=progress, by=world.officer_a, expected_version=progress.version
    )
    form = PageForm.of(client, review, "activity-review-TOTAL_FORMS")
    response = client.post(
        review, form.set("activity-review", progress.pk, decision="approve").data()
    )
    assert response.status_code == 302
    progress.refresh_from_db()
    assert (progress.review_status, progress.approved_by) == ("approved", world.head_a)


def test_another_head_does_not_see_the_activity_in_the_queue(cycle, client_for):
    progress = submitted_progress(cycle)
    review = reverse("review", args=[cycle.open_period.pk])
    client = client_for(cycle.world.head_b)
    assert f'value="{progress.pk}"' not in client.get(review).content.decode()
    data = review_page_data(
        activities=[{"progress": progress.pk, "version": 2, "decision": "approve"}]
    )
    assert client.post(review, data).status_code == 302
    progress.refresh_from_db()
    assert progress.review_status == "submitted"


@pytest.mark.parametrize(
    ("who", "status", "reopened"),
    [("admin", 302, True), ("head_a", 302, True), ("officer_a", 403, False),
     ("viewer", 403, False), ("head_b", 404, False), ("officer_b", 404, False),
     ("outsider", 404, False), (None, 404, False)],
)  # fmt: skip
def test_reopen_activity_progress_for_every_persona(cycle, client_for, who, status, reopened):
    world = cycle.world
    progress = submitted_progress(cycle)
    progress = reviews.activity_progress_approve(
        progress=progress, by=world.head_a, expected_version=2
    )
    client = client_for(getattr(world, who) if who else None)
    response = client.post(
        reverse("activity_progress_reopen", args=[progress.pk]),
        {"version": progress.version, "comment": "Percent looks high"},
    )
    assert response.status_code == status or (who is None and response.status_code == 302)
    progress.refresh_from_db()
    assert progress.under_correction is reopened


def test_the_review_page_offers_reopening_of_approved_values(cycle, client_for):
    world = cycle.world
    progress = submitted_progress(cycle)
    reviews.activity_progress_approve(progress=progress, by=world.head_a, expected_version=2)
    html = client_for(world.head_a).get(reverse("review", args=[cycle.open_period.pk]))
    html = html.content.decode()
    assert reverse("activity_progress_reopen", args=[progress.pk]) in html


@pytest.mark.parametrize(
    ("who", "status", "reopened"),
    [("admin", 302, True), ("head_a", 302, True), ("officer_a", 403, False),
     ("viewer", 403, False), ("head_b", 404, False), ("officer_b", 404, False)],
)  # fmt: skip
def test_reopen_an_assessment_on_the_risk_page(cycle, client_for, who, status, reopened):
    world = cycle.world
    risk = make_risk(world, likelihood=3, impact=4)
    assessment = reviews.risk_assessment_save(
        risk=risk, period=cycle.open_period, by=world.officer_a, likelihood=2, impact=2
    )
    assessment = reviews.risk_assessment_submit(
        assessment=assessment, by=world.officer_a, expected_version=1
    )
    assessment = reviews.risk_assessment_approve(
        assessment=assessment, by=world.head_a, expected_version=2
    )
    url = reverse("risk_detail", args=[risk.pk])
    client = client_for(getattr(world, who))
    if status == 302:
        assert 'value="reopen"' in client.get(url).content.decode()
    response = client.post(
        url, {"action": "reopen", "assessment": assessment.pk, "version": 3,
              "comment": "Impact understated"},
    )  # fmt: skip
    assert response.status_code == status
    assessment.refresh_from_db()
    assert assessment.under_correction is reopened
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact) == (2, 2)  # the approved scores stay in force
    if reopened:
        html = client.get(url).content.decode()
        assert "Impact understated" in html


def test_reopen_on_the_risk_page_without_a_reason_changes_nothing(cycle, client_for):
    world = cycle.world
    risk = make_risk(world)
    assessment = reviews.risk_assessment_save(
        risk=risk, period=cycle.open_period, by=world.officer_a, likelihood=2, impact=2
    )
    assessment = reviews.risk_assessment_submit(
        assessment=assessment, by=world.officer_a, expected_version=1
    )
    reviews.risk_assessment_approve(assessment=assessment, by=world.head_a, expected_version=2)
    response = client_for(world.head_a).post(
        reverse("risk_detail", args=[risk.pk]),
        {"action": "reopen", "assessment": assessment.pk, "version": 3, "comment": " "},
    )
    assert response.status_code == 302
    assert RiskAssessment.objects.get().status == "approved"


@pytest.mark.parametrize(
    ("who", "status", "withdrawn"),
    [("officer_a", 302, True), ("admin", 302, True), ("head_a", 403, False),
     ("viewer", 403, False), ("officer_b", 404, False), ("outsider", 404, False)],
)  # fmt: skip
def test_withdraw_a_drafts_evidence_for_every_persona(
    cycle, client_for, settings, tmp_path, who, status, withdrawn
):
    settings.MEDIA_ROOT = tmp_path
    world = cycle.world
    entry = services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a, value=D(5)
    )
    pdf = SimpleUploadedFile("record.pdf", b"%PDF-1.4\n%%EOF\n")
    evidence = services.evidence_add(entry=entry, by=world.officer_a, upload=pdf)
    if who == "officer_a":
        html = client_for(world.officer_a).get(entry_url(cycle, world.unit_a)).content.decode()
        assert reverse("evidence_remove", args=[evidence.pk]) in html
    response = client_for(getattr(world, who)).post(reverse("evidence_remove", args=[evidence.pk]))
    assert response.status_code == status
    assert entry.evidence.exists() is not withdrawn
    actions = list(EntryEvent.objects.filter(entry=entry).values_list("action", flat=True))
    assert actions == ["create", "evidence_add"] + (["evidence_remove"] if withdrawn else [])


def _grow(cycle, count):
    world = cycle.world
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021, activities=count)
    for i, activity in enumerate(action_plan.activities.all()):
        indicator = builders.indicator(world.objective, world.unit_a, f"W{count}.{i}")
        entry = services.progress_save(
            indicator=indicator, period=cycle.open_period, by=world.officer_a, value=D(3)
        )
        entry = services.progress_submit(entry=entry, by=world.officer_a, expected_version=1)
        if i % 2:
            services.progress_approve(entry=entry, by=world.head_a, expected_version=2)
        progress = reviews.activity_progress_save(
            activity=activity, period=cycle.open_period, by=world.officer_a,
            percent_complete=D(5), status="in_progress",
        )  # fmt: skip
        progress = reviews.activity_progress_submit(
            progress=progress, by=world.officer_a, expected_version=1
        )
        if i % 2:
            reviews.activity_progress_approve(
                progress=progress, by=world.head_a, expected_version=2
            )


@pytest.mark.parametrize("count", [2, 12])
def test_the_review_page_with_approved_and_activity_rows_has_fixed_queries(
    cycle, client_for, django_assert_num_queries, count
):
    _grow(cycle, count)
    client = client_for(cycle.world.head_a)
    review = reverse("review", args=[cycle.open_period.pk])
    # The same exact number at 2 and at 12 rows of each kind.
    # (14, 1 for the submitted narratives, 1 for the bell.)
    with django_assert_num_queries(16):  # +1: the bell's unread count in the header
        assert client.get(review).status_code == 200
