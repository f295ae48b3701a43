"""What ``manage.py send_reminders`` sends each day (docs/workflow.md, "Reminders"):

- when a period has opened: a notice (in the app and by email) to the officers and heads;
- before its closing date, on the days ``MARSAD_REMINDER_DAYS_BEFORE`` (0: the closing day):
  a reminder to the officers of every unit with due values not yet submitted;
- after it, while the period is still open and values are missing, on the days overdue of
  ``MARSAD_ESCALATION_DAYS`` (officers, head, head of the unit above, planning directorate):
  a reminder to the officers and each level reached so far, and after the last level every
  ``MARSAD_ESCALATION_REPEAT_DAYS`` days to all of them. A unit nobody at a level can be
  emailed at (no address) is told to the next level up at once;
- a daily digest to every head of what waits for their review.

A record (``ReminderSent``) of every notice sent, by day and recipient, makes a second run
on the same day send nothing new; the opening notice goes once per period.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse

from indicators import notifications
from indicators.models import Indicator, ProgressEntry
from indicators.selectors.entry import due_in
from plans.models import (
    ActivityProgress,
    Membership,
    Notice,
    OrgUnit,
    ReminderSent,
    ReportingPeriod,
    RiskAssessment,
)
from plans.selectors import planning_admins, unit_children_map, unit_subtree_ids
from plans.services.notices import notice_add

WAITING = (ProgressEntry.Status.SUBMITTED, ProgressEntry.Status.APPROVED)
Role = Membership.Role
LEVELS = ("officers", "head", "parent_head", "planning")


@dataclass
class Reminder:
    kind: str  # a Notice.Kind
    period: ReportingPeriod | None
    unit: OrgUnit | None
    indicators: list[Indicator]
    recipients: list[str]  # email addresses
    users: list = field(default_factory=list)  # accounts given an in-app notice
    level: str = "officers"  # the highest level told
    waiting: int = 0  # the digest: how many records wait for review


class _People:
    """Who is who, read once: members by unit and role, the unit tree, planning admins."""

    def __init__(self):
        self.by_unit = defaultdict(lambda: defaultdict(list))
        for membership in Membership.objects.select_related("user", "unit").filter(
            user__is_active=True
        ):
            self.by_unit[membership.unit_id][membership.role].append(membership.user)
        self.units = {unit.pk: unit for unit in OrgUnit.objects.all()}
        self.admins = planning_admins()

    def head_above(self, unit_id: int) -> list:
        """The heads of the nearest unit above ``unit_id`` that has one."""
        current = self.units[unit_id].parent_id
        while current is not None and not self.by_unit[current][Role.HEAD]:
            current = self.units[current].parent_id
        return self.by_unit[current][Role.HEAD] if current is not None else []

    def level(self, name: str, unit: OrgUnit) -> list:
        if name == "officers":
            return self.by_unit[unit.pk][Role.OFFICER]
        if name == "head":
            return self.by_unit[unit.pk][Role.HEAD]
        if name == "parent_head":
            return self.head_above(unit.pk)
        return self.admins


def _emails(users, unit=None) -> list[str]:
    found = {user.email for user in users if user.email}
    if unit is not None and unit.email:
        found.add(unit.email)
    return sorted(found)


def escalation_level(days_overdue: int) -> int | None:
    """On this many days after the closing date, the index of the highest level told
    (``LEVELS``), or None when no reminder is due that day."""
    steps = settings.MARSAD_ESCALATION_DAYS
    repeat = settings.MARSAD_ESCALATION_REPEAT_DAYS
    if days_overdue in steps:
        return max(i for i, step in enumerate(steps) if step <= days_overdue)
    if days_overdue > steps[-1] and repeat and (days_overdue - steps[-1]) % repeat == 0:
        return len(steps) - 1
    return None


def _missing(period) -> dict:
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
    return dict(sorted(missing.items(), key=lambda item: item[0].code))


def _chase(people, period, unit, indicators, top: int, kind: str) -> Reminder:
    """Levels 0..top, and further up while nobody told so far has an address."""
    users, reached = [], 0
    for index, name in enumerate(LEVELS):
        if index > top and _emails(users, unit):
            break
        users += people.level(name, unit)
        reached = index
    return Reminder(
        kind, period, unit, indicators, _emails(users, unit), users, level=LEVELS[reached]
    )


class _Ledger:
    """What was sent already (``ReminderSent``): per day, or ever for the opening notice."""

    def __init__(self, today, dry_run, people):
        self.today, self.dry_run, self.people = today, dry_run, people
        self.sent_today = set(ReminderSent.objects.filter(day=today).values_list("key", flat=True))

    def new(self, key: str, ever: bool = False) -> bool:
        if key in self.sent_today or (ever and ReminderSent.objects.filter(key=key).exists()):
            return False
        self.sent_today.add(key)
        if not self.dry_run:
            ReminderSent.objects.create(day=self.today, key=key)
        return True


def _deliver(ledger, reminder: Reminder, ever: bool = False) -> Reminder | None:
    """Keep only the recipients not told yet (today, or ever); send to them."""
    period_id = getattr(reminder.period, "pk", "")
    scope = f"{reminder.kind}:{period_id}:{getattr(reminder.unit, 'pk', '')}"
    users = [u for u in reminder.users if ledger.new(f"{scope}:u{u.pk}", ever)]
    addresses = {u.email for u in reminder.users}
    extra = [e for e in reminder.recipients if e not in addresses]  # a unit's own address
    emails = _emails(users) + [e for e in extra if ledger.new(f"{scope}:e{e}", ever)]
    if not users and not emails:
        return None
    reminder.users, reminder.recipients = users, sorted(set(emails))
    if not ledger.dry_run:
        path = _path(reminder)
        about = {"period": reminder.period, "unit": reminder.unit, "about": _about(reminder)}
        # Above the unit's officers, the notice says a unit below them is overdue.
        officers = set() if reminder.unit is None else {
            u.pk for u in ledger.people.level("officers", reminder.unit)
        }  # fmt: skip
        escalated = reminder.kind == Notice.Kind.ESCALATED
        notice_add(
            users=[u for u in users if not escalated or u.pk in officers],
            kind=Notice.Kind.OVERDUE if escalated else reminder.kind, **about, link=path,
        )  # fmt: skip
        if escalated:
            notice_add(
                users=[u for u in users if u.pk not in officers],
                kind=Notice.Kind.ESCALATED, **about, link=path,
            )  # fmt: skip
        notifications.reminder_email(reminder, path)
    return reminder


def _about(reminder: Reminder) -> str:
    """The notice's codes or count (its period and unit are stored as such, and named in
    the reader's language when shown)."""
    parts = []
    if reminder.indicators:
        parts.append(" ".join(i.code for i in reminder.indicators))
    if reminder.waiting:
        parts.append(str(reminder.waiting))
    return " · ".join(parts)


