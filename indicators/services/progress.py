"""Progress entries: saving, submitting, approving, returning, reopening, and their evidence.
Every step is a step of the one review workflow (plans/workflow.py): checked, transactional
and kept in the entry's trail."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators import engine, notifications
from indicators.evidence import check_upload
from indicators.grid import grids_for
from indicators.models import (
    ApprovedValue,
    EntryEvent,
    Evidence,
    Indicator,
    Measure,
    ProgressEntry,
)
from indicators.permissions import can_enter
from indicators.services import quality
from indicators.services.revisions import indicators_touch
from plans import workflow
from plans.errors import Conflict
from plans.inputs import check_decimals
from plans.models import ReportingPeriod
from plans.services.periods import check_period_writable, late_note

# --- Progress entries ----------------------------------------------------------------------

Status = ProgressEntry.Status
EDITABLE = workflow.EDITABLE
MAX_COMMENT = workflow.MAX_COMMENT


def validate_values(
    indicator: Indicator,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
) -> tuple[Decimal, Decimal | None, Decimal | None]:
    """Check a value against the indicator's measure; ratios give their value from n / d.

    Returns (value, numerator, denominator); raises ValidationError per field.
    """
    check_decimals(value=value, numerator=numerator, denominator=denominator)
    if indicator.measure == Measure.RATIO:
        errors = {}
        if numerator is None:
            errors["numerator"] = _("Enter the numerator.")
        elif numerator < 0:
            errors["numerator"] = _("The numerator cannot be negative.")
        if denominator is None:
            errors["denominator"] = _("Enter the denominator.")
        elif denominator <= 0:
            errors["denominator"] = _("The denominator must be greater than zero.")
        if not errors and numerator > denominator:
            errors["numerator"] = _("The numerator cannot be larger than the denominator.")
        if errors:
            raise ValidationError(errors)
        value = (numerator * 100 / denominator).quantize(Decimal("0.0001"))
        return value, numerator, denominator
    if value is None:
        raise ValidationError({"value": _("Enter a value.")})
    if value < 0:
        raise ValidationError({"value": _("The value cannot be negative.")})
    if indicator.measure == Measure.PERCENTAGE and value > 100:
        raise ValidationError({"value": _("A percentage cannot be above 100.")})
    return value, None, None


def _plain(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def grid_of_indicator(indicator: Indicator):
    """The indicator's grid (indicators.grid), its dimensions' options read (1 query)."""
    return grids_for([indicator]).get(indicator.pk)


def validate_cells(
    indicator: Indicator,
    cells: dict,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
) -> tuple[dict, tuple]:
    """Check a disaggregated indicator's cells and work out its total
    (docs/disaggregation.md): ``cells`` maps a cell's key ("<option>" or
    "<option>:<option>") to its {"value", "numerator", "denominator"} (Decimals or None); a
    cell with nothing in it is left out. A count's total is the sum of its cells, a ratio's
    Σ numerators / Σ denominators; a level's total is the ``value`` given, which must lie
    between the smallest and the largest cell. Returns (the cells as stored, (value,
    numerator, denominator) of the total); errors keyed "cell-<key>-<field>" per cell."""
    grid = grid_of_indicator(indicator)
    known = {cell.key for cell in grid.cells} if grid is not None else set()
    rule = engine.total_rule(indicator.measure, indicator.aggregation)
    stored, figures, errors = {}, [], {}
    for key, given in cells.items():
        if key not in known:
            errors[f"cell-{key}"] = _("This cell is not one of the indicator's.")
            continue
        given = {name: given.get(name) for name in ("value", "numerator", "denominator")}
        if all(v is None for v in given.values()):
            continue
        try:
            cell = validate_values(indicator, **given)
        except ValidationError as error:
            for name, texts in error.message_dict.items():
                errors[f"cell-{key.replace(':', '-')}-{name}"] = texts
            continue
        figures.append(cell)
        stored[key] = dict(
            zip(("value", "numerator", "denominator"), map(_plain, cell), strict=True)
        )
    if errors:
        raise ValidationError(errors)
    if not stored:
        return {}, validate_values(indicator, value, numerator, denominator)
    if rule == engine.TotalRule.ENTERED:
        total = validate_values(indicator, value, numerator, denominator)
        if not engine.entered_total_fits(total[0], [f[0] for f in figures]):
            raise ValidationError(
                {"value": _("The total must lie between the smallest and the largest cell.")}
            )
        return stored, total
    total = engine.cells_total(rule, figures)
    if total[0] is None:
        raise ValidationError({"denominator": _("The denominator must be greater than zero.")})
    return stored, total


def _put_in_force(entry: ProgressEntry, by, now) -> None:
    """An approval's writes particular to entries: the approved figures (which stay in
    force through a reopening) and a new line in the sequence of approved values, the one
    before it marked superseded."""
    entry.approved_value = entry.value
    entry.approved_numerator = entry.numerator
    entry.approved_denominator = entry.denominator
    entry.approved_cells = entry.cells
    ApprovedValue.objects.filter(entry=entry, superseded_at=None).update(superseded_at=now)
    ApprovedValue.objects.create(
        entry=entry,
        value=entry.value,
        numerator=entry.numerator,
        denominator=entry.denominator,
        approved_by=by,
        approved_at=now,
    )


def _notify_returned(entry_id: int, reopened: bool) -> int:
    return notifications.entry_returned(entry_id, reopened=reopened)


# How progress entries go through the one review workflow (plans/workflow.py).
ENTRY = workflow.Kind(
    name="entry",
    model=ProgressEntry,
    event_model=EntryEvent,
    event_link="entry",
    tracked=(
        "value",
        "numerator",
        "denominator",
        "cells",
        "comment",
        "quality_flags",
        "quality_note",
    ),  # fmt: skip
    headline="value",
    related=("indicator", "period"),
    unit_of=lambda entry: entry.indicator.unit_id,
    plan_of=lambda entry: entry.indicator.plan_id,
    touch=lambda entry, plan_id: indicators_touch(
        plan_id=plan_id, indicator_ids=[entry.indicator_id]
    ),
    on_approve=_put_in_force,
    notify_submitted=notifications.entries_submitted,
    notify_returned=_notify_returned,
)


@transaction.atomic
def progress_save(
    *,
    indicator: Indicator,
    period: ReportingPeriod,
    by,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    comment: str = "",
    expected_version: int | None = None,
    late_reason: str = "",
    quality_note: str = "",
    cells: dict | None = None,
) -> ProgressEntry:
    """Create or change the entry of an indicator for a period, as a draft.

    ``cells``: a disaggregated indicator's grid, checked and totalled by ``validate_cells``
    (None: the total alone, as for any indicator; its stored cells are then kept).

    ``expected_version`` is the version the caller read (None when it saw no entry): a
    stale one is refused with a Conflict that names who changed the entry, never a silent
    overwrite. A value the data-quality checks flag needs ``quality_note`` (refused without
    it); the flags and the note are stored on the entry (services.quality.check_value).
    The writes, the trail line (every changed value, numerator, denominator, comment and
    quality note) and the refusals are those of ``plans.workflow.save``.
    """
    if not can_enter(by, indicator):
        raise PermissionDenied(_("You cannot enter values for this indicator."))
    if period.plan_id != indicator.plan_id:
        raise ValidationError({"period": _("The period belongs to another plan.")})
    # Checked before the values, so that a closed period is said before a typing mistake;
    # the workflow checks the same again under its lock.
    check_period_writable(
        period, by, late_reason, unit_id=indicator.unit_id, indicator_id=indicator.pk
    )
    extra = {}
    if cells is not None and not indicator.disaggregated:
        if cells:
            raise ValidationError({"cells": _("This indicator is not broken down by option.")})
        cells = None
    if (
        cells is None
        and indicator.disaggregated
        and (
            ProgressEntry.objects.filter(indicator=indicator, period=period)
            .exclude(cells={})
            .exists()
        )
    ):
        # A total alone would leave the stored cells disagreeing with it (the quarter's
        # workbook does not carry cells yet): refused, never a silent mismatch.
        raise ValidationError(
            {"value": _("This value is broken down by option: change it in its grid of cells.")}
        )
    if cells is not None:
        stored, (value, numerator, denominator) = validate_cells(
            indicator, cells, value, numerator, denominator
        )
        extra["cells"] = stored
    else:
        value, numerator, denominator = validate_values(indicator, value, numerator, denominator)
    comment = workflow.clean_comment(comment)
    # Data quality: flagged values need a confirming note.
    flags, quality_note = quality.check_value(
        indicator=indicator, period=period, value=value, note=quality_note
    )
    return workflow.save(
        ENTRY,
        find={"indicator": indicator, "period": period},
        unit_id=indicator.unit_id,
        plan_id=indicator.plan_id,
        period=period,
        by=by,
        values={
            "value": value,
            "numerator": numerator,
            "denominator": denominator,
            "comment": comment,
            "quality_flags": flags,
            "quality_note": quality_note,
            **extra,
            # Whoever changes a draft answers for it now (history: the unit responsible).
            "unit_id": indicator.unit_id,
        },
        expected_version=expected_version,
        late_reason=late_reason,
    )


@transaction.atomic
def progress_submit(
    *, entry: ProgressEntry, by, expected_version: int | None, late_reason: str = ""
) -> ProgressEntry:
    """Send a draft (or a returned entry) to review; the unit's head is told by email
    (``plans.workflow.submit``)."""
    return workflow.submit(
        ENTRY, record=entry, by=by, expected_version=expected_version, late_reason=late_reason
    )


@transaction.atomic
def progress_submit_many(
    *, items: list[tuple[ProgressEntry, int | None]], by, late_reason: str = ""
) -> tuple[list[ProgressEntry], dict[int, Exception]]:
    """Submit several entries at once: each succeeds or fails alone (errors by entry id),
    and each unit's head gets one email for all of them."""
    done, errors = [], {}
    for entry, expected_version in items:
        try:
            with transaction.atomic():
                done.append(
                    workflow.submit(
                        ENTRY,
                        record=entry,
                        by=by,
                        expected_version=expected_version,
                        late_reason=late_reason,
                        notify=False,
                    )
                )
        except (ValidationError, PermissionDenied, Conflict) as error:
            errors[entry.pk] = error
    ids = [entry.pk for entry in done]
    if ids:
        transaction.on_commit(lambda: notifications.entries_submitted(ids))
    return done, errors


