"""Narratives: a unit's word, each period, on every objective it leads (achievements,
challenges and their causes, next steps; Arabic and, when the author gives it, English).
They go through the one review workflow (plans/workflow.py) with the period's values:
saved as drafts and submitted from the entry page, approved or returned on the review page,
every change and step kept in their trail, the period's locks applied."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans import notices, workflow
from plans.models import Narrative, NarrativeEvent, Objective, ReportingPeriod

# A narrative's part may be longer than a comment, but not without end.
MAX_TEXT = 8000

NARRATIVE = workflow.Kind(
    name="narrative",
    model=Narrative,
    event_model=NarrativeEvent,
    event_link="narrative",
    tracked=Narrative.TEXTS,
    related=("period",),
    unit_of=lambda narrative: narrative.unit_id,
    plan_of=lambda narrative: narrative.period.plan_id,
    touch=workflow.scores_untouched,
    cannot_enter=gettext_lazy("You cannot write the narrative of this objective."),
    cannot_review=gettext_lazy("You cannot review this narrative."),
    notify_submitted=notices.narratives_submitted,
    notify_returned=notices.narrative_returned,
)


def clean_texts(texts: dict) -> dict:
    """The six parts as stored: stripped, each at most ``MAX_TEXT`` characters (refused,
    never cut), and at least one of them given."""
    cleaned, errors = {}, {}
    for name in Narrative.TEXTS:
        text = (texts.get(name) or "").strip()
        if len(text) > MAX_TEXT:
            errors[name] = _("This text is too long: at most %(limit)d characters.") % {
                "limit": MAX_TEXT
            }
        cleaned[name] = text
    if not errors and not any(cleaned.values()):
        errors["achievements_ar"] = _(
            "Write the achievements, the challenges or the next steps of the objective."
        )
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def narrative_save(
    *,
    objective: Objective,
    period: ReportingPeriod,
    by,
    texts: dict,
    expected_version: int | None = None,
    late_reason: str = "",
) -> Narrative:
    """Create or change, as a draft, the narrative of the objective's lead unit for the
    period. ``texts`` holds the parts (``Narrative.TEXTS``); ``expected_version`` is the
    version the caller read (None when it saw none).

    The writes, the trail line (every changed part, old and new), the period rules and the
    refusals are those of ``plans.workflow.save``; also ValidationError for an objective of
    another plan, a part too long, or a narrative with nothing in it.
    """
    unit_id = objective.lead_unit_id
    workflow.may_write(
        NARRATIVE,
        unit_id=unit_id,
        plan_id=objective.plan_id,
        period=period,
        by=by,
        late_reason=late_reason,
    )
    values = clean_texts(texts)
    return workflow.save(
        NARRATIVE,
        find={"objective": objective, "period": period, "unit_id": unit_id},
        unit_id=unit_id,
        plan_id=objective.plan_id,
        period=period,
        by=by,
        values=values,
        expected_version=expected_version,
        late_reason=late_reason,
    )


@transaction.atomic
def narrative_submit(
    *, narrative: Narrative, by, expected_version: int | None, late_reason: str = ""
) -> Narrative:
    """Send a narrative to its unit's head (``plans.workflow.submit``)."""
    return workflow.submit(
        NARRATIVE,
        record=narrative,
        by=by,
        expected_version=expected_version,
        late_reason=late_reason,
    )


@transaction.atomic
def narrative_approve(
    *, narrative: Narrative, by, expected_version: int | None, late_reason: str = ""
) -> Narrative:
    """Approve a submitted narrative: from now on the reports and the objective page show
    it (``plans.workflow.approve``, with its separation of duties)."""
    return workflow.approve(
        NARRATIVE,
        record=narrative,
        by=by,
        expected_version=expected_version,
        late_reason=late_reason,
    )


@transaction.atomic
def narrative_return(
    *,
    narrative: Narrative,
    by,
    expected_version: int | None,
    comment: str,
    late_reason: str = "",
) -> Narrative:
    """Return a submitted narrative to its officer with a comment
    (``plans.workflow.return_``); the officer is emailed."""
    return workflow.return_(
        NARRATIVE,
        record=narrative,
        by=by,
        expected_version=expected_version,
        comment=comment,
        late_reason=late_reason,
    )
