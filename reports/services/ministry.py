"""The ministry report's own words and sign-off, and the letterhead on its cover.

The planning directorate writes the executive summary and the recommendations of a ministry
report (the whole ministry, one span) and signs it off in three steps, each recorded with
its name and date:

- ``ministry_report_save``: a planning admin writes the draft (a draft only);
- ``ministry_report_prepare``: a planning admin marks it prepared (the preparer);
- ``ministry_report_review``: a second planning admin, or the head of the planning
  directorate (the preparer's unit), reviews it; the preparer may not;
- ``ministry_report_approve``: a planning admin or the head of the planning directorate
  approves it; the preparer may not (separation of duties);
- ``ministry_report_return``: any of them sends it back to draft with a comment, which
  clears the steps (an approved report too, to correct it).

Every step checks the version the user read (a stale form is refused naming nobody's
change lost) and bumps the plan's revision, so that report files made before are not reused.
"""

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.evidence import JPEG, PNG, holds_web_code, sniff
from plans.errors import Conflict
from plans.permissions import is_planning_admin
from plans.services.periods import plan_touch
from reports.models import Letterhead, MinistryReport, span_key
from reports.permissions import (
    may_approve_ministry_report,
    may_review_ministry_report,
    may_sign_ministry_report,
)

LOGO_MAX_BYTES = 512 * 1024
LOGO_MAX_PIXELS = 4000
TEXT_MAX = 8000
Status = MinistryReport.Status


def check_logo(upload) -> tuple[bytes, str]:
    """A logo's bytes and content type, checked by content as evidence is: a PNG or a JPEG
    (whatever its name says), that decodes as an image of sensible size, holding no web
    page code."""
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is too large: at most %(kb)s KB.") % {"kb": LOGO_MAX_BYTES // 1024},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    found = sniff(upload)
    if found not in (PNG, JPEG):
        raise ValidationError(_("The logo must be a PNG or JPEG image."), code="type")
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if holds_web_code(content):
        raise ValidationError(
            _("The image also holds web page code, which is not accepted."), code="dangerous"
        )
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("The logo cannot be read as an image."), code="unreadable"
        ) from error
    if max(width, height) > LOGO_MAX_PIXELS:
        raise ValidationError(
            _("The logo is too big: at most %(px)s pixels a side.") % {"px": LOGO_MAX_PIXELS},
            code="too_big",
        )
    return content, found[0]


def letterhead_save(
    *,
    by,
    ministry_ar: str,
    ministry_en: str,
    directorate_ar: str,
    directorate_en: str,
    logo=None,
    remove_logo: bool = False,
) -> Letterhead:
    """The planning admin sets the letterhead (and, once, the logo) of every report."""
    if not is_planning_admin(by):
        raise PermissionDenied
    content = content_type = None
    if logo is not None:
        content, content_type = check_logo(logo)
    with transaction.atomic():
        letterhead = Letterhead.objects.select_for_update().order_by("pk").first()
        if letterhead is None:
            letterhead = Letterhead()
        letterhead.ministry_ar = ministry_ar.strip()[:200]
        letterhead.ministry_en = ministry_en.strip()[:200]
        letterhead.directorate_ar = directorate_ar.strip()[:200]
        letterhead.directorate_en = directorate_en.strip()[:200]
        if content is not None:
            letterhead.logo, letterhead.logo_type = content, content_type
        elif remove_logo:
            letterhead.logo, letterhead.logo_type = b"", ""
        letterhead.updated_by = by
        letterhead.updated_at = timezone.now()
        letterhead.save()
    from plans.models import StrategicPlan

    for plan_id in StrategicPlan.objects.values_list("pk", flat=True):
        plan_touch(plan_id)  # every report's cover changed
    return letterhead


def ministry_report_for(plan, year: int | None, quarter: int | None) -> MinistryReport:
    """The record of a span (a new, unsaved draft when nobody wrote one yet)."""
    key = span_key(year, quarter)
    found = (
        MinistryReport.objects.filter(plan=plan, span_key=key)
        .select_related("prepared_by", "reviewed_by", "approved_by")
        .first()
    )
    return found or MinistryReport(
        plan=plan, year=year, quarter=None if year is None else quarter, span_key=key
    )


