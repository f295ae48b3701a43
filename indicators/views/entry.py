"""The quarterly entry and review pages, and evidence downloads."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from indicators import services
from indicators.forms import parse_optional
from indicators.models import Evidence
from indicators.permissions import (
    can_view_indicator_data,
    enterable_unit_ids,
    reviewable_unit_ids,
)
from indicators.selectors import corrections
from indicators.selectors import entry as entry_selectors
from plans.errors import Conflict
from plans.inputs import optional_id, parse_id
from plans.models import ActivityProgress, OrgUnit, ReportingPeriod
from plans.permissions import (
    is_planning_admin,
    membership_of,
)
from plans.selectors import (
    activities_for_entry,
    activity_progress_for_review,
    unit_subtree_ids,
)
from plans.services.reviews import (
    activity_progress_approve,
    activity_progress_return,
    activity_progress_save,
    activity_progress_submit,
)


def _period_or_404(period_id: int) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod.objects.select_related("plan"), pk=period_id)


def _scope_unit(request, allowed: set[int] | None) -> OrgUnit:
    """The unit a page is about: ?unit= when given, else the user's own; 404 outside
    ``allowed`` (None: any unit)."""
    raw = request.GET.get("unit", "")
    membership = membership_of(request.user)
    if raw:
        unit_id = parse_id(raw, name="unit")
    elif membership is not None:
        unit_id = membership.unit_id
    else:
        raise Http404
    if allowed is not None and unit_id not in allowed:
        raise Http404
    return get_object_or_404(OrgUnit, pk=unit_id)


def _error_text(error: Exception) -> dict[str, str]:
    """A service error as messages per field ('' for the row as a whole)."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return {name: " ".join(messages) for name, messages in error.message_dict.items()}
        return {"": " ".join(error.messages)}
    if isinstance(error, Conflict):
        return {"": error.message}
    return {"": str(error) or _("You cannot do this.")}


def entry_page(request, period_id: int):
    """An officer's quarter: every indicator of the unit, saved as a draft in one go,
    submitted all at once or by selection; activities' progress below."""
    period = _period_or_404(period_id)
    allowed = enterable_unit_ids(request.user)
    if allowed is not None and not allowed:
        raise Http404
    unit = _scope_unit(request, allowed)
    unit_ids = unit_subtree_ids(unit.pk)
    rows = entry_selectors.entry_rows(period, unit_ids)
    activities = _with_editable(activities_for_entry(period, unit_ids))
    if request.method == "POST":
        failed = _apply_entries(request, period, rows, activities)
        if not failed:
            messages.success(request, _("Your entries were saved."))
            return redirect(f"{request.path}?unit={unit.pk}")
        # Show the saved rows as they now are, and the failed ones as they were typed.
        fresh = {row.indicator.pk: row for row in entry_selectors.entry_rows(period, unit_ids)}
        rows = [row if row.errors else fresh[row.indicator.pk] for row in rows]
        activities_now = {a.pk: a for a in activities_for_entry(period, unit_ids)}
        for activity in activities:
            if not getattr(activity, "errors", None):
                activity.period_progress = activities_now[activity.pk].period_progress
        _with_editable(activities)
        messages.error(request, _("Some rows could not be saved; see the messages beside them."))
    return render(
        request,
        "indicators/entry.html",
        {
            "period": period,
            "plan": period.plan,
            "unit": unit,
            "rows": rows,
            "activities": activities,
            "activity_statuses": ActivityProgress.Status.choices,
            "is_admin": is_planning_admin(request.user),
            "writable": period.state == ReportingPeriod.State.OPEN
            or (period.state == ReportingPeriod.State.CLOSED and is_planning_admin(request.user)),
        },
        status=400 if request.method == "POST" else 200,
    )


