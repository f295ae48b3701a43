"""Making report files: at once for small reports, in the background for long ones, and
never twice for the same data."""

import hashlib
import json
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from indicators.models import Scenario
from plans.models import Goal, OrgUnit, StrategicPlan
from reports.models import ReportFile

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_key(plan: StrategicPlan, params: dict, fmt: str) -> str:
    """The file's identity: what was asked, and the plan's revision when it was asked."""
    text = json.dumps({**params, "format": fmt, "revision": plan.revision}, sort_keys=True)
    return hashlib.sha256(f"{plan.pk}:{text}".encode()).hexdigest()


def is_long(params: dict) -> bool:
    """The ministry or the whole plan: made in the background."""
    return params.get("unit") is None or params.get("year") is None


def report_file_request(*, plan: StrategicPlan, params: dict, fmt: str, by) -> ReportFile:
    """The file for this report: the one already made for the same data, or a new one,
    made now when the report is small and queued otherwise.

    Idempotent: two requests for the same report at the same moment both look, find
    nothing and insert; the unique key lets one row in, and the other request answers with
    that row (ready, or still being made) instead of failing."""
    key = report_key(plan, params, fmt)
    with transaction.atomic():
        existing = ReportFile.objects.filter(key=key).first()
        if existing is not None and existing.status != ReportFile.Status.FAILED:
            return existing
        if existing is not None:  # a failed attempt is tried again
            ReportFile.objects.filter(pk=existing.pk, status=ReportFile.Status.FAILED).delete()
        try:
            with transaction.atomic():
                report_file = ReportFile.objects.create(
                    key=key,
                    plan=plan,
                    unit_id=params.get("unit"),
                    params=params,
                    format=fmt,
                    created_by=by,
                )
        except IntegrityError:  # another request made it a moment ago: that one is ours
            return ReportFile.objects.get(key=key)
    if is_long(params):
        from reports.tasks import build_report_file

        # With the immediate backend (the default) this makes the file here and now; with
        # the database backend a worker picks it up and the page polls.
        build_report_file.enqueue(report_file.pk)
    else:
        report_file_build(report_file.pk)
    report_file.refresh_from_db()
    return report_file


def report_file_build(report_file_id: int) -> None:
    """Assemble and render a report file, telling its progress as it goes."""
    from reports.assembly import assemble_report
    from reports.excel import render_xlsx
    from reports.render import render_pdf

    report_file = ReportFile.objects.select_related("plan").get(pk=report_file_id)
    if report_file.status == ReportFile.Status.DONE:
        return
    params = report_file.params

    def tell(percent: int) -> None:
        ReportFile.objects.filter(pk=report_file.pk).update(
            progress=percent, status=ReportFile.Status.RUNNING
        )

    tell(5)
    try:
        report = assemble_report(
            report_file.plan,
            year=params.get("year"),
            quarter=params.get("quarter"),
            unit=OrgUnit.objects.get(pk=params["unit"]) if params.get("unit") else None,
            goal=Goal.objects.get(pk=params["goal"]) if params.get("goal") else None,
            language=params.get("language", "ar"),
            include_submitted=params.get("provisional", False),
            scenario=Scenario.objects.get(pk=params["scenario"])
            if params.get("scenario")
            else None,
            progress=lambda percent: tell(int(percent * 0.6)),
        )
        content = render_pdf(report) if report_file.format == "pdf" else render_xlsx(report)
    except Exception as error:  # the file is marked failed; the page says so
        ReportFile.objects.filter(pk=report_file.pk).update(
            status=ReportFile.Status.FAILED, error=repr(error)[:2000]
        )
        raise
    name = filename(report_file.plan, params, report_file.format)
    report_file.file.save(
        f"{report_file.key}.{report_file.format}", ContentFile(content), save=False
    )
    report_file.filename = name
    report_file.status = ReportFile.Status.DONE
    report_file.progress = 100
    report_file.finished_at = timezone.now()
    report_file.save()


def filename(plan: StrategicPlan, params: dict, fmt: str) -> str:
    parts = ["marsad", plan.code, str(params.get("year") or f"{plan.first_year}-{plan.last_year}")]
    if params.get("quarter"):
        parts.append(f"q{params['quarter']}")
    if params.get("unit"):
        parts.append(f"unit{params['unit']}")
    parts.append(params.get("language", "ar"))
    return "-".join(parts) + f".{fmt}"


def report_files_cleanup(*, days: int, now=None) -> int:
    """Delete report files (rows and files on disk) that nobody will ask for again: those
    made more than ``days`` days ago, and those superseded by a newer file of the same
    report (the same plan, scope, span, language and format, made after a later change of
    the plan). Returns how many went. Running files are left alone."""
    now = now or timezone.now()
    files = ReportFile.objects.exclude(status=ReportFile.Status.RUNNING).order_by("-created_at")
    newest: set[str] = set()
    doomed = []
    for report_file in files.only("pk", "plan_id", "params", "format", "created_at", "file"):
        same = json.dumps(
            [report_file.plan_id, report_file.params, report_file.format], sort_keys=True
        )
        if report_file.created_at < now - timedelta(days=days) or same in newest:
            doomed.append(report_file)
        newest.add(same)
    for report_file in doomed:
        if report_file.file:
            report_file.file.delete(save=False)
    ReportFile.objects.filter(pk__in=[f.pk for f in doomed]).delete()
    return len(doomed)
