"""Emails about entries: to heads when their unit submits, to the officer when an entry is
returned, and reminders of missing entries. Bilingual (Arabic first), plain text; the
console backend prints them unless production settings name a mail server."""

import logging
from collections import defaultdict

from django.conf import settings
from django.urls import reverse

from plans.mail import send_messages
from plans.models import Membership
from plans.notices import heads_by_unit

Role = Membership.Role
logger = logging.getLogger(__name__)


def _send(messages) -> int:
    return send_messages(messages)


def _link(path: str) -> str:
    return settings.MARSAD_BASE_URL.rstrip("/") + path


def _heads_by_unit(unit_ids: set[int]) -> dict[int, list[str]]:
    """For each unit, the email addresses of its heads, or of the nearest unit above it
    that has one (2 queries)."""
    return heads_by_unit(unit_ids)


def entries_submitted(entry_ids: list[int]) -> int:
    """Tell the heads of the units concerned that entries await their review."""
    from indicators.models import ProgressEntry

    entries = list(
        ProgressEntry.objects.filter(pk__in=entry_ids).select_related(
            "indicator", "indicator__unit", "period", "submitted_by"
        )
    )
    by_unit = defaultdict(list)
    for entry in entries:
        by_unit[entry.indicator.unit_id].append(entry)
    heads = _heads_by_unit(set(by_unit))
    messages = []
    for unit_id, unit_entries in by_unit.items():
        if not heads[unit_id]:
            continue
        first = unit_entries[0]
        lines = "\n".join(f"- {e.indicator.code} {e.indicator.title_ar}" for e in unit_entries)
        link = _link(reverse("review", args=[first.period_id]))
        body = (
            f"قدّمت {first.indicator.unit.name_ar} قيم الفترة {first.period} للمراجعة:\n"
            f"{lines}\n\nللمراجعة: {link}\n\n"
            f"{first.indicator.unit.name_en or first.indicator.unit.name_ar} submitted "
            f"{len(unit_entries)} value(s) for {first.period} for your review: {link}\n"
        )
        subject = f"مرصد: قيم بانتظار المراجعة — Marsad: values awaiting review ({first.period})"
        messages.append((subject, body, None, heads[unit_id]))
    return _send(messages)


def entry_returned(entry_id: int, *, reopened: bool = False) -> int:
    """Tell the officer who submitted an entry that it came back, and why: returned from
    review, or (``reopened``) an approved value sent back for correction."""
    from indicators.models import ProgressEntry

    entry = (
        ProgressEntry.objects.select_related("indicator", "period", "submitted_by", "reviewed_by")
        .filter(pk=entry_id)
        .first()
    )
    officer = entry and (entry.submitted_by or entry.created_by)
    if officer is None or not officer.email:
        return 0
    link = _link(reverse("entry", args=[entry.period_id]) + f"?unit={entry.indicator.unit_id}")
    if reopened:
        body = (
            f"أُعيد فتح القيمة المعتمدة للمؤشر {entry.indicator.code} «{entry.indicator.title_ar}» "
            f"للفترة {entry.period} للتصحيح، والسبب:\n{entry.review_comment}\n\n"
            f"تبقى القيمة المعتمدة سارية حتى يُعتمد التصحيح. للتصحيح وإعادة الإرسال: {link}\n\n"
            f"The approved value of {entry.indicator.code} for {entry.period} was reopened for "
            f"correction:\n{entry.review_comment}\n\nThe approved value stays in force until "
            f"the correction is approved. Correct and resubmit it: {link}\n"
        )
        subject = (
            f"مرصد: قيمة أُعيد فتحها للتصحيح — Marsad: value reopened for correction "
            f"({entry.indicator.code})"
        )
        return _send([(subject, body, None, [officer.email])])
    body = (
        f"أُعيدت قيمة المؤشر {entry.indicator.code} «{entry.indicator.title_ar}» للفترة "
        f"{entry.period} مع الملاحظة:\n{entry.review_comment}\n\nللتصحيح وإعادة الإرسال: {link}\n\n"
        f"The value of {entry.indicator.code} for {entry.period} was returned with this "
        f"comment:\n{entry.review_comment}\n\nCorrect and resubmit it: {link}\n"
    )
    subject = f"مرصد: قيمة مُعادة — Marsad: value returned ({entry.indicator.code})"
    return _send([(subject, body, None, [officer.email])])


def remind_missing(unit, period, indicators, recipients: list[str]) -> int:
    """Remind a unit of the indicators it has not submitted for an open period."""
    lines = "\n".join(f"- {i.code} {i.title_ar}" for i in indicators)
    link = _link(reverse("entry", args=[period.pk]) + f"?unit={unit.pk}")
    body = (
        f"تذكير: لم تُرسل {unit.name_ar} قيم المؤشرات الآتية للفترة {period} التي تُغلق في "
        f"{period.closes_on:%Y-%m-%d}:\n{lines}\n\nللإدخال: {link}\n\n"
        f"Reminder: {unit.name_en or unit.name_ar} has {len(indicators)} indicator(s) without "
        f"a submitted value for {period}, which closes on {period.closes_on:%Y-%m-%d}: {link}\n"
    )
    subject = f"مرصد: قيم لم تُرسل بعد — Marsad: values not yet submitted ({period})"
    return _send([(subject, body, None, recipients)])