def _apply_entries(request, period, rows, activities) -> bool:
    """Save every changed row; submit what was asked. Returns whether any row failed."""
    post, files = request.POST, request.FILES
    action = post.get("action", "save")
    late_reason = post.get("late_reason", "")
    failed = False
    selected = set(post.getlist("select"))
    with transaction.atomic():
        for row in rows:
            pk = row.indicator.pk
            typed = {
                name: post.get(f"{name}-{pk}", "")
                for name in ("value", "numerator", "denominator", "comment")
            }
            upload = files.get(f"evidence-{pk}")
            # Disabled inputs (a submitted or approved row) are not sent at all.
            sent = any(f"{name}-{pk}" in post for name in typed)
            touched = sent and entry_selectors.fingerprint(
                typed["value"].strip(),
                typed["numerator"].strip(),
                typed["denominator"].strip(),
                typed["comment"].strip(),
            ) != post.get(f"original-{pk}")
            # The note that confirms a flagged value (data quality) is a change of its own.
            typed["quality_note"] = post.get(f"quality_note-{pk}", "")
            touched = touched or (
                sent
                and f"quality_note-{pk}" in post
                and typed["quality_note"].strip() != (row.entry.quality_note if row.entry else "")
            )
            has_input = any(typed[n].strip() for n in ("value", "numerator", "denominator"))
            try:
                if touched and (has_input or row.entry is not None):
                    version = post.get(f"version-{pk}", "")
                    row.entry = services.progress_save(
                        indicator=row.indicator,
                        period=period,
                        by=request.user,
                        value=parse_optional(typed["value"]) if not row.is_ratio else None,
                        numerator=parse_optional(typed["numerator"]) if row.is_ratio else None,
                        denominator=parse_optional(typed["denominator"]) if row.is_ratio else None,
                        comment=typed["comment"],
                        expected_version=optional_id(version, name="version"),
                        late_reason=late_reason,
                        quality_note=typed["quality_note"],
                    )
                if upload is not None:
                    if row.entry is None:
                        raise ValidationError(_("Enter a value before attaching evidence."))
                    services.evidence_add(
                        entry=row.entry, by=request.user, upload=upload, late_reason=late_reason
                    )
            except (ValidationError, PermissionDenied, Conflict) as error:
                row.typed, row.errors, failed = typed, _error_text(error), True
        if action in ("submit_selected", "submit_all"):
            wanted = [
                row
                for row in rows
                if not row.errors
                and row.entry is not None
                and row.entry.status in services.EDITABLE
                and (action == "submit_all" or str(row.indicator.pk) in selected)
            ]
            _done, errors = services.progress_submit_many(
                items=[(row.entry, row.entry.version) for row in wanted],
                by=request.user,
                late_reason=late_reason,
            )
            for row in wanted:
                if row.entry.pk in errors:
                    row.errors, failed = _error_text(errors[row.entry.pk]), True
        for activity in activities:
            failed |= _apply_activity(request, period, activity, late_reason)
        if action in ("submit_selected", "submit_all"):
            failed |= _submit_activities(request, activities, action, late_reason)
    return failed


def _with_editable(activities):
    """Mark which activities' progress may still be changed (none yet, draft, returned)."""
    for activity in activities:
        progress = activity.period_progress
        activity.editable = progress is None or progress.review_status in services.EDITABLE
    return activities


def _submit_activities(request, activities, action, late_reason) -> bool:
    """Submit the saved progress of the activities asked for. Returns whether any failed."""
    selected = set(request.POST.getlist("select-activity"))
    failed = False
    for activity in activities:
        progress = activity.period_progress
        if (
            getattr(activity, "errors", None)
            or progress is None
            or progress.review_status not in services.EDITABLE
            or (action == "submit_selected" and str(activity.pk) not in selected)
        ):
            continue
        try:
            with transaction.atomic():
                activity.period_progress = activity_progress_submit(
                    progress=progress,
                    by=request.user,
                    expected_version=progress.version,
                    late_reason=late_reason,
                )
        except (ValidationError, PermissionDenied, Conflict) as error:
            activity.errors = _error_text(error)
            failed = True
    return failed


def _apply_activity(request, period, activity, late_reason) -> bool:
    post = request.POST
    percent = post.get(f"act-percent-{activity.pk}", "").strip()
    status = post.get(f"act-status-{activity.pk}", "")
    comment = post.get(f"act-comment-{activity.pk}", "")
    current = activity.period_progress
    if not percent and current is None:
        return False
    if f"act-percent-{activity.pk}" not in post:
        return False  # disabled inputs (submitted or approved progress) are not sent
    version = post.get(f"act-version-{activity.pk}", "")
    try:
        value = parse_optional(percent)
        if current is not None and (value, status, comment.strip()) == (
            current.percent_complete,
            current.status,
            current.comment,
        ):
            return False
        activity.period_progress = activity_progress_save(
            activity=activity,
            period=period,
            by=request.user,
            percent_complete=value,
            status=status,
            comment=comment,
            late_reason=late_reason,
            expected_version=int(version) if version.isascii() and version.isdigit() else None,
        )
    except (ValidationError, PermissionDenied, Conflict) as error:
        activity.typed = {"percent": percent, "status": status, "comment": comment}
        activity.errors = _error_text(error)
        return True
    return False


