"""What each user has to do now, for the top of their home page: an officer's values due in
the open quarters, a head's entries waiting for review, the planning admin's view of the
cycle (which units are done, under way, not started). Each item says the period and its
deadline in days, and the page links it to where the work is done.

The counts are those of the pages they link to: the entry page's rows (indicators counted in
scores and due in the period, ``due_in``), the review page's queue (submitted entries of due
indicators and submitted activity progress)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.models import Indicator, ProgressEntry
from indicators.permissions import enterable_unit_ids, reviewable_unit_ids
from indicators.selectors.entry import due_in
from plans.models import ActivityProgress, Membership, OrgUnit, ReportingPeriod
from plans.permissions import role_of

Status = ProgressEntry.Status
DONE = {Status.SUBMITTED, Status.APPROVED}


def _days_left(period: ReportingPeriod, today: date) -> int:
    """Days until the period's closing date: 0 on the day, negative once it has passed."""
    return (period.closes_on - today).days


def deadline_words(days_left: int) -> str:
    """The period's deadline in days, as a reader counts them."""
    if days_left > 0:
        return ngettext("closes in %(days)d day", "closes in %(days)d days", days_left) % {
            "days": days_left
        }
    if days_left == 0:
        return _("closes today")
    late = -days_left
    return ngettext(
        "closing date passed %(days)d day ago", "closing date passed %(days)d days ago", late
    ) % {"days": late}


class _Dated:
    days_left: int

    @property
    def deadline(self) -> str:
        return deadline_words(self.days_left)

    @property
    def late(self) -> bool:
        return self.days_left < 0


@dataclass
class EntryTask(_Dated):
    """An officer's open quarter: how many of the due values are still to be entered,
    saved as drafts, returned for correction, or sent."""

    period: ReportingPeriod
    days_left: int
    due: int = 0
    to_enter: int = 0
    drafts: int = 0
    returned: int = 0
    sent: int = 0

    @property
    def remaining(self) -> int:
        return self.to_enter + self.drafts + self.returned


@dataclass
class ReviewTask(_Dated):
    """A period with entries (and activity progress) waiting for the head's decision."""

    period: ReportingPeriod
    days_left: int
    entries: int = 0
    activities: int = 0

    @property
    def waiting(self) -> int:
        return self.entries + self.activities


@dataclass
class CycleTask(_Dated):
    """An open period across the ministry: units with every due value sent (done), with
    some entered (under way), with none (not started)."""

    period: ReportingPeriod
    days_left: int
    done: list[OrgUnit] = field(default_factory=list)
    under_way: list[OrgUnit] = field(default_factory=list)
    not_started: list[OrgUnit] = field(default_factory=list)

    @property
    def units(self) -> int:
        return len(self.done) + len(self.under_way) + len(self.not_started)


@dataclass
class Todo:
    entry: list[EntryTask] = field(default_factory=list)
    review: list[ReviewTask] = field(default_factory=list)
    cycle: list[CycleTask] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.entry or self.review or self.cycle)


def _open_periods(plan) -> list[ReportingPeriod]:
    periods = ReportingPeriod.objects.open().select_related("plan")
    if plan is not None:
        periods = periods.filter(plan=plan)
    return list(periods.order_by("closes_on", "year", "quarter", "plan_id"))


def _due_indicators(periods: list[ReportingPeriod], unit_ids: set[int] | None):
    """Per period, the indicators due in it (of ``unit_ids``; all when None), as the entry
    page lists them (1 query)."""
    indicators = Indicator.objects.filter(plan_id__in={p.plan_id for p in periods}).counting()
    if unit_ids is not None:
        indicators = indicators.filter(unit_id__in=unit_ids)
    indicators = list(indicators.select_related("unit").order_by("unit__order", "unit__code"))
    return {
        period.pk: [i for i in indicators if i.plan_id == period.plan_id and due_in(i, period)]
        for period in periods
    }