@transaction.atomic
def progress_approve(
    *, entry: ProgressEntry, by, expected_version: int | None, late_reason: str = ""
) -> ProgressEntry:
    """Approve a submitted entry: from now on it counts in scores and reports, and its
    figures join the sequence of approved values (``plans.workflow.approve``). The person
    who submitted may not approve, unless the plan allows it (marked in the trail)."""
    return workflow.approve(
        ENTRY, record=entry, by=by, expected_version=expected_version, late_reason=late_reason
    )


@transaction.atomic
def progress_return(
    *,
    entry: ProgressEntry,
    by,
    expected_version: int | None,
    comment: str,
    late_reason: str = "",
) -> ProgressEntry:
    """Return a submitted entry to its officer with a comment saying what to fix; the
    officer is emailed (``plans.workflow.return_``)."""
    return workflow.return_(
        ENTRY,
        record=entry,
        by=by,
        expected_version=expected_version,
        comment=comment,
        late_reason=late_reason,
    )


@transaction.atomic
def progress_reopen(
    *,
    entry: ProgressEntry,
    by,
    expected_version: int | None,
    comment: str,
    late_reason: str = "",
) -> ProgressEntry:
    """Reopen an approved entry for correction, with a required reason: it goes back to its
    officer as returned (emailed as on a return), and its approved figures stay in force in
    every score, marked "under correction", until the correction is approved
    (``plans.workflow.reopen``). The planning admin and the heads who may review it may."""
    return workflow.reopen(
        ENTRY,
        record=entry,
        by=by,
        expected_version=expected_version,
        comment=comment,
        late_reason=late_reason,
    )