def review_page(request, period_id: int):
    """A head's (or the planning admin's) queue of submitted entries: approve, or return
    with a comment, one by one or several at once."""
    period = _period_or_404(period_id)
    allowed = reviewable_unit_ids(request.user)
    if allowed is not None and not allowed:
        raise Http404
    unit_ids = allowed
    unit = None
    if request.GET.get("unit") or allowed is not None:
        unit = _scope_unit(request, allowed)
        unit_ids = unit_subtree_ids(unit.pk)
    rows = entry_selectors.review_rows(period, unit_ids)
    activity_rows = activity_progress_for_review(period, unit_ids)
    if request.method == "POST":
        if post_names_activity(request.POST):
            failed = _apply_activity_reviews(request, activity_rows["submitted"])
        else:
            failed = _apply_reviews(request, rows)
        if not failed:
            messages.success(request, _("Your review was recorded."))
            query = f"?unit={unit.pk}" if unit else ""
            return redirect(request.path + query)
        rows = [row for row in rows if row.error or row.entry.status == "submitted"]
        messages.error(
            request, _("Some entries could not be reviewed; see the messages beside them.")
        )
    return render(
        request,
        "indicators/review.html",
        {
            "period": period,
            "plan": period.plan,
            "unit": unit,
            "rows": rows,
            "is_admin": is_planning_admin(request.user),
            "activity_rows": activity_rows,
            "approved_entries": corrections.reopenable_entries(period, unit_ids),
        },
        status=400 if request.method == "POST" else 200,
    )


def post_names_activity(post) -> bool:
    return bool(post.get("approve-activity") or post.get("return-activity"))


def _apply_activity_reviews(request, progress_rows) -> bool:
    """Approve or return one activity's submitted progress. Returns whether it failed."""
    post = request.POST
    approving = bool(post.get("approve-activity"))
    pk = post.get("approve-activity") or post.get("return-activity")
    row = next((p for p in progress_rows if str(p.pk) == pk), None)
    if row is None:
        return False  # not in this user's queue (any more)
    version = post.get(f"act-version-{pk}", "")
    expected = int(version) if version.isascii() and version.isdigit() else None
    try:
        if approving:
            activity_progress_approve(
                progress=row,
                by=request.user,
                expected_version=expected,
                late_reason=post.get("late_reason", ""),
            )
        else:
            activity_progress_return(
                progress=row,
                by=request.user,
                expected_version=expected,
                comment=post.get(f"act-comment-{pk}", ""),
                late_reason=post.get("late_reason", ""),
            )
    except (ValidationError, PermissionDenied, Conflict) as error:
        row.error = " ".join(_error_text(error).values())
        return True
    return False


def _apply_reviews(request, rows) -> bool:
    post = request.POST
    late_reason = post.get("late_reason", "")
    by_id = {str(row.entry.pk): row for row in rows}
    if post.get("approve"):
        plan = [("approve", post["approve"], "")]
    elif post.get("return"):
        entry_id = post["return"]
        plan = [("return", entry_id, post.get(f"comment-{entry_id}", ""))]
    else:
        action = post.get("action", "")
        bulk_comment = post.get("bulk_comment", "")
        verb = {"approve_selected": "approve", "return_selected": "return"}.get(action)
        plan = [(verb, entry_id, bulk_comment) for entry_id in post.getlist("select") if verb]
    failed = False
    if not plan:
        messages.info(request, _("Select at least one entry."))
        return False
    for verb, entry_id, comment in plan:
        row = by_id.get(entry_id)
        if row is None:
            continue  # not in this user's queue (any more)
        version = post.get(f"version-{entry_id}", "")
        expected = optional_id(version, name="version")
        try:
            if verb == "approve":
                row.entry = services.progress_approve(
                    entry=row.entry,
                    by=request.user,
                    expected_version=expected,
                    late_reason=late_reason,
                )
            else:
                row.entry = services.progress_return(
                    entry=row.entry,
                    by=request.user,
                    expected_version=expected,
                    comment=comment,
                    late_reason=late_reason,
                )
        except (ValidationError, PermissionDenied, Conflict) as error:
            row.error = " ".join(_error_text(error).values())
            failed = True
    return failed


def evidence_download(request, pk: int):
    """An evidence file, to those who may see its entry; always as a download."""
    evidence = get_object_or_404(Evidence.objects.select_related("entry__indicator"), pk=pk)
    if not can_view_indicator_data(request.user, evidence.entry.indicator):
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
