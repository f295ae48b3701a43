"""Writes to the plans app: opening, closing and reopening reporting periods."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from plans.errors import Conflict
from plans.models import PeriodEvent, ReportingPeriod, StrategicPlan
from plans.permissions import is_planning_admin

State = ReportingPeriod.State


def plan_touch(plan_id: int) -> None:
    """Record that something behind a plan's scores changed (see StrategicPlan.revision)."""
    StrategicPlan.objects.filter(pk=plan_id).update(revision=F("revision") + 1)


def _locked(period: ReportingPeriod) -> ReportingPeriod:
    return ReportingPeriod.objects.select_for_update(of=("self",)).get(pk=period.pk)


def _require_admin(user) -> None:
    if not is_planning_admin(user):
        raise PermissionDenied(_("Only a planning admin can open or close reporting periods."))


@transaction.atomic
def period_open(*, period: ReportingPeriod, by) -> ReportingPeriod:
    """Open a period that has not been opened yet, for entry."""
    _require_admin(by)
    period = _locked(period)
    if period.state != State.PLANNED:
        raise Conflict(_("Only a period that is not yet open can be opened."))
    period.state = State.OPEN
    period.save(update_fields=["state"])
    PeriodEvent.objects.create(period=period, action=PeriodEvent.Action.OPEN, by=by)
    plan_touch(period.plan_id)
    return period


@transaction.atomic
def period_close(*, period: ReportingPeriod, by) -> ReportingPeriod:
    """Close an open period: from then on it is locked for everybody but a planning admin."""
    _require_admin(by)
    period = _locked(period)
    if period.state != State.OPEN:
        raise Conflict(_("Only an open period can be closed."))
    period.state = State.CLOSED
    period.save(update_fields=["state"])
    PeriodEvent.objects.create(period=period, action=PeriodEvent.Action.CLOSE, by=by)
    plan_touch(period.plan_id)
    return period


@transaction.atomic
def period_reopen(*, period: ReportingPeriod, by, reason: str) -> ReportingPeriod:
    """Reopen a closed period; the reason is kept in the period's trail."""
    _require_admin(by)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Reopening a period needs a reason.")})
    period = _locked(period)
    if period.state != State.CLOSED:
        raise Conflict(_("Only a closed period can be reopened."))
    period.state = State.OPEN
    period.save(update_fields=["state"])
    PeriodEvent.objects.create(
        period=period, action=PeriodEvent.Action.REOPEN, by=by, reason=reason.strip()
    )
    plan_touch(period.plan_id)
    return period


@transaction.atomic
def activity_progress_save(
    *,
    activity,
    period: ReportingPeriod,
    by,
    percent_complete,
    status: str,
    comment: str = "",
    late_reason: str = "",
):
    """Record an activity's progress for a period (one row per activity and period)."""
    from plans.models import ActivityProgress
    from plans.permissions import can_report_activity

    if not can_report_activity(by, activity.action_plan.unit_id):
        raise PermissionDenied(_("You cannot report progress for this activity."))
    if period.plan_id != activity.action_plan.plan_id:
        raise ValidationError({"period": _("The period belongs to another plan.")})
    if period.state == State.PLANNED:
        raise Conflict(_("This period is not open for entry yet."))
    if period.state == State.CLOSED:
        if not is_planning_admin(by):
            raise Conflict(_("This period is closed; its entries can no longer be changed."))
        if not (late_reason or "").strip():
            raise ValidationError(
                {"late_reason": _("A late entry in a closed period needs a reason.")}
            )
    errors = {}
    if percent_complete is None:
        errors["percent_complete"] = _("Enter the percent complete.")
    elif not 0 <= percent_complete <= 100:
        errors["percent_complete"] = _("The percent complete must be between 0 and 100.")
    if status not in ActivityProgress.Status.values:
        errors["status"] = _("Choose a status.")
    if errors:
        raise ValidationError(errors)
    progress, _created = ActivityProgress.objects.update_or_create(
        activity=activity,
        period=period,
        defaults={
            "percent_complete": percent_complete,
            "status": status,
            "comment": (comment or "").strip()[:4000],
            "updated_by": by,
        },
    )
    plan_touch(period.plan_id)
    return progress
