"""`manage.py send_reminders`: who is told about missing entries, and when."""

import datetime
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from indicators import services
from indicators.reminders import send_reminders

pytestmark = pytest.mark.django_db


def test_units_with_missing_entries_are_reminded_before_closing(cycle):
    world = cycle.world
    entry = services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a, value=D(3)
    )
    services.progress_submit(entry=entry, by=world.officer_a, expected_version=entry.version)
    reminders = send_reminders(today=cycle.open_period.closes_on)
    by_unit = {r.unit.code: [i.code for i in r.indicators] for r in reminders}
    assert by_unit == {"unit-a1": ["G1.1.2"], "unit-b": ["G1.1.3"]}
    assert sorted(tuple(m.to) for m in mail.outbox) == [
        ("head.b@example.test", "officer.b@example.test")
    ]  # unit A1 has nobody to tell
    assert "G1.1.3" in mail.outbox[0].body


def test_no_reminder_after_the_closing_date(cycle):
    later = cycle.open_period.closes_on + datetime.timedelta(days=1)
    assert send_reminders(today=later) == []
    assert mail.outbox == []


def test_dry_run_sends_nothing(cycle):
    out = StringIO()
    call_command("send_reminders", "--dry-run", f"--today={cycle.open_period.opens_on}", stdout=out)
    assert "3 reminder(s) would be sent." in out.getvalue()
    assert mail.outbox == []


def test_a_bad_date_is_a_clear_error(cycle):
    with pytest.raises(CommandError, match="--today must be a date"):
        call_command("send_reminders", "--today=tomorrow")


def test_indicators_not_due_in_the_period_are_not_chased(cycle):
    # 2021 Q2 is open: a yearly indicator (due in Q4) is not asked for; a half-yearly one is.
    world = cycle.world
    world.indicator_a1.frequency = "annual"
    world.indicator_a1.save(update_fields=["frequency"])
    world.indicator_b.frequency = "semiannual"
    world.indicator_b.save(update_fields=["frequency"])
    reminders = send_reminders(today=cycle.open_period.closes_on)
    by_unit = {r.unit.code: [i.code for i in r.indicators] for r in reminders}
    assert by_unit == {"unit-a": ["G1.1.1"], "unit-b": ["G1.1.3"]}
