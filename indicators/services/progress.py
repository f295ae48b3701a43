"""Progress entries: saving, submitting, approving, returning, and their evidence. Every change is
checked, transactional and kept in the entry's trail."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators import notifications
from indicators.evidence import check_upload
from indicators.models import (
    EntryEvent,
    Evidence,
    Indicator,
    Measure,
    ProgressEntry,
)
from indicators.permissions import can_enter, can_review
from plans.errors import Conflict
from plans.inputs import check_decimals
from plans.models import ReportingPeriod
from plans.services.periods import check_period_writable, plan_touch

# --- Progress entries ----------------------------------------------------------------------

Status = ProgressEntry.Status
EDITABLE = (Status.DRAFT, Status.RETURNED)
MAX_COMMENT = 4000


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


def _stale(entry: ProgressEntry) -> Conflict:
    who = (
        entry.updated_by.get_full_name() or entry.updated_by.get_username()
        if entry.updated_by
        else "—"
    )
    when = timezone.localtime(entry.updated_at).strftime("%Y-%m-%d %H:%M")
    return Conflict(
        _(
            "%(who)s changed this entry at %(when)s, after you opened it. Your change was not "
            "saved; look at their version and try again."
        )
        % {"who": who, "when": when}
    )


def _locked_entry(entry: ProgressEntry) -> ProgressEntry:
    return (
        ProgressEntry.objects.select_for_update(of=("self",))
        .select_related("indicator", "period", "updated_by")
        .get(pk=entry.pk)
    )


def _check_version(entry: ProgressEntry, expected_version: int | None) -> None:
    if expected_version is None or int(expected_version) != entry.version:
        raise _stale(entry)


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
) -> ProgressEntry:
    """Create or change the entry of an indicator for a period, as a draft.

    ``expected_version`` is the version the caller read (None when it saw no entry): a
    stale one is refused with a Conflict that names who changed the entry, never a silent
    overwrite.
    """
    if not can_enter(by, indicator):
        raise PermissionDenied(_("You cannot enter values for this indicator."))
    if period.plan_id != indicator.plan_id:
        raise ValidationError({"period": _("The period belongs to another plan.")})
    late = check_period_writable(period, by, late_reason)
    value, numerator, denominator = validate_values(indicator, value, numerator, denominator)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationError({"comment": _("The comment is too long.")})
    reason = late_reason.strip() if late else ""
    entry = (
        ProgressEntry.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(indicator=indicator, period=period)
        .first()
    )
    if entry is None:
        if expected_version is not None:
            raise Conflict(_("This entry no longer exists; reload the page."))
        try:
            with transaction.atomic():
                entry = ProgressEntry.objects.create(
                    indicator=indicator,
                    period=period,
                    value=value,
                    numerator=numerator,
                    denominator=denominator,
                    comment=comment,
                    created_by=by,
                    updated_by=by,
                )
        except IntegrityError as clash:  # somebody created it a moment ago
            raise _stale(
                ProgressEntry.objects.select_related("updated_by").get(
                    indicator=indicator, period=period
                )
            ) from clash
        EntryEvent.objects.create(
            entry=entry,
            action=EntryEvent.Action.CREATE,
            new_value=value,
            by=by,
            comment=reason,
            late=late,
        )
        plan_touch(indicator.plan_id)
        return entry
    _check_version(entry, expected_version)
    if entry.status not in EDITABLE:
        raise Conflict(
            _("This entry is %(status)s and can no longer be changed.")
            % {"status": entry.get_status_display()}
        )
    unchanged = (entry.value, entry.numerator, entry.denominator, entry.comment) == (
        value,
        numerator,
        denominator,
        comment,
    )
    if unchanged:
        return entry
    old_value = entry.value
    entry.value, entry.numerator, entry.denominator, entry.comment = (
        value,
        numerator,
        denominator,
        comment,
    )
    entry.version += 1
    entry.updated_by = by
    entry.save()
    EntryEvent.objects.create(
        entry=entry,
        action=EntryEvent.Action.CHANGE,
        old_value=old_value,
        new_value=value,
        by=by,
        comment=reason,
        late=late,
    )
    plan_touch(indicator.plan_id)
    return entry


@transaction.atomic
def progress_submit(
    *, entry: ProgressEntry, by, expected_version: int | None, late_reason: str = ""
) -> ProgressEntry:
    """Send a draft (or a returned entry) to review; the unit's head is told by email."""
    entry = _submit(entry, by, expected_version, late_reason)
    transaction.on_commit(lambda: notifications.entries_submitted([entry.pk]))
    return entry


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
                done.append(_submit(entry, by, expected_version, late_reason))
        except (ValidationError, PermissionDenied, Conflict) as error:
            errors[entry.pk] = error
    ids = [entry.pk for entry in done]
    if ids:
        transaction.on_commit(lambda: notifications.entries_submitted(ids))
    return done, errors