def _locked(plan, year, quarter, version: int | None) -> MinistryReport:
    record = ministry_report_for(plan, year, quarter)
    if record.pk is None:
        record.save()
    record = MinistryReport.objects.select_for_update().get(pk=record.pk)
    if version is not None and record.version != version:
        raise Conflict(
            _("This report's summary was changed by someone else meanwhile; reload the page.")
        )
    return record


def _done(record: MinistryReport, **changes) -> MinistryReport:
    for name, value in changes.items():
        setattr(record, name, value)
    record.version += 1
    record.save()
    plan_touch(record.plan_id)
    return record


def ministry_report_save(
    *,
    plan,
    year,
    quarter,
    by,
    version: int | None,
    summary_ar: str,
    summary_en: str,
    recommendations_ar: str,
    recommendations_en: str,
) -> MinistryReport:
    if not is_planning_admin(by):
        raise PermissionDenied
    texts = {
        "summary_ar": summary_ar.strip(),
        "summary_en": summary_en.strip(),
        "recommendations_ar": recommendations_ar.strip(),
        "recommendations_en": recommendations_en.strip(),
    }
    if any(len(text) > TEXT_MAX for text in texts.values()):
        raise ValidationError(
            _("Each text may hold at most %(n)s characters.") % {"n": TEXT_MAX}, code="long"
        )
    with transaction.atomic():
        record = _locked(plan, year, quarter, version)
        if record.status != Status.DRAFT:
            raise Conflict(_("Only a draft can be changed: return it to draft first."))
        return _done(record, written_by=by, **texts)


def ministry_report_prepare(*, plan, year, quarter, by, version: int | None) -> MinistryReport:
    if not is_planning_admin(by):
        raise PermissionDenied
    with transaction.atomic():
        record = _locked(plan, year, quarter, version)
        if record.status != Status.DRAFT:
            raise Conflict(_("Only a draft can be marked prepared."))
        if not (record.summary_ar or record.summary_en):
            raise ValidationError(
                _("Write the executive summary before marking the report prepared."),
                code="empty",
            )
        return _done(
            record,
            status=Status.PREPARED,
            prepared_by=by,
            prepared_at=timezone.now(),
            returned_comment="",
        )


def ministry_report_review(*, plan, year, quarter, by, version: int | None) -> MinistryReport:
    with transaction.atomic():
        record = _locked(plan, year, quarter, version)
        if not may_review_ministry_report(by, record):
            raise PermissionDenied(_("The preparer cannot review the report."))
        if record.status != Status.PREPARED:
            raise Conflict(_("Only a prepared report can be reviewed."))
        return _done(record, status=Status.REVIEWED, reviewed_by=by, reviewed_at=timezone.now())


def ministry_report_approve(*, plan, year, quarter, by, version: int | None) -> MinistryReport:
    with transaction.atomic():
        record = _locked(plan, year, quarter, version)
        if not may_approve_ministry_report(by, record):
            raise PermissionDenied(
                _("Whoever prepared or reviewed the report cannot also approve it.")
            )
        if record.status != Status.REVIEWED:
            raise Conflict(_("Only a reviewed report can be approved."))
        return _done(record, status=Status.APPROVED, approved_by=by, approved_at=timezone.now())


def ministry_report_return(
    *, plan, year, quarter, by, version: int | None, comment: str
) -> MinistryReport:
    comment = comment.strip()
    if not comment:
        raise ValidationError(_("Say why the report goes back to draft."), code="required")
    if len(comment) > 2000:
        raise ValidationError(_("The comment is too long (at most 2000 characters)."))
    with transaction.atomic():
        record = _locked(plan, year, quarter, version)
        if record.status == Status.DRAFT:
            raise Conflict(_("The report is already a draft."))
        if not may_sign_ministry_report(by):
            raise PermissionDenied
        return _done(
            record,
            status=Status.DRAFT,
            returned_comment=comment,
            prepared_by=None,
            prepared_at=None,
            reviewed_by=None,
            reviewed_at=None,
            approved_by=None,
            approved_at=None,
        )
