"""Writes to the plans app: opening, closing and reopening reporting periods."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.errors import Conflict
from plans.models import PeriodEvent, ReportingPeriod
from plans.permissions import is_planning_admin

State = ReportingPeriod.State


def _locked(period: ReportingPeriod) -> ReportingPeriod:
    return ReportingPeriod.objects.select_for_update().get(pk=period.pk)


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
    return period