def _submit(entry, by, expected_version, late_reason) -> ProgressEntry:
    entry = _locked_entry(entry)
    if not can_enter(by, entry.indicator):
        raise PermissionDenied(_("You cannot submit values for this indicator."))
    late = check_period_writable(entry.period, by, late_reason)
    _check_version(entry, expected_version)
    if entry.status not in EDITABLE:
        raise Conflict(_("Only a draft or a returned entry can be submitted."))
    entry.status = Status.SUBMITTED
    entry.submitted_by = by
    entry.submitted_at = timezone.now()
    return _record_step(
        entry, by, EntryEvent.Action.SUBMIT, comment=late_reason.strip() if late else "", late=late
    )


def _record_step(entry, by, action, *, comment: str, late: bool) -> ProgressEntry:
    """Save a step of the entry's review: a new version, its line in the trail, and a new
    revision of the plan's scores."""
    entry.version += 1
    entry.updated_by = by
    entry.save()
    EntryEvent.objects.create(entry=entry, action=action, by=by, comment=comment, late=late)
    plan_touch(entry.indicator.plan_id)
    return entry


def _review(entry, by, expected_version, late_reason) -> tuple[ProgressEntry, bool]:
    entry = _locked_entry(entry)
    if not can_review(by, entry.indicator):
        raise PermissionDenied(_("You cannot review this indicator's entries."))
    late = check_period_writable(entry.period, by, late_reason)
    _check_version(entry, expected_version)
    if entry.status != Status.SUBMITTED:
        raise Conflict(_("Only a submitted entry can be approved or returned."))
    return entry, late


@transaction.atomic
def progress_approve(
    *, entry: ProgressEntry, by, expected_version: int | None, late_reason: str = ""
) -> ProgressEntry:
    """Approve a submitted entry: from now on it counts in scores and reports."""
    entry, late = _review(entry, by, expected_version, late_reason)
    entry.status = Status.APPROVED
    entry.review_comment = ""
    entry.reviewed_by = by
    entry.reviewed_at = timezone.now()
    return _record_step(
        entry, by, EntryEvent.Action.APPROVE, comment=late_reason.strip() if late else "", late=late
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
    """Return a submitted entry to its officer with a comment saying what to fix."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say why the entry is returned.")})
    if len(comment) > MAX_COMMENT:
        raise ValidationError({"comment": _("The comment is too long.")})
    entry, late = _review(entry, by, expected_version, late_reason)
    entry.status = Status.RETURNED
    entry.review_comment = comment
    entry.reviewed_by = by
    entry.reviewed_at = timezone.now()
    _record_step(entry, by, EntryEvent.Action.RETURN, comment=comment, late=late)
    transaction.on_commit(lambda: notifications.entry_returned(entry.pk))
    return entry


@transaction.atomic
def evidence_add(*, entry: ProgressEntry, by, upload, late_reason: str = "") -> Evidence:
    """Attach a file to an entry that can still be changed; its type is checked by content."""
    entry = _locked_entry(entry)
    if not can_enter(by, entry.indicator):
        raise PermissionDenied(_("You cannot add evidence to this indicator."))
    check_period_writable(entry.period, by, late_reason)
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
    return evidence
