"""Late-entry requests: an officer asks from the entry page of a closed period; the planning
admin grants (with a deadline) or refuses (with a comment); a grant lets that officer write
those values until the deadline, through the late-entry path, and the trail says so."""

import datetime
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from indicators import services
from indicators.models import EntryEvent, ProgressEntry
from indicators.services.late_entry import (
    late_request_create,
    late_request_grant,
    late_request_refuse,
)
from plans.errors import Conflict
from plans.models import LateEntryRequest, Notice
from plans.services.periods import Writing, period_writing
from tests.page_forms import PageForm

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def ask(cycle, *, who="officer_a", unit=None, indicators=()):
    world = cycle.world
    return late_request_create(
        period=cycle.closed_period,
        unit=unit or world.unit_a,
        by=getattr(world, who),
        reason="The survey came back late",
        indicator_ids=[i.pk for i in indicators],
    )


def save(cycle, indicator, who="officer_a", value=7):
    return services.progress_save(
        indicator=indicator, period=cycle.closed_period, by=getattr(cycle.world, who),
        value=D(value),
    )  # fmt: skip


def test_a_granted_request_lets_its_officer_write_until_the_deadline(
    cycle, django_capture_on_commit_callbacks
):
    world = cycle.world
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(cycle, indicators=[world.indicator_a])
    assert Notice.objects.filter(user=world.admin, kind="late_requested").count() == 1
    with pytest.raises(Conflict):  # asked, not yet granted
        save(cycle, world.indicator_a)
    with django_capture_on_commit_callbacks(execute=True):
        late_request_grant(request=request, by=world.admin, deadline=TODAY, comment="ok")
    assert Notice.objects.filter(user=world.officer_a, kind="late_granted").count() == 1
    assert any("granted" in m.subject for m in mail.outbox)
    assert period_writing(cycle.closed_period, world.officer_a) == Writing.GRANTED
    entry = save(cycle, world.indicator_a)
    assert entry.value == D(7)
    line = EntryEvent.objects.get(entry=entry)
    assert line.late and f"request {request.pk}" in line.comment
    assert "The survey came back late" in line.comment and TODAY.isoformat() in line.comment
    # Only the indicator named; not another officer; not after the deadline.
    with pytest.raises(Conflict, match="does not cover"):
        save(cycle, world.indicator_a1)
    with pytest.raises(PermissionDenied):
        save(cycle, world.indicator_a, who="officer_b")
    LateEntryRequest.objects.filter(pk=request.pk).update(
        deadline=TODAY - datetime.timedelta(days=1)
    )
    with pytest.raises(Conflict, match="closed"):
        save(cycle, world.indicator_a, value=8)
    assert ProgressEntry.objects.get(pk=entry.pk).value == D(7)


def test_a_whole_unit_grant_covers_its_sub_units_and_submits_late(cycle):
    world = cycle.world
    request = ask(cycle)
    late_request_grant(request=request, by=world.admin, deadline=TODAY)
    entry = save(cycle, world.indicator_a1)  # unit_a1 is below unit_a
    entry = services.progress_submit(entry=entry, by=world.officer_a, expected_version=1)
    assert entry.status == "submitted"
    submit = EntryEvent.objects.get(entry=entry, action="submit")
    assert submit.late and "request" in submit.comment
    # A late submission is approved by a planning admin, not the head (the usual rule).
    with pytest.raises((PermissionDenied, Conflict)):
        services.progress_approve(entry=entry, by=world.head_a, expected_version=entry.version)
    entry = services.progress_approve(
        entry=entry, by=world.admin, expected_version=entry.version, late_reason="checked"
    )
    assert entry.status == "approved"


def test_a_refusal_needs_a_comment_and_tells_the_officer(cycle, django_capture_on_commit_callbacks):
    world = cycle.world
    request = ask(cycle)
    with pytest.raises(ValidationError):
        late_request_refuse(request=request, by=world.admin, comment=" ")
    with django_capture_on_commit_callbacks(execute=True):
        late_request_refuse(request=request, by=world.admin, comment="Too late for the annual")
    request.refresh_from_db()
    assert request.status == "refused" and request.answer == "Too late for the annual"
    assert Notice.objects.filter(user=world.officer_a, kind="late_refused").count() == 1
    assert period_writing(cycle.closed_period, world.officer_a) is None
    with pytest.raises(Conflict, match="answered"):
        late_request_grant(request=request, by=world.admin, deadline=TODAY)


