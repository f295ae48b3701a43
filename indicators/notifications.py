"""Emails about entries: to heads when their unit submits, to the officer when an entry is
returned, and reminders of missing entries. Bilingual (Arabic first), plain text; the
console backend prints them unless production settings name a mail server."""

import logging
from collections import defaultdict

from django.conf import settings
from django.urls import reverse

from plans.mail import send_messages
from plans.models import LateEntryRequest, Membership, Notice, ReportingPeriod
from plans.notices import heads_by_unit
from plans.selectors import planning_admins
from plans.services.notices import head_users_by_unit, notice_add

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
    if entries and entries[0].period.state != ReportingPeriod.State.OPEN:
        # A late submission (a closed period, under a grant) is approved by a planning
        # admin only (plans.workflow): they are told, not the heads, who could not act.
        admins = planning_admins()
        emails = [admin.email for admin in admins if admin.email]
        heads = dict.fromkeys(by_unit, emails)
        head_users = dict.fromkeys(by_unit, admins)
    else:
        heads = _heads_by_unit(set(by_unit))
        head_users = head_users_by_unit(set(by_unit))
    messages = []
    for unit_id, unit_entries in by_unit.items():
        first = unit_entries[0]
        notice_add(
            users=head_users[unit_id],
            kind=Notice.Kind.SUBMITTED,
            period=first.period,
            about=" ".join(e.indicator.code for e in unit_entries),
            link=reverse("review", args=[first.period_id]),
        )
        if not heads[unit_id]:
            continue
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
    if officer is None:
        return 0
    path = reverse("entry", args=[entry.period_id]) + f"?unit={entry.indicator.unit_id}"
    notice_add(
        users=[officer],
        kind=Notice.Kind.REOPENED if reopened else Notice.Kind.RETURNED,
        period=entry.period,
        about=entry.indicator.code,
        link=path,
    )
    if not officer.email:
        return 0
    link = _link(path)
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


def reminder_email(reminder, path: str) -> int:
    """The email of one of ``indicators.reminders``: a period opened, values due before the
    closing date, values overdue (and to whom it went up), or a head's daily digest."""
    if not reminder.recipients:
        return 0
    link = _link(path)
    period, unit = reminder.period, reminder.unit
    if reminder.kind == Notice.Kind.DIGEST:
        body = (
            f"بانتظار مراجعتك اليوم: {reminder.waiting} من القيم والتقارير.\n\nللمراجعة: {link}\n\n"
            f"Waiting for your review today: {reminder.waiting} value(s) and report(s): {link}\n"
        )
        subject = "مرصد: بانتظار مراجعتك — Marsad: waiting for your review"
        return _send([(subject, body, None, reminder.recipients)])
    if reminder.kind == Notice.Kind.PERIOD_OPENED:
        closes = f"{period.closes_on:%Y-%m-%d}"
        body = (
            f"فُتحت الفترة {period} للإدخال، وتُغلق في {closes}.\n\nللإدخال: {link}\n\n"
            f"The period {period} is open for entry; it closes on {closes}: {link}\n"
        )
        subject = f"مرصد: فُتحت فترة الإدخال — Marsad: period open for entry ({period})"
        return _send([(subject, body, None, reminder.recipients)])
    lines = "\n".join(f"- {i.code} {i.title_ar}" for i in reminder.indicators)
    closes = f"{period.closes_on:%Y-%m-%d}"
    name_en = unit.name_en or unit.name_ar
    if reminder.kind == Notice.Kind.PERIOD_CLOSING:
        body = (
            f"تذكير: لم تُرسل {unit.name_ar} قيم المؤشرات الآتية للفترة {period} التي تُغلق في "
            f"{closes}:\n{lines}\n\nللإدخال: {link}\n\n"
            f"Reminder: {name_en} has {len(reminder.indicators)} indicator(s) without "
            f"a submitted value for {period}, which closes on {closes}: {link}\n"
        )
        subject = f"مرصد: قيم لم تُرسل بعد — Marsad: values not yet submitted ({period})"
    else:
        body = (
            f"متأخر: انقضى موعد إغلاق الفترة {period} في {closes} ولم تُرسل {unit.name_ar} "
            f"قيم المؤشرات الآتية:\n{lines}\n\nللإدخال: {link}\n\n"
            f"Overdue: {period} closed on {closes} and {name_en} has still not submitted "
            f"{len(reminder.indicators)} indicator(s): {link}\n"
        )
        subject = f"مرصد: قيم متأخرة — Marsad: values overdue ({period}, {unit.code})"
    return _send([(subject, body, None, reminder.recipients)])


def late_request_made(request_id: int) -> int:
    """Tell the planning admins that an officer asks for a late entry (notice and email)."""
    request = (
        LateEntryRequest.objects.select_related("period", "unit", "requested_by")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        return 0
    admins = planning_admins()
    path = reverse("late_requests")
    notice_add(
        users=admins,
        kind=Notice.Kind.LATE_REQUESTED,
        period=request.period,
        unit=request.unit,
        link=path,
    )
    emails = [admin.email for admin in admins if admin.email]
    link = _link(path)
    who = request.requested_by.get_username()
    body = (
        f"طلب {who} من {request.unit.name_ar} إدخال قيم الفترة {request.period} المغلقة "
        f"متأخراً، والسبب:\n{request.reason}\n\nللرد على الطلب: {link}\n\n"
        f"{who} of {request.unit.name_en or request.unit.name_ar} asks to enter values of the "
        f"closed period {request.period} late:\n{request.reason}\n\nAnswer it: {link}\n"
    )
    subject = f"مرصد: طلب إدخال متأخر — Marsad: late-entry request ({request.period})"
    return _send([(subject, body, None, emails)])


def late_request_answered(request_id: int) -> int:
    """Tell the officer how the planning admin answered a late-entry request."""
    request = (
        LateEntryRequest.objects.select_related("period", "unit", "requested_by")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        return 0
    officer = request.requested_by
    granted = request.status == LateEntryRequest.Status.GRANTED
    path = reverse("entry", args=[request.period_id]) + f"?unit={request.unit_id}"
    notice_add(
        users=[officer],
        kind=Notice.Kind.LATE_GRANTED if granted else Notice.Kind.LATE_REFUSED,
        period=request.period,
        unit=request.unit,
        link=path,
    )
    if not officer.email:
        return 0
    link = _link(path)
    if granted:
        until = f"{request.deadline:%Y-%m-%d}"
        body = (
            f"وافقت مديرية التخطيط على طلبك إدخال قيم الفترة {request.period} متأخراً، حتى "
            f"{until}.\n{request.answer}\n\nللإدخال: {link}\n\n"
            f"Your request to enter values of {request.period} late was granted until {until}."
            f"\n{request.answer}\n\nEnter them: {link}\n"
        )
        subject = f"مرصد: قُبل طلب الإدخال المتأخر — Marsad: late entry granted ({request.period})"
    else:
        body = (
            f"رفضت مديرية التخطيط طلبك إدخال قيم الفترة {request.period} متأخراً، والسبب:\n"
            f"{request.answer}\n\n{link}\n\n"
            f"Your request to enter values of {request.period} late was refused:\n"
            f"{request.answer}\n\n{link}\n"
        )
        subject = f"مرصد: رُفض طلب الإدخال المتأخر — Marsad: late entry refused ({request.period})"
    return _send([(subject, body, None, [officer.email])])
