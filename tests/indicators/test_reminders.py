"""`manage.py send_reminders` on fixed dates: the opening notice, reminders before and on the
closing date, reminders and escalations after it, units without an address, the heads'
digest, and a second run on the same day sending nothing new."""

import datetime
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from indicators import services
from indicators.reminders import escalation_level, send_reminders
from plans.models import Notice, ReminderSent

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def chase(cycle):
    cycle.world.admin.email = "admin@example.test"
    cycle.world.admin.save(update_fields=["email"])
    return cycle


def run(cycle, offset: int, kind=None):
    """send_reminders ``offset`` days after the open period's closing date: what went to
    whom, as {unit code: (kind, level, sorted emails, sorted usernames)}."""
    sent = send_reminders(today=cycle.open_period.closes_on + offset * DAY)
    return {
        r.unit.code: (r.kind, r.level, r.recipients, sorted(u.username for u in r.users))
        for r in sent
        if r.unit is not None and (kind is None or r.kind == kind)
    }


def test_the_opening_notice_goes_once_to_officers_and_heads(chase):
    sent = send_reminders(today=chase.open_period.opens_on)
    opened = [r for r in sent if r.kind == "period_opened"]
    assert len(opened) == 1
    users = sorted(u.username for u in opened[0].users)
    assert users == ["head.a", "head.b", "officer.a", "officer.b"]
    assert Notice.objects.filter(kind="period_opened").count() == 4
    assert len(mail.outbox) == 1 and len(mail.outbox[0].to) == 4
    later = send_reminders(today=chase.open_period.opens_on + 5 * DAY)
    assert not [r for r in later if r.kind == "period_opened"]
    assert Notice.objects.filter(kind="period_opened").count() == 4


def test_before_and_on_the_closing_date_the_officers_are_reminded(chase):
    world = chase.world
    entry = services.progress_save(
        indicator=world.indicator_a, period=chase.open_period, by=world.officer_a, value=D(3)
    )
    services.progress_submit(entry=entry, by=world.officer_a, expected_version=entry.version)
    send_reminders(today=chase.open_period.opens_on)  # the opening notice, out of the way
    mail.outbox.clear()
    assert run(chase, -2) == {}  # not a reminder day (7, 3, 1, 0 before)
    three_before = run(chase, -3)
    # unit-a1 has no officer and no head: the head of the unit above is told instead.
    assert three_before == {
        "unit-a1": ("period_closing", "parent_head", ["head.a@example.test"], ["head.a"]),
        "unit-b": ("period_closing", "officers", ["officer.b@example.test"], ["officer.b"]),
    }
    on_the_day = run(chase, 0)
    assert on_the_day["unit-b"][0] == "period_closing"
    assert "G1.1.3" in mail.outbox[-1].body or "G1.1.3" in mail.outbox[-2].body


def test_after_the_closing_date_it_escalates(chase):
    send_reminders(today=chase.open_period.opens_on)
    expected_b = {
        1: ("overdue", "officers", ["officer.b@example.test"], ["officer.b"]),
        3: ("escalated", "head", ["head.b@example.test"], ["head.b"]),  # officer.b told today
        7: ("escalated", "parent_head", ["head.b@example.test", "officer.b@example.test"],
            ["head.b", "officer.b"]),  # nobody heads the agency: the same people again
        14: ("escalated", "planning",
             ["admin@example.test", "head.b@example.test", "officer.b@example.test"],
             ["admin", "head.b", "officer.b"]),
        21: ("escalated", "planning",
             ["admin@example.test", "head.b@example.test", "officer.b@example.test"],
             ["admin", "head.b", "officer.b"]),
    }  # fmt: skip
    for offset in (1, 2, 3, 7, 14, 15, 21):
        got = run(chase, offset).get("unit-b")
        if offset == 3:
            # officer.b was told on day 1, not yet today: both are told, head.b newly.
            assert got[2] == ["head.b@example.test", "officer.b@example.test"]
            assert got[0] == "escalated" and got[1] == "head"
        else:
            assert got == expected_b.get(offset), offset
    world = chase.world
    assert Notice.objects.filter(user=world.head_b, kind="escalated").count() == 4
    assert Notice.objects.filter(user=world.officer_b, kind="overdue").count() == 5
    about_b = Notice.objects.filter(about__contains="G1.1.3")
    assert about_b.filter(user=world.admin, kind="escalated").count() == 2


