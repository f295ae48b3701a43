"""Quarterly reports other than indicator values: activity progress and risk assessments.
Both go through the one review workflow (plans/workflow.py) like progress entries: saved as
a draft, submitted, approved or returned, reopened for correction, each step kept in their
trail and told by email."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans import notices, workflow
from plans.models import (
    ActivityProgress,
    ActivityProgressEvent,
    ReportingPeriod,
    Risk,
    RiskAssessment,
    RiskAssessmentEvent,
)

# --- Activity progress ----------------------------------------------------------------------


def _percent_in_force(progress, by, now) -> None:
    """An approval's write particular to activity progress: the percent in force, kept
    while a reopened progress is corrected (dashboards and reports read it)."""
    progress.approved_percent = progress.percent_complete


ACTIVITY_PROGRESS = workflow.Kind(
    name="activity_progress",
    model=ActivityProgress,
    event_model=ActivityProgressEvent,
    event_link="progress",
    tracked=("percent_complete", "status", "comment"),
    headline="percent_complete",
    related=("activity__action_plan", "period"),
    unit_of=lambda progress: progress.activity.action_plan.unit_id,
    plan_of=lambda progress: progress.activity.action_plan.plan_id,
    touch=workflow.scores_untouched,
    # ``status`` is the activity's own (in progress, done…); the review's is this one.
    state_field="review_status",
    cannot_enter=gettext_lazy("You cannot report progress for this activity."),
    cannot_review=gettext_lazy("You cannot review this activity's progress."),
    on_approve=_percent_in_force,
    notify_submitted=notices.activity_progress_submitted,
    notify_returned=notices.activity_progress_returned,
)


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
    expected_version: int | None = None,
):
    """Record an activity's progress for a period (one row per activity and period), as a
    draft; ``expected_version`` is the version the caller read (None when it saw none).

    The writes, the trail line (every changed percent, status and comment), the period
    rules and the refusals are those of ``plans.workflow.save``.
    """
    errors = {}
    if percent_complete is None:
        errors["percent_complete"] = _("Enter the percent complete.")
    elif not 0 <= percent_complete <= 100:
        errors["percent_complete"] = _("The percent complete must be between 0 and 100.")
    if status not in ActivityProgress.Status.values:
        errors["status"] = _("Choose a status.")
    plan_id = activity.action_plan.plan_id
    workflow.may_write(
        ACTIVITY_PROGRESS,
        unit_id=activity.action_plan.unit_id,
        plan_id=plan_id,
        period=period,
        by=by,
        late_reason=late_reason,
    )
    if errors:
        raise ValidationError(errors)
    return workflow.save(
        ACTIVITY_PROGRESS,
        find={"activity": activity, "period": period},
        unit_id=activity.action_plan.unit_id,
        plan_id=plan_id,
        period=period,
        by=by,
        values={
            "percent_complete": percent_complete,
            "status": status,
            "comment": workflow.clean_comment(comment),
        },
        expected_version=expected_version,
        late_reason=late_reason,
    )


@transaction.atomic
def activity_progress_submit(*, progress, by, expected_version: int | None, late_reason=""):
    """Send an activity's progress to the unit's head (``plans.workflow.submit``)."""
    return workflow.submit(
        ACTIVITY_PROGRESS,
        record=progress,
        by=by,
        expected_version=expected_version,
        late_reason=late_reason,
    )


@transaction.atomic
def activity_progress_approve(*, progress, by, expected_version: int | None, late_reason=""):
    """Approve an activity's progress (``plans.workflow.approve``)."""
    return workflow.approve(
        ACTIVITY_PROGRESS,
        record=progress,
        by=by,
        expected_version=expected_version,
        late_reason=late_reason,
    )


@transaction.atomic
def activity_progress_return(
    *, progress, by, expected_version: int | None, comment: str, late_reason=""
):
    """Return an activity's progress with a comment (``plans.workflow.return_``)."""
    return workflow.return_(
        ACTIVITY_PROGRESS,
        record=progress,
        by=by,
        expected_version=expected_version,
        comment=comment,
        late_reason=late_reason,
    )