def _locked_entry(entry: ProgressEntry) -> ProgressEntry:
    return workflow.lock(ENTRY, entry)


@transaction.atomic
def evidence_add(*, entry: ProgressEntry, by, upload, late_reason: str = "") -> Evidence:
    """Attach a file to an entry that can still be changed; its type is checked by content.

    Writes: the Evidence row and its file. Trail: ``evidence_add`` with the file's name
    (``late`` and the reason in a closed period). No new version, no email.
    """
    entry = _locked_entry(entry)
    if not can_enter(by, entry.indicator):
        raise PermissionDenied(_("You cannot add evidence to this indicator."))
    scope = {"unit_id": entry.indicator.unit_id, "indicator_id": entry.indicator_id}
    late = check_period_writable(entry.period, by, late_reason, **scope)
    if entry.status not in EDITABLE:
        raise Conflict(_("Evidence can be added only while the entry is a draft or returned."))
    name, content_type, _extension = check_upload(upload)
    evidence = Evidence(
        entry=entry,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    evidence.file.save(name, upload, save=False)
    evidence.save()
    workflow.trail(
        ENTRY,
        entry,
        by,
        EntryEvent.Action.EVIDENCE_ADD,
        changes={"evidence": [None, name]},
        comment=late_note(entry.period, by, late_reason, **scope) if late else "",
        late=late,
    )
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, by, late_reason: str = "") -> None:
    """Withdraw a file from an entry that is still a draft or returned.

    Writes: deletes the Evidence row, and its file once the transaction commits. Trail:
    ``evidence_remove`` with the file's name (the trail keeps that it existed). No email.
    Refuses: PermissionDenied (not the unit's officer or an admin), Conflict (period, the
    entry submitted or approved), ValidationError (late without a reason).
    """
    entry = _locked_entry(evidence.entry)
    if not can_enter(by, entry.indicator):
        raise PermissionDenied(_("You cannot add evidence to this indicator."))
    scope = {"unit_id": entry.indicator.unit_id, "indicator_id": entry.indicator_id}
    late = check_period_writable(entry.period, by, late_reason, **scope)
    if entry.status not in EDITABLE:
        raise Conflict(_("Evidence can be withdrawn only while the entry is a draft or returned."))
    name, stored = evidence.original_name, evidence.file
    evidence.delete()
    transaction.on_commit(lambda: stored.storage.delete(stored.name))
    workflow.trail(
        ENTRY,
        entry,
        by,
        EntryEvent.Action.EVIDENCE_REMOVE,
        changes={"evidence": [name, None]},
        comment=late_note(entry.period, by, late_reason, **scope) if late else "",
        late=late,
    )