def test_a_unit_without_an_address_goes_up_at_once(chase):
    world = chase.world
    world.officer_b.email = ""
    world.officer_b.save(update_fields=["email"])
    send_reminders(today=chase.open_period.opens_on)
    got = run(chase, -1)["unit-b"]
    assert got == ("period_closing", "head", ["head.b@example.test"], ["head.b", "officer.b"])
    # The unit's own address counts as an address.
    world.unit_b.email = "unit.b@example.test"
    world.unit_b.save(update_fields=["email"])
    got = run(chase, 0)["unit-b"]
    assert got == ("period_closing", "officers", ["unit.b@example.test"], ["officer.b"])


def test_the_heads_digest(chase):
    world = chase.world
    entry = services.progress_save(
        indicator=world.indicator_a1, period=chase.open_period, by=world.officer_a, value=D(3)
    )
    services.progress_submit(entry=entry, by=world.officer_a, expected_version=entry.version)
    mail.outbox.clear()
    sent = send_reminders(today=chase.open_period.opens_on + 2 * DAY)
    digests = [r for r in sent if r.kind == "digest"]
    assert [(r.users[0].username, r.waiting) for r in digests] == [("head.a", 1)]
    assert Notice.objects.get(kind="digest").user == world.head_a
    assert any("waiting for your review" in m.subject for m in mail.outbox)


def test_twice_on_one_day_sends_nothing_new(chase):
    day = chase.open_period.closes_on + 14 * DAY
    first = send_reminders(today=day)
    assert first
    mails, notices, records = len(mail.outbox), Notice.objects.count(), ReminderSent.objects.count()
    assert send_reminders(today=day) == []
    assert (len(mail.outbox), Notice.objects.count()) == (mails, notices)
    assert ReminderSent.objects.count() == records


def test_dry_run_says_who_would_get_what_and_sends_nothing(chase):
    out = StringIO()
    day = chase.open_period.closes_on + 3 * DAY
    call_command("send_reminders", "--dry-run", f"--today={day}", stdout=out)
    text = out.getvalue()
    assert "escalated " in text and "unit-b" in text and "head.b@example.test" in text
    assert "reminder(s) would be sent." in text
    assert mail.outbox == [] and not Notice.objects.exists()
    assert not ReminderSent.objects.exists()
    call_command("send_reminders", f"--today={day}", stdout=StringIO())
    assert mail.outbox


def test_a_bad_date_is_a_clear_error(cycle):
    with pytest.raises(CommandError, match="--today must be a date"):
        call_command("send_reminders", "--today=tomorrow")


def test_escalation_days(settings):
    settings.MARSAD_ESCALATION_DAYS = [1, 3, 7, 14]
    settings.MARSAD_ESCALATION_REPEAT_DAYS = 7
    assert [escalation_level(d) for d in (1, 2, 3, 7, 14, 20, 21, 28)] == [
        0, None, 1, 2, 3, None, 3, 3,
    ]  # fmt: skip


def test_indicators_not_due_in_the_period_are_not_chased(cycle):
    # 2021 Q2 is open: a yearly indicator (due in Q4) is not asked for; a half-yearly one is.
    world = cycle.world
    world.indicator_a1.frequency = "annual"
    world.indicator_a1.save(update_fields=["frequency"])
    world.indicator_b.frequency = "semiannual"
    world.indicator_b.save(update_fields=["frequency"])
    reminders = send_reminders(today=cycle.open_period.closes_on)
    by_unit = {r.unit.code: [i.code for i in r.indicators] for r in reminders if r.unit}
    assert by_unit == {"unit-a": ["G1.1.1"], "unit-b": ["G1.1.3"]}
