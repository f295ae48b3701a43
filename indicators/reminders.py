"""Reminders of missing entries in open periods, before they close."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from indicators import notifications
from indicators.models import Indicator, ProgressEntry
from indicators.selectors.entry import due_in
from plans.models import Membership, OrgUnit, ReportingPeriod

WAITING = (ProgressEntry.Status.SUBMITTED, ProgressEntry.Status.APPROVED)


@dataclass
class Reminder:
    period: ReportingPeriod
    unit: OrgUnit
    indicators: list[Indicator]
    recipients: list[str]


def send_reminders(*, today: datetime.date, dry_run: bool = False) -> list[Reminder]:
    """For every open period that has not reached its closing date, remind each unit of
    the indicators due in it that it has not submitted (missing, draft or returned): one
    email to the unit's officers and head. An indicator not due in the period (a yearly one
    outside its reporting quarter) is not chased."""
    periods = ReportingPeriod.objects.open().filter(closes_on__gte=today).select_related("plan")
    people = defaultdict(list)
    for unit_id, email in Membership.objects.filter(
        role__in=[Membership.Role.OFFICER, Membership.Role.HEAD]
    ).values_list("unit_id", "user__email"):
        if email:
            people[unit_id].append(email)
    reminders = []
    for period in periods:
        done = set(
            ProgressEntry.objects.filter(period=period, status__in=WAITING).values_list(
                "indicator_id", flat=True
            )
        )
        missing = defaultdict(list)
        for indicator in (
            Indicator.objects.filter(plan_id=period.plan_id)
            .counting()
            .select_related("unit")
            .order_by("code")
        ):
            if indicator.pk not in done and due_in(indicator, period):
                missing[indicator.unit].append(indicator)
        for unit, indicators in sorted(missing.items(), key=lambda item: item[0].code):
            reminder = Reminder(period, unit, indicators, sorted(people.get(unit.pk, [])))
            if reminder.recipients and not dry_run:
                notifications.remind_missing(unit, period, indicators, reminder.recipients)
            reminders.append(reminder)
    return reminders