def test_bad_requests_and_answers_change_nothing(cycle):
    world = cycle.world
    with pytest.raises(ValidationError):  # another unit's indicator
        ask(cycle, indicators=[world.indicator_b])
    with pytest.raises(Conflict):  # an open period
        late_request_create(
            period=cycle.open_period, unit=world.unit_a, by=world.officer_a, reason="x"
        )
    request = ask(cycle)
    with pytest.raises(Conflict):  # one waits already
        ask(cycle)
    with pytest.raises(ValidationError):
        late_request_grant(request=request, by=world.admin, deadline=None)
    with pytest.raises(ValidationError):
        late_request_grant(
            request=request, by=world.admin, deadline=TODAY - datetime.timedelta(days=1)
        )
    assert LateEntryRequest.objects.get().status == "pending"


@pytest.mark.parametrize("who", ["head_a", "viewer", "officer_b", "admin", "outsider"])
def test_who_may_not_ask(cycle, who):
    with pytest.raises(PermissionDenied):
        ask(cycle, who=who)


@pytest.mark.parametrize("who", ["head_a", "officer_a", "viewer", "outsider"])
def test_only_the_planning_admin_answers(cycle, client_for, who):
    world = cycle.world
    request = ask(cycle)
    with pytest.raises(PermissionDenied):
        late_request_grant(request=request, by=getattr(world, who), deadline=TODAY)
    client = client_for(getattr(world, who))
    assert client.get(reverse("late_requests")).status_code == 404
    url = reverse("late_request_answer", args=[request.pk])
    response = client.post(url, {"action": "grant", "deadline": TODAY.isoformat()})
    assert response.status_code == 404
    assert LateEntryRequest.objects.get().status == "pending"


def entry_url(cycle, unit=None):
    unit = unit or cycle.world.unit_a
    return f"{reverse('entry', args=[cycle.closed_period.pk])}?unit={unit.pk}"


def test_the_pages_ask_grant_and_enter(cycle, client_for):
    world = cycle.world
    officer = client_for(world.officer_a)
    officer.cookies["marsad_language"] = "en"
    html = officer.get(entry_url(cycle)).content.decode()
    assert "Ask to enter or correct values late" in html
    url = reverse("late_request_new", args=[cycle.closed_period.pk]) + f"?unit={world.unit_a.pk}"
    assert officer.post(url, {"reason": ""}).status_code == 302  # refused: no reason
    assert not LateEntryRequest.objects.exists()
    officer.post(url, {"reason": "Late survey", "indicators": [world.indicator_a.pk]})
    request = LateEntryRequest.objects.get()
    assert request.indicator_ids == [world.indicator_a.pk]

    planner = Client()
    planner.force_login(world.admin)
    page = planner.get(reverse("late_requests")).content.decode()
    assert f'id="request-{request.pk}"' in page and "Late survey" in page
    periods = planner.get(reverse("periods", args=[world.plan.pk])).content.decode()
    assert f"{reverse('late_requests')}?period={cycle.closed_period.pk}" in periods
    answer = reverse("late_request_answer", args=[request.pk])
    planner.post(answer, {"action": "grant", "deadline": "not a date"})
    assert LateEntryRequest.objects.get().status == "pending"
    planner.post(answer, {"action": "grant", "deadline": TODAY.isoformat()})
    assert LateEntryRequest.objects.get().status == "granted"

    html = officer.get(entry_url(cycle)).content.decode()
    assert 'id="late-grant"' in html
    form = PageForm(html, "entry-TOTAL_FORMS")
    assert form.shown("entry", world.indicator_a.pk, "value") is not None
    form.set("entry", world.indicator_a.pk, value="12")
    assert officer.post(entry_url(cycle), form.data(action="save")).status_code == 302
    entry = ProgressEntry.objects.get(indicator=world.indicator_a)
    assert entry.value == D(12) and entry.period == cycle.closed_period


@pytest.mark.parametrize("who", ["officer_b", "head_a", "viewer", "outsider"])
def test_others_cannot_ask_from_the_page(cycle, client_for, who):
    client = client_for(getattr(cycle.world, who))
    url = reverse("late_request_new", args=[cycle.closed_period.pk]) + (
        f"?unit={cycle.world.unit_a.pk}"
    )
    response = client.post(url, {"reason": "x"})
    assert response.status_code == 404
    assert not LateEntryRequest.objects.exists()


def test_the_requests_page_names_the_indicators_asked_for_and_wraps_a_long_reason(
    cycle, client_for
):
    ask(cycle, indicators=[cycle.world.indicator_a1])
    LateEntryRequest.objects.update(reason="x" * 3000)
    page = client_for(cycle.world.admin).get(reverse("late_requests")).content.decode()
    row = page[page.index('id="pending-requests"') :]
    assert '<bdi dir="ltr">G1.1.2</bdi>' in row
    assert "<bdi>" + "x" * 3000 + "</bdi>" in row  # wraps anywhere (static/css/marsad.css)
