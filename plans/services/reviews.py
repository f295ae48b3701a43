"""Quarterly reports other than indicator values: activity progress and risk assessments."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.errors import Conflict
from plans.models import ActivityProgress, ReportingPeriod, Risk, RiskAssessment
from plans.permissions import can_report_for_unit, can_review_for_unit
from plans.services.periods import check_period_writable, plan_touch


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