def _path(reminder: Reminder) -> str:
    if reminder.kind == Notice.Kind.DIGEST:
        return reverse("home")
    if reminder.unit is None:
        return reverse("entry", args=[reminder.period.pk])
    return reverse("entry", args=[reminder.period.pk]) + f"?unit={reminder.unit.pk}"


def _digest(people, ledger) -> list[Reminder]:
    """Each head: how many entries, activity progress and risk assessments of their units
    wait for review."""
    children = unit_children_map()
    waiting = defaultdict(int)
    for unit_id in ProgressEntry.objects.filter(status="submitted").values_list(
        "indicator__unit_id", flat=True
    ):
        waiting[unit_id] += 1
    for unit_id in ActivityProgress.objects.filter(review_status="submitted").values_list(
        "activity__action_plan__unit_id", flat=True
    ):
        waiting[unit_id] += 1
    for unit_id in RiskAssessment.objects.filter(status="submitted").values_list(
        "risk__unit_id", flat=True
    ):
        waiting[unit_id] += 1
    sent = []
    for unit_id, roles in sorted(people.by_unit.items()):
        heads = roles[Role.HEAD]
        if not heads:
            continue
        count = sum(waiting[u] for u in unit_subtree_ids(unit_id, children))
        if not count:
            continue
        for head in heads:
            reminder = Reminder(
                Notice.Kind.DIGEST, None, None, [], _emails([head]), [head],
                level="head", waiting=count,
            )  # fmt: skip
            if _deliver(ledger, reminder) is not None:
                sent.append(reminder)
    return sent


def send_reminders(*, today: datetime.date, dry_run: bool = False) -> list[Reminder]:
    """Send (or, ``dry_run``, only say) what is due on ``today``; returns what was new."""
    people = _People()
    ledger = _Ledger(today, dry_run, people)
    sent = []
    periods = (
        ReportingPeriod.objects.open()
        .filter(opens_on__lte=today)
        .select_related("plan")
        .order_by("plan_id", "year", "quarter")
    )
    for period in periods:
        everybody = [
            user
            for roles in people.by_unit.values()
            for user in roles[Role.OFFICER] + roles[Role.HEAD]
        ]
        opened = Reminder(Notice.Kind.PERIOD_OPENED, period, None, [], _emails(everybody),
                          everybody)  # fmt: skip
        if _deliver(ledger, opened, ever=True) is not None:
            sent.append(opened)
        days_left = (period.closes_on - today).days
        if days_left >= 0:
            if days_left not in settings.MARSAD_REMINDER_DAYS_BEFORE:
                continue
            top, kind = 0, Notice.Kind.PERIOD_CLOSING
        else:
            top = escalation_level(-days_left)
            if top is None:
                continue
            kind = Notice.Kind.OVERDUE if top == 0 else Notice.Kind.ESCALATED
        for unit, indicators in _missing(period).items():
            reminder = _deliver(ledger, _chase(people, period, unit, indicators, top, kind))
            if reminder is not None:
                sent.append(reminder)
    return sent + _digest(people, ledger)
