"""Reporting periods: opening, closing and reopening them, and who may still write into one."""

from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.errors import Conflict
from plans.models import (
    LateEntryRequest,
    PeriodEvent,
    ReportingPeriod,
    StrategicPlan,
    new_stamp,
)
from plans.permissions import is_planning_admin
from plans.selectors import unit_children_map, unit_subtree_ids

State = ReportingPeriod.State


def plan_touch(plan_id: int, *, scores: bool = True) -> None:
    """Record that something behind a plan's scores changed (see StrategicPlan.revision).

    By default any indicator's result may have changed: the plan gets a new
    ``scores_stamp`` and every indicator result kept in memory is computed again. A caller
    that marks the indicators it changed itself (``indicators_touch`` in
    indicators/services/revisions.py), or whose change moves no indicator's result (a risk,
    an activity, a narrative), passes ``scores=False``: only those indicators are computed
    again, and the roll-ups above them."""
    changes = {"revision": F("revision") + 1}
    if scores:
        changes["scores_stamp"] = new_stamp()
    StrategicPlan.objects.filter(pk=plan_id).update(**changes)


def _locked(period: ReportingPeriod) -> ReportingPeriod:
    return ReportingPeriod.objects.select_for_update(of=("self",)).get(pk=period.pk)


def _require_admin(user) -> None:
    if not is_planning_admin(user):
        raise PermissionDenied(_("Only a planning admin can open or close reporting periods."))


def _move(period, by, *, expected: str, to: str, action: str, refusal: str, reason: str = ""):
    """One step of a period's life, recorded with who took it (and why)."""
    _require_admin(by)
    period = _locked(period)
    if period.state != expected:
        raise Conflict(refusal)
    period.state = to
    period.save(update_fields=["state"])
    PeriodEvent.objects.create(period=period, action=action, by=by, reason=reason)
    plan_touch(period.plan_id)
    return period


@transaction.atomic
def period_open(*, period: ReportingPeriod, by) -> ReportingPeriod:
    """Open a period that has not been opened yet, for entry."""
    return _move(
        period, by, expected=State.PLANNED, to=State.OPEN, action=PeriodEvent.Action.OPEN,
        refusal=_("Only a period that is not yet open can be opened."),
    )  # fmt: skip


@transaction.atomic
def period_close(*, period: ReportingPeriod, by) -> ReportingPeriod:
    """Close an open period: from then on it is locked for everybody but a planning admin."""
    return _move(
        period, by, expected=State.OPEN, to=State.CLOSED, action=PeriodEvent.Action.CLOSE,
        refusal=_("Only an open period can be closed."),
    )  # fmt: skip


@transaction.atomic
def period_reopen(*, period: ReportingPeriod, by, reason: str) -> ReportingPeriod:
    """Reopen a closed period; the reason is kept in the period's trail."""
    _require_admin(by)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Reopening a period needs a reason.")})
    return _move(
        period, by, expected=State.CLOSED, to=State.OPEN, action=PeriodEvent.Action.REOPEN,
        refusal=_("Only a closed period can be reopened."), reason=reason.strip(),
    )  # fmt: skip


class Writing(StrEnum):
    """How a user may write reports (values, evidence, activity progress, risk assessments,
    reviews) into a period: see ``period_writing``."""

    OPEN = "open"  # an open period: the usual case
    LATE = "late"  # a closed period, by a planning admin: a late entry, with a reason
    GRANTED = "granted"  # a closed period, under a granted late-entry request


def active_grants(period: ReportingPeriod, by) -> list[LateEntryRequest]:
    """The late-entry requests ``by`` made for the closed ``period`` that were granted and
    whose deadline (a day, inclusive) has not passed, each with ``unit_ids``: its unit and
    the units below it, which it covers. Two queries (none in a period that is not closed);
    a page that asks several times reads them once and passes them on (``grants``)."""
    if not getattr(by, "is_authenticated", False) or period.state != State.CLOSED:
        return []
    grants = LateEntryRequest.objects.filter(
        period_id=period.pk,
        requested_by_id=by.pk,
        status=LateEntryRequest.Status.GRANTED,
        deadline__gte=timezone.localdate(),
    )
    grants = list(grants.select_related("answered_by"))
    if grants:
        children = unit_children_map()
        for grant in grants:
            grant.unit_ids = unit_subtree_ids(grant.unit_id, children)
    return grants


