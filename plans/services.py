"""Writes to the plans app: opening, closing and reopening reporting periods."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from plans.errors import Conflict
from plans.models import (
    ActivityProgress,
    PeriodEvent,
    ReportingPeriod,
    Risk,
    RiskAssessment,
    StrategicPlan,
)
from plans.permissions import can_report_for_unit, can_review_for_unit, is_planning_admin

State = ReportingPeriod.State


def plan_touch(plan_id: int) -> None:
    """Record that something behind a plan's scores changed (see StrategicPlan.revision)."""
    StrategicPlan.objects.filter(pk=plan_id).update(revision=F("revision") + 1)


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

    if not can_report_for_unit(by, activity.action_plan.unit_id):
        raise PermissionDenied(_("You cannot report progress for this activity."))
    if period.plan_id != activity.action_plan.plan_id:
        raise ValidationError({"period": _("The period belongs to another plan.")})
    check_period_writable(period, by, late_reason)
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


# --- Quarterly risk review ----------------------------------------------------------------


def check_period_writable(period: ReportingPeriod, by, late_reason: str) -> bool:
    """May ``by`` write reports for this period? Open periods: yes. Closed ones: only a
    planning admin, with a reason (a late entry). Returns whether it is a late entry."""
    if period.state == State.OPEN:
        return False
    if period.state == State.PLANNED:
        raise Conflict(_("This period is not open for entry yet."))
    if not is_planning_admin(by):
        raise Conflict(_("This period is closed; its entries can no longer be changed."))
    if not (late_reason or "").strip():
        raise ValidationError({"late_reason": _("A late entry in a closed period needs a reason.")})
    return True


def _score_errors(likelihood, impact) -> dict:
    errors = {}
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            errors[name] = _("Choose a whole number from 1 to 5.")
    return errors


def _locked_assessment(assessment):

    return (
        RiskAssessment.objects.select_for_update(of=("self",))
        .select_related("risk", "period")
        .get(pk=assessment.pk)
    )


def _assessment_version(assessment, expected_version) -> None:
    if expected_version is None or int(expected_version) != assessment.version:
        raise Conflict(
            _("Somebody changed this assessment after you opened it; look again and retry.")
        )


@transaction.atomic
def risk_assessment_save(
    *,
    risk,
    period: ReportingPeriod,
    by,
    likelihood: int,
    impact: int,
    note: str = "",
    expected_version: int | None = None,
    late_reason: str = "",
):
    """Record (or change) the quarter's assessment of a risk, as a draft of its unit."""

    if not can_report_for_unit(by, risk.unit_id):
        raise PermissionDenied(_("You cannot assess this risk."))
    if period.plan_id != risk.plan_id:
        raise ValidationError({"period": _("The period belongs to another plan.")})
    check_period_writable(period, by, late_reason)
    errors = _score_errors(likelihood, impact)
    if errors:
        raise ValidationError(errors)
    assessment = (
        RiskAssessment.objects.select_for_update(of=("self",))
        .filter(risk=risk, period=period)
        .first()
    )
    if assessment is None:
        if expected_version is not None:
            raise Conflict(_("This entry no longer exists; reload the page."))
        return RiskAssessment.objects.create(
            risk=risk,
            period=period,
            likelihood=likelihood,
            impact=impact,
            note=(note or "").strip()[:4000],
            assessed_by=by,
        )
    _assessment_version(assessment, expected_version)
    if assessment.status not in (RiskAssessment.Status.DRAFT, RiskAssessment.Status.RETURNED):
        raise Conflict(_("Only a draft or a returned entry can be submitted."))
    assessment.likelihood, assessment.impact = likelihood, impact
    assessment.note = (note or "").strip()[:4000]
    assessment.assessed_by = by
    assessment.version += 1
    assessment.save()
    return assessment


@transaction.atomic
def risk_assessment_submit(*, assessment, by, expected_version: int | None, late_reason: str = ""):
    """Send an assessment to the unit's head."""

    assessment = _locked_assessment(assessment)
    if not can_report_for_unit(by, assessment.risk.unit_id):
        raise PermissionDenied(_("You cannot assess this risk."))
    check_period_writable(assessment.period, by, late_reason)
    _assessment_version(assessment, expected_version)
    if assessment.status not in (RiskAssessment.Status.DRAFT, RiskAssessment.Status.RETURNED):
        raise Conflict(_("Only a draft or a returned entry can be submitted."))
    assessment.status = RiskAssessment.Status.SUBMITTED
    assessment.version += 1
    assessment.save()
    return assessment


def _risk_review(assessment, by, expected_version, late_reason):

    assessment = _locked_assessment(assessment)
    if not can_review_for_unit(by, assessment.risk.unit_id):
        raise PermissionDenied(_("You cannot review this risk."))
    check_period_writable(assessment.period, by, late_reason)
    _assessment_version(assessment, expected_version)
    if assessment.status != RiskAssessment.Status.SUBMITTED:
        raise Conflict(_("Only a submitted entry can be approved or returned."))
    return assessment


@transaction.atomic
def risk_assessment_approve(*, assessment, by, expected_version: int | None, late_reason: str = ""):
    """Approve an assessment: the risk takes its likelihood and impact, and the history
    gains a point."""

    assessment = _risk_review(assessment, by, expected_version, late_reason)
    assessment.status = RiskAssessment.Status.APPROVED
    assessment.reviewed_by = by
    assessment.review_comment = ""
    assessment.version += 1
    assessment.save()
    Risk.objects.filter(pk=assessment.risk_id).update(
        likelihood=assessment.likelihood, impact=assessment.impact
    )
    plan_touch(assessment.risk.plan_id)
    return assessment


@transaction.atomic
def risk_assessment_return(
    *, assessment, by, expected_version: int | None, comment: str, late_reason: str = ""
):
    """Return an assessment to its unit with a comment."""

    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say why the entry is returned.")})
    assessment = _risk_review(assessment, by, expected_version, late_reason)
    assessment.status = RiskAssessment.Status.RETURNED
    assessment.reviewed_by = by
    assessment.review_comment = comment.strip()[:4000]
    assessment.version += 1
    assessment.save()
    return assessment
