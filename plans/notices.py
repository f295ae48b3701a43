"""Emails of the review workflow about risk assessments and activity progress: to the heads
when a unit submits, to the officer when a record is returned or reopened for correction.
Bilingual (Arabic first), plain text, sent through ``plans.mail.send_messages`` like every
notice; entries have theirs in indicators/notifications.py."""

from collections import defaultdict

from django.conf import settings
from django.urls import reverse

from plans.mail import send_messages
from plans.models import ActivityProgress, Membership, Narrative, Notice, OrgUnit, RiskAssessment
from plans.services.notices import head_users_by_unit, notice_add


def _link(path: str) -> str:
    return settings.MARSAD_BASE_URL.rstrip("/") + path


def heads_by_unit(unit_ids: set[int]) -> dict[int, list[str]]:
    """For each unit, the email addresses of its heads, or of the nearest unit above it
    that has one (2 queries)."""
    parents = dict(OrgUnit.objects.values_list("id", "parent_id"))
    heads: dict[int, list[str]] = defaultdict(list)
    for unit_id, email in Membership.objects.filter(role=Membership.Role.HEAD).values_list(
        "unit_id", "user__email"
    ):
        if email:
            heads[unit_id].append(email)
    found = {}
    for unit_id in unit_ids:
        current = unit_id
        while current is not None and not heads.get(current):
            current = parents.get(current)
        found[unit_id] = heads.get(current, [])
    return found


def _to_heads(items, unit_of, line, subject, link_of, code_of) -> int:
    by_unit = defaultdict(list)
    for item in items:
        by_unit[unit_of(item)].append(item)
    heads = heads_by_unit(set(by_unit))
    head_users = head_users_by_unit(set(by_unit))
    messages = []
    for unit_id, mine in by_unit.items():
        path = link_of(mine[0])
        notice_add(
            users=head_users[unit_id], kind=Notice.Kind.SUBMITTED, period=mine[0].period,
            about=" ".join(code_of(item) for item in mine), link=path,
        )  # fmt: skip
        if not heads[unit_id]:
            continue
        lines = "\n".join(line(item) for item in mine)
        link = _link(path)
        body = (
            f"قُدّم للمراجعة ({mine[0].period}):\n{lines}\n\nللمراجعة: {link}\n\n"
            f"Submitted for your review ({mine[0].period}): {len(mine)} item(s): {link}\n"
        )
        messages.append((subject, body, None, heads[unit_id]))
    return send_messages(messages)


def _to_officer(record, what_ar: str, what_en: str, path: str, reopened: bool, code: str) -> int:
    officer = record.submitted_by
    if officer is None:
        return 0
    notice_add(
        users=[officer], kind=Notice.Kind.REOPENED if reopened else Notice.Kind.RETURNED,
        period=record.period, about=code, link=path,
    )  # fmt: skip
    if not officer.email:
        return 0
    link = _link(path)
    if reopened:
        body = (
            f"أُعيد فتح {what_ar} للفترة {record.period} للتصحيح، والسبب:\n"
            f"{record.review_comment}\n\nيبقى المعتمد سارياً حتى يُعتمد التصحيح: {link}\n\n"
            f"{what_en} for {record.period} was reopened for correction:\n"
            f"{record.review_comment}\n\nWhat was approved stays in force until the "
            f"correction is approved: {link}\n"
        )
        subject = f"مرصد: أُعيد فتحه للتصحيح — Marsad: reopened for correction ({what_en})"
    else:
        body = (
            f"أُعيد {what_ar} للفترة {record.period} مع الملاحظة:\n{record.review_comment}\n\n"
            f"للتصحيح وإعادة الإرسال: {link}\n\n"
            f"{what_en} for {record.period} was returned with this comment:\n"
            f"{record.review_comment}\n\nCorrect and resubmit it: {link}\n"
        )
        subject = f"مرصد: مُعاد — Marsad: returned ({what_en})"
    return send_messages([(subject, body, None, [officer.email])])


def risk_assessments_submitted(ids: list[int]) -> int:
    """Tell the heads of the risks' units that assessments await their review."""
    items = RiskAssessment.objects.filter(pk__in=ids).select_related("risk", "period")
    return _to_heads(
        items,
        lambda a: a.risk.unit_id,
        lambda a: f"- {a.risk.code} {a.risk.title_ar}: {a.likelihood} × {a.impact}",
        "مرصد: تقييم مخاطر بانتظار المراجعة — Marsad: risk assessment awaiting review",
        lambda a: reverse("risk_detail", args=[a.risk_id]),
        lambda a: a.risk.code,
    )


def risk_assessment_returned(assessment_id: int, reopened: bool = False) -> int:
    """Tell the officer who submitted an assessment that it came back (or was reopened)."""
    record = (
        RiskAssessment.objects.select_related("risk", "period", "submitted_by")
        .filter(pk=assessment_id)
        .first()
    )
    if record is None:
        return 0
    code = record.risk.code
    path = reverse("risk_detail", args=[record.risk_id])
    return _to_officer(
        record, f"تقييم الخطر {code}", f"The assessment of {code}", path, reopened, code
    )


def activity_progress_submitted(ids: list[int]) -> int:
    """Tell the heads of the activities' units that progress awaits their review."""
    items = ActivityProgress.objects.filter(pk__in=ids).select_related(
        "activity", "activity__action_plan", "period"
    )
    return _to_heads(
        items,
        lambda p: p.activity.action_plan.unit_id,
        lambda p: f"- {p.activity.code} {p.activity.title_ar}: {p.percent_complete}%",
        "مرصد: تقدّم أنشطة بانتظار المراجعة — Marsad: activity progress awaiting review",
        lambda p: reverse("review", args=[p.period_id]),
        lambda p: p.activity.code,
    )


def activity_progress_returned(progress_id: int, reopened: bool = False) -> int:
    """Tell the officer who submitted an activity's progress that it came back."""
    record = (
        ActivityProgress.objects.select_related("activity", "activity__action_plan", "period")
        .select_related("submitted_by")
        .filter(pk=progress_id)
        .first()
    )
    if record is None:
        return 0
    code = record.activity.code
    path = (
        reverse("entry", args=[record.period_id]) + f"?unit={record.activity.action_plan.unit_id}"
    )
    return _to_officer(
        record, f"تقدّم النشاط {code}", f"The progress of activity {code}", path, reopened, code
    )


def narratives_submitted(ids: list[int]) -> int:
    """Tell the heads of the narratives' units that narratives await their review."""
    items = Narrative.objects.filter(pk__in=ids).select_related("objective", "period")
    return _to_heads(
        items,
        lambda n: n.unit_id,
        lambda n: f"- {n.objective.code} {n.objective.title_ar}",
        "مرصد: سرد بانتظار المراجعة — Marsad: narrative awaiting review",
        lambda n: reverse("review", args=[n.period_id]),
        lambda n: n.objective.code,
    )


def narrative_returned(narrative_id: int, reopened: bool = False) -> int:
    """Tell the officer who submitted a narrative that it came back."""
    record = (
        Narrative.objects.select_related("objective", "period", "submitted_by")
        .filter(pk=narrative_id)
        .first()
    )
    if record is None:
        return 0
    code = record.objective.code
    path = reverse("entry", args=[record.period_id]) + f"?unit={record.unit_id}"
    return _to_officer(
        record, f"سرد الهدف {code}", f"The narrative of objective {code}", path, reopened, code
    )