def grant_for(
    period, by, *, unit_id: int | None = None, indicator_id: int | None = None, grants=None
):
    """The grant that lets ``by`` write into the closed ``period`` for this unit (and this
    indicator, when one is named), or None. A grant for a unit covers the units below it.
    Without a unit: any grant of ``by`` there. ``grants``: ``active_grants`` read before."""
    for grant in active_grants(period, by) if grants is None else grants:
        if unit_id is None or (unit_id in grant.unit_ids and grant.covers(indicator_id)):
            return grant
    return None


def period_writing(
    period: ReportingPeriod,
    by,
    *,
    unit_id: int | None = None,
    indicator_id: int | None = None,
    grants: list | None = None,
) -> Writing | None:
    """May ``by`` write reports into ``period``, and how: ``Writing.OPEN`` in an open
    period, ``Writing.LATE`` in a closed one for a planning admin (a late entry, which needs
    a reason), ``Writing.GRANTED`` in a closed one under a granted late-entry request whose
    deadline has not passed (for this unit and indicator when they are named; the request's
    reason is the late reason), None otherwise (not yet open; closed to everybody else).
    The one answer the services (``check_period_writable``), the pages, their templates
    (the ``writing`` filter) and the API share; whether ``by`` may report for the unit is
    asked separately (``plans.permissions``)."""
    if period.state == State.OPEN:
        return Writing.OPEN
    if period.state == State.CLOSED and is_planning_admin(by):
        return Writing.LATE
    if period.state == State.CLOSED and grant_for(
        period, by, unit_id=unit_id, indicator_id=indicator_id, grants=grants
    ):
        return Writing.GRANTED
    return None


def check_period_writable(
    period: ReportingPeriod,
    by,
    late_reason: str,
    *,
    unit_id: int | None = None,
    indicator_id: int | None = None,
) -> bool:
    """Refuse a write ``period_writing`` does not allow, or a late entry without its reason.
    Returns whether it is a late entry (a grant's always is; its reason is the request's)."""
    writing = period_writing(period, by, unit_id=unit_id, indicator_id=indicator_id)
    if writing is None:
        if period.state == State.PLANNED:
            raise Conflict(_("This period is not open for entry yet."))
        if unit_id is not None and grant_for(period, by):
            raise Conflict(_("Your late-entry grant does not cover this value."))
        raise Conflict(_("This period is closed; its entries can no longer be changed."))
    if writing == Writing.LATE and not (late_reason or "").strip():
        raise ValidationError({"late_reason": _("A late entry in a closed period needs a reason.")})
    return writing != Writing.OPEN


def late_note(
    period: ReportingPeriod,
    by,
    late_reason: str,
    *,
    unit_id: int | None = None,
    indicator_id: int | None = None,
) -> str:
    """The reason a late write records in its trail line: the one given, and under a grant
    the grant itself (who granted it, until when, and the request's reason)."""
    typed = (late_reason or "").strip()
    if period.state != State.CLOSED or is_planning_admin(by):
        return typed
    grant = grant_for(period, by, unit_id=unit_id, indicator_id=indicator_id)
    if grant is None:
        return typed
    granted_by = grant.answered_by.get_username() if grant.answered_by else ""
    note = _("Late entry granted (request %(number)s) by %(by)s until %(deadline)s: %(reason)s") % {
        "number": grant.pk,
        "by": granted_by,
        "deadline": grant.deadline.isoformat(),
        "reason": grant.reason,
    }
    return f"{note}\n{typed}" if typed else note


def check_year_in_plan(plan: StrategicPlan, year: int | None, *, field: str = "year") -> None:
    """Refuse a year outside the plan's years (the database refuses it too, with a trigger);
    the message is the one every page and the admin show."""
    if year is not None and not plan.first_year <= year <= plan.last_year:
        raise ValidationError(
            {
                field: _("The year must be inside the plan (%(first)s–%(last)s).")
                % {"first": plan.first_year, "last": plan.last_year}
            }
        )
