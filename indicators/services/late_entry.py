"""Late-entry requests: an officer asks to enter or correct values of a closed period late,
with a reason (for some indicators or the whole unit); the planning admin grants it with a
deadline or refuses it with a comment. A grant is read by
``plans.services.periods.period_writing`` (``Writing.GRANTED``): until its deadline the
officer writes those values through the usual late-entry path, and the trail line carries
the grant and its reason (``late_note``)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators import notifications
from indicators.models import Indicator
from plans import workflow
from plans.errors import Conflict
from plans.models import LateEntryRequest, Membership, OrgUnit, ReportingPeriod
from plans.permissions import can_report_for_unit, is_planning_admin, role_of
from plans.selectors import unit_subtree_ids

Status = LateEntryRequest.Status


def may_ask_late(user, unit_id: int) -> bool:
    """Officers of the unit's tree ask; a planning admin writes late without asking."""
    return role_of(user) == Membership.Role.OFFICER and can_report_for_unit(user, unit_id)


@transaction.atomic
def late_request_create(
    *, period: ReportingPeriod, unit: OrgUnit, by, reason: str, indicator_ids=()
) -> LateEntryRequest:
    """Ask to enter the values of ``indicator_ids`` (none: the whole unit) late.

    Writes: a pending request. Also: a notice and an email to every planning admin.
    Refuses: PermissionDenied (not an officer of the unit), Conflict (the period is not
    closed; a request of the same officer for the unit already waits), ValidationError (no
    reason, too long, an indicator that is not the unit's or not in the plan).
    """
    if not may_ask_late(by, unit.pk):
        raise PermissionDenied(_("Only an officer of the unit can ask for a late entry."))
    if period.state != ReportingPeriod.State.CLOSED:
        raise Conflict(_("A late entry can be asked for only in a closed period."))
    reason = workflow.clean_comment(reason, "reason")
    if not reason:
        raise ValidationError({"reason": _("Say why the values are entered late.")})
    wanted = sorted({int(pk) for pk in indicator_ids})
    if wanted:
        found = set(
            Indicator.objects.counting()
            .filter(pk__in=wanted, plan_id=period.plan_id, unit_id__in=unit_subtree_ids(unit.pk))
            .values_list("pk", flat=True)
        )
        if found != set(wanted):
            raise ValidationError(
                {"indicators": _("Choose indicators of this unit in this period's plan.")}
            )
    if LateEntryRequest.objects.filter(
        period=period, unit=unit, requested_by=by, status=Status.PENDING
    ).exists():
        raise Conflict(_("Your request for this period is still waiting for an answer."))
    request = LateEntryRequest.objects.create(
        period=period, unit=unit, requested_by=by, reason=reason, indicator_ids=wanted
    )
    pk = request.pk
    transaction.on_commit(lambda: notifications.late_request_made(pk))
    return request


def _pending(request: LateEntryRequest, by) -> LateEntryRequest:
    if not is_planning_admin(by):
        raise PermissionDenied(_("Only a planning admin can answer a late-entry request."))
    request = LateEntryRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != Status.PENDING:
        raise Conflict(_("This request was answered already."))
    return request


def _answered(request: LateEntryRequest, by, status: str, comment: str) -> LateEntryRequest:
    request.status = status
    request.answer = comment
    request.answered_by = by
    request.answered_at = timezone.now()
    request.save()
    pk = request.pk
    transaction.on_commit(lambda: notifications.late_request_answered(pk))
    return request


@transaction.atomic
def late_request_grant(
    *, request: LateEntryRequest, by, deadline: datetime.date | None, comment: str = ""
) -> LateEntryRequest:
    """Grant a pending request until ``deadline`` (inclusive; today or later).

    Writes: the request granted, with the deadline, the comment, who and when. Also: a
    notice and an email to the officer. Refuses: PermissionDenied (not a planning admin),
    Conflict (answered already), ValidationError (no deadline, one in the past).
    """
    request = _pending(request, by)
    if deadline is None:
        raise ValidationError({"deadline": _("Give the day until which the entry is allowed.")})
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    request.deadline = deadline
    return _answered(request, by, Status.GRANTED, workflow.clean_comment(comment))


@transaction.atomic
def late_request_refuse(*, request: LateEntryRequest, by, comment: str) -> LateEntryRequest:
    """Refuse a pending request, saying why.

    Writes: the request refused, with the comment, who and when. Also: a notice and an
    email to the officer. Refuses: PermissionDenied (not a planning admin), Conflict
    (answered already), ValidationError (no comment, too long).
    """
    comment = workflow.clean_comment(comment)
    if not comment:
        raise ValidationError({"comment": _("Say why the request is refused.")})
    request = _pending(request, by)
    return _answered(request, by, Status.REFUSED, comment)