def _statuses(periods: list[ReportingPeriod], indicator_ids: set[int]) -> dict:
    """(period id, indicator id) → the entry's status (1 query)."""
    return {
        (period_id, indicator_id): status
        for period_id, indicator_id, status in ProgressEntry.objects.filter(
            period__in=periods, indicator_id__in=indicator_ids
        ).values_list("period_id", "indicator_id", "status")
    }


def _entry_tasks(user, periods, today) -> list[EntryTask]:
    units = enterable_unit_ids(user)
    due = _due_indicators(periods, units)
    statuses = _statuses(periods, {i.pk for rows in due.values() for i in rows})
    tasks = []
    for period in periods:
        task = EntryTask(period=period, days_left=_days_left(period, today))
        for indicator in due[period.pk]:
            task.due += 1
            status = statuses.get((period.pk, indicator.pk))
            if status is None:
                task.to_enter += 1
            elif status == Status.DRAFT:
                task.drafts += 1
            elif status == Status.RETURNED:
                task.returned += 1
            else:
                task.sent += 1
        if task.due:
            tasks.append(task)
    return tasks


def _review_tasks(user, periods, today, plan) -> list[ReviewTask]:
    """Submitted entries and activity progress in any period (a closed quarter's queue is
    still the head's to clear), of the units the user reviews (of ``plan`` alone when
    given)."""
    units = reviewable_unit_ids(user)
    entries = ProgressEntry.objects.filter(status=Status.SUBMITTED).select_related(
        "indicator", "period", "period__plan"
    )
    activities = ActivityProgress.objects.filter(review_status=Status.SUBMITTED).select_related(
        "period", "period__plan"
    )
    if units is not None:
        entries = entries.filter(indicator__unit_id__in=units)
        activities = activities.filter(activity__action_plan__unit_id__in=units)
    if plan is not None:
        entries = entries.filter(period__plan=plan)
        activities = activities.filter(period__plan=plan)
    tasks: dict[int, ReviewTask] = {}

    def task_of(period):
        if period.pk not in tasks:
            tasks[period.pk] = ReviewTask(period=period, days_left=_days_left(period, today))
        return tasks[period.pk]

    for entry in entries.order_by():
        if due_in(entry.indicator, entry.period):
            task_of(entry.period).entries += 1
    for progress in activities.order_by():
        task_of(progress.period).activities += 1
    return sorted(tasks.values(), key=lambda t: (t.period.year, t.period.quarter, t.period.pk))


def _cycle_tasks(periods, today) -> list[CycleTask]:
    due = _due_indicators(periods, None)
    statuses = _statuses(periods, {i.pk for rows in due.values() for i in rows})
    tasks = []
    for period in periods:
        by_unit = defaultdict(list)
        for indicator in due[period.pk]:
            by_unit[indicator.unit].append(statuses.get((period.pk, indicator.pk)))
        task = CycleTask(period=period, days_left=_days_left(period, today))
        for unit, found in by_unit.items():
            if all(status in DONE for status in found):
                task.done.append(unit)
            elif any(status is not None for status in found):
                task.under_way.append(unit)
            else:
                task.not_started.append(unit)
        if task.units:
            tasks.append(task)
    return tasks


def todo_for(user, *, today: date, plan=None) -> Todo:
    """The work waiting for ``user`` (nothing for a viewer or a user without a role):
    officers get their entry tasks, heads their review queue, the planning admin the cycle
    and the review queue of the whole ministry. With ``plan``, that plan's work alone (the
    home page's: a deployment holding many ministries' plans reads one plan's rows, never
    every plan's). Beside the role and unit tree, the open periods (1 query) and 2 for each
    kind of task, whatever the number of rows."""
    role = role_of(user)
    todo = Todo()
    if role in (None, Membership.Role.VIEWER):
        return todo
    periods = _open_periods(plan)
    if role == Membership.Role.OFFICER:
        if periods:
            todo.entry = _entry_tasks(user, periods, today)
        return todo
    todo.review = _review_tasks(user, periods, today, plan)
    if role == Membership.Role.PLANNING_ADMIN and periods:
        todo.cycle = _cycle_tasks(periods, today)
    return todo