@transaction.atomic
def activity_progress_reopen(
    *, progress, by, expected_version: int | None, comment: str, late_reason=""
):
    """Reopen an approved activity progress for correction (``plans.workflow.reopen``)."""
    return workflow.reopen(
        ACTIVITY_PROGRESS,
        record=progress,
        by=by,
        expected_version=expected_version,
        comment=comment,
        late_reason=late_reason,
    )


# --- Quarterly risk review ----------------------------------------------------------------


def _score_errors(likelihood, impact) -> dict:
    errors = {}
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            errors[name] = _("Choose a whole number from 1 to 5.")
    return errors


def _risk_takes_scores(assessment, by, now) -> None:
    """An approval's write particular to assessments: the risk takes its likelihood and
    impact (and keeps them while a reopened assessment is corrected)."""
    Risk.objects.filter(pk=assessment.risk_id).update(
        likelihood=assessment.likelihood, impact=assessment.impact
    )


RISK_ASSESSMENT = workflow.Kind(
    name="risk_assessment",
    model=RiskAssessment,
    event_model=RiskAssessmentEvent,
    event_link="assessment",
    tracked=("likelihood", "impact", "note"),
    related=("risk", "period"),
    unit_of=lambda assessment: assessment.risk.unit_id,
    plan_of=lambda assessment: assessment.risk.plan_id,
    touch=workflow.scores_untouched,
    changer_field="assessed_by",
    steps_set_changer=False,
    cannot_enter=gettext_lazy("You cannot assess this risk."),
    cannot_review=gettext_lazy("You cannot review this risk."),
    on_approve=_risk_takes_scores,
    notify_submitted=notices.risk_assessments_submitted,
    notify_returned=notices.risk_assessment_returned,
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
    """Record (or change) the quarter's assessment of a risk, as a draft of its unit.

    The writes, the trail line (every changed likelihood, impact and note), the period
    rules and the refusals are those of ``plans.workflow.save``.
    """
    workflow.may_write(
        RISK_ASSESSMENT,
        unit_id=risk.unit_id,
        plan_id=risk.plan_id,
        period=period,
        by=by,
        late_reason=late_reason,
    )
    errors = _score_errors(likelihood, impact)
    if errors:
        raise ValidationError(errors)
    return workflow.save(
        RISK_ASSESSMENT,
        find={"risk": risk, "period": period},
        unit_id=risk.unit_id,
        plan_id=risk.plan_id,
        period=period,
        by=by,
        values={
            "likelihood": likelihood,
            "impact": impact,
            "note": workflow.clean_comment(note, "note"),
        },
        expected_version=expected_version,
        late_reason=late_reason,
    )


@transaction.atomic
def risk_assessment_submit(*, assessment, by, expected_version: int | None, late_reason: str = ""):
    """Send an assessment to the unit's head (``plans.workflow.submit``)."""
    return workflow.submit(
        RISK_ASSESSMENT,
        record=assessment,
        by=by,
        expected_version=expected_version,
        late_reason=late_reason,
    )


@transaction.atomic
def risk_assessment_approve(*, assessment, by, expected_version: int | None, late_reason: str = ""):
    """Approve an assessment: the risk takes its likelihood and impact, and the history
    gains a point (``plans.workflow.approve``)."""
    return workflow.approve(
        RISK_ASSESSMENT,
        record=assessment,
        by=by,
        expected_version=expected_version,
        late_reason=late_reason,
    )


@transaction.atomic
def risk_assessment_return(
    *, assessment, by, expected_version: int | None, comment: str, late_reason: str = ""
):
    """Return an assessment to its unit with a comment (``plans.workflow.return_``)."""
    return workflow.return_(
        RISK_ASSESSMENT,
        record=assessment,
        by=by,
        expected_version=expected_version,
        comment=comment,
        late_reason=late_reason,
    )


@transaction.atomic
def risk_assessment_reopen(
    *, assessment, by, expected_version: int | None, comment: str, late_reason: str = ""
):
    """Reopen an approved assessment for correction; the risk keeps the approved likelihood
    and impact until the correction is approved (``plans.workflow.reopen``)."""
    return workflow.reopen(
        RISK_ASSESSMENT,
        record=assessment,
        by=by,
        expected_version=expected_version,
        comment=comment,
        late_reason=late_reason,
    )
