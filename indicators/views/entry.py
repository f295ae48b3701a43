"""The quarterly entry and review pages, and evidence downloads.

Each page is one HTML form of formsets (``indicators.forms``): the forms read and check what
was sent, the services called here decide and write. A row that fails keeps what was typed
and its messages while the other rows are saved."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators import services
from indicators.forms import (
    ActivityProgressFormSet,
    ActivityReviewForm,
    ActivityReviewFormSet,
    EntryFormSet,
    EntryPageForm,
    EntryWorkbookForm,
    NarrativeFormSet,
    NarrativeReviewForm,
    NarrativeReviewFormSet,
    ReviewFormSet,
    ReviewPageForm,
)
from indicators.models import Evidence
from indicators.permissions import (
    can_view_indicator_data,
    enterable_unit_ids,
    reviewable_unit_ids,
)
from indicators.selectors import corrections
from indicators.selectors import entry as entry_selectors
from indicators.views import late_requests
from plans.errors import Conflict
from plans.inputs import BadInput, parse_id
from plans.models import Narrative, OrgUnit, ReportingPeriod
from plans.permissions import membership_of
from plans.selectors import (
    activities_for_entry,
    activity_progress_for_review,
    narratives_for_entry,
    narratives_for_review,
    unit_subtree_ids,
)
from plans.services.narratives import (
    narrative_approve,
    narrative_return,
    narrative_save,
    narrative_submit,
)
from plans.services.periods import Writing, active_grants, grant_for, period_writing
from plans.services.reviews import (
    activity_progress_approve,
    activity_progress_return,
    activity_progress_save,
    activity_progress_submit,
)

REFUSALS = (ValidationError, PermissionDenied, Conflict)


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


def entry_scope(request, period_id: int) -> tuple[ReportingPeriod, OrgUnit]:
    """The period and the unit of an entry page (or of its workbook): 404 for a user who
    enters for no unit, or not for the one asked."""
    period = _period_or_404(period_id)
    allowed = enterable_unit_ids(request.user)
    if allowed is not None and not allowed:
        raise Http404
    return period, _scope_unit(request, allowed)


def _check_sent(*formsets) -> None:
    """A page sent without its formsets' management data (or with too many rows) cannot
    be read: a 400 that says so."""
    if any(formset.sent_incomplete() for formset in formsets):
        raise BadInput(
            _("The page was sent incomplete or altered. Reload it and enter the values again.")
        )


def entry_page(request, period_id: int):
    """An officer's quarter: every indicator of the unit, saved as a draft in one go,
    submitted all at once or by selection; activities' progress below, and the narrative
    of each objective the unit leads among those of its due indicators."""
    period, unit = entry_scope(request, period_id)
    unit_ids = unit_subtree_ids(unit.pk)
    grants = active_grants(period, request.user)
    writing = period_writing(period, request.user, grants=grants)
    writable = writing is not None
    rows = entry_selectors.entry_rows(period, unit_ids)
    activities = activities_for_entry(period, unit_ids)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    page = EntryPageForm(data)
    entry_ok, activity_ok = _granted_rows(period, request.user, writing, grants)
    entries = EntryFormSet(
        data, files, rows=rows, writable=writable, row_writable=entry_ok, prefix="entry"
    )
    progress = ActivityProgressFormSet(
        data, rows=activities, writable=writable, row_writable=activity_ok, prefix="activity"
    )
    # Under a late-entry grant only the granted values may be written; the narratives, the
    # unit's word on the whole quarter, stay as they were approved.
    narratives = NarrativeFormSet(
        data,
        rows=_narrative_rows(period, unit_ids, rows),
        writable=writable and writing != Writing.GRANTED,
        prefix="narrative",
    )
    if request.method == "POST":
        _check_sent(entries, progress, narratives)
        if not writable:
            messages.error(
                request, _("This period is not open: its entries can be read but not changed.")
            )
        elif page.is_valid():
            with transaction.atomic():
                sent = _apply_entries(request, period, page, entries, progress, narratives)
            if not (entries.failed or progress.failed or narratives.failed):
                _say_saved(request, page.submitting, sent)
                return redirect(f"{request.path}?unit={unit.pk}")
            # The saved rows as they now are, the failed ones as they were typed.
            now = entry_selectors.entry_rows(period, unit_ids)
            entries.show_now(now)
            progress.show_now(activities_for_entry(period, unit_ids))
            narratives.show_now(_narrative_rows(period, unit_ids, now))
            messages.error(
                request, _("Some rows could not be saved; see the messages beside them.")
            )
    return render_entry_page(
        request,
        period=period,
        unit=unit,
        page=page,
        entries=entries,
        progress=progress,
        narratives=narratives,
        writable=writable,
        status=400 if request.method == "POST" else 200,
        writing=writing,
        grants=grants,
    )


def _narrative_rows(period, unit_ids, rows):
    """The objectives whose narrative the page asks for: those of the due indicators
    (``rows``) that one of the page's units leads."""
    return narratives_for_entry(period, unit_ids, {row.indicator.objective_id for row in rows})


def _granted_rows(period, user, writing, grants):
    """Under late-entry grants, which rows they cover: (indicator rows, activity rows) as
    tests, or (None, None) when the whole page may be written (or none of it)."""
    if writing != Writing.GRANTED:
        return None, None

    def entry_ok(row) -> bool:
        return grant_for(
            period, user, unit_id=row.indicator.unit_id, indicator_id=row.indicator.pk,
            grants=grants,
        ) is not None  # fmt: skip

    def activity_ok(row) -> bool:
        return grant_for(
            period, user, unit_id=row.action_plan.unit_id, grants=grants
        ) is not None  # fmt: skip

    return entry_ok, activity_ok


def render_entry_page(
    request,
    *,
    period,
    unit,
    page,
    entries,
    progress,
    writable: bool,
    narratives=None,
    status: int = 200,
    workbook_form=None,
    workbook_problems=(),
    writing=None,
    grants=None,
):
    """The entry page, drawn after its own form was sent or after a workbook upload
    (``indicators.views.entry_workbook``), with the upload's form and its problems.
    ``writing`` and ``grants``: what ``period_writing`` and ``active_grants`` said, when the
    caller asked already."""
    if grants is None:
        grants = active_grants(period, request.user)
    if writing is None:
        writing = period_writing(period, request.user, grants=grants)
    if narratives is None:
        unit_ids = unit_subtree_ids(unit.pk)
        narratives = NarrativeFormSet(
            rows=_narrative_rows(period, unit_ids, entries.rows),
            writable=writable and writing != Writing.GRANTED,
            prefix="narrative",
        )
    return render(
        request,
        "indicators/entry.html",
        {
            "period": period,
            "plan": period.plan,
            "unit": unit,
            "page": page,
            "entries": entries,
            "progress": progress,
            "narratives": narratives,
            "writable": writable,
            "late_entry": writing == Writing.LATE,
            **late_requests.entry_page_context(request, period, unit, entries, writing, grants),
            # The page's forms post here, also when the page is drawn by the upload.
            "entry_url": f"{reverse('entry', args=[period.pk])}?unit={unit.pk}",
            "workbook_form": workbook_form or EntryWorkbookForm(),
            "workbook_problems": workbook_problems,
        },
        status=status,
    )


def _apply_entries(request, period, page, entries, progress, narratives) -> int:
    """Save every changed row and attach the files sent; then submit what was asked.
    Answers how many rows were sent for review."""
    late_reason = page.cleaned_data["late_reason"]
    submitting = page.submitting
    sent = 0
    for form in entries.row_forms():
        _save_entry(request, period, form, late_reason)
    if submitting:
        sent += _submit_entries(request, entries.row_forms(), submitting, late_reason)
    for form in progress.row_forms():
        _save_activity(request, period, form, late_reason)
    if submitting:
        sent += _submit_activities(request, progress.row_forms(), submitting, late_reason)
    for form in narratives.row_forms():
        _save_narrative(request, period, form, late_reason)
    if submitting:
        sent += _submit_narratives(request, narratives.row_forms(), submitting, late_reason)
    return sent


def _save_entry(request, period, form, late_reason: str) -> None:
    """One indicator's row: its value when the row was changed, its file when one was sent."""
    sent_file = not form.locked and form["evidence"].data is not None
    if form.locked or not (form.touched or sent_file) or not form.checked():
        return
    row, data = form.row, form.cleaned_data
    try:
        # A row with nothing in it is "not entered yet" unless it was saved before.
        if form.touched and (form.has_input or row.entry is not None):
            row.entry = services.progress_save(
                indicator=row.indicator,
                period=period,
                by=request.user,
                value=data.get("value"),
                numerator=data.get("numerator"),
                denominator=data.get("denominator"),
                comment=data["comment"],
                expected_version=data["version"],
                late_reason=late_reason,
                quality_note=data["quality_note"],
                cells=form.cells(),
            )
        if data["evidence"] is not None:
            if row.entry is None:
                raise ValidationError(_("Enter a value before attaching evidence."))
            services.evidence_add(
                entry=row.entry, by=request.user, upload=data["evidence"], late_reason=late_reason
            )
    except REFUSALS as error:
        form.refuse(error)


def _say_saved(request, submitting: str, sent: int) -> None:
    """What the officer is told after a save: how many rows went for review when a send
    button was pressed, and that nothing went when none could."""
    if not submitting:
        messages.success(request, _("Your entries were saved."))
    elif sent:
        messages.success(
            request,
            ngettext(
                "Your entries were saved; %(count)d row was sent for review.",
                "Your entries were saved; %(count)d rows were sent for review.",
                sent,
            )
            % {"count": sent},
        )
    elif submitting == "submit_selected":
        messages.info(
            request,
            _("Your entries were saved; nothing was sent: select the rows to send first."),
        )
    else:
        messages.info(request, _("Your entries were saved; nothing was left to send for review."))


def _submit_entries(request, forms, submitting: str, late_reason: str) -> int:
    """Submit the saved entries asked for (all, or the selected rows); each fails alone."""
    wanted = [
        form
        for form in forms
        if not form.failed
        and form.row.entry is not None
        and form.row.entry.status in services.EDITABLE
        and (submitting == "submit_all" or form.selected)
    ]
    _done, errors = services.progress_submit_many(
        items=[(form.row.entry, form.row.entry.version) for form in wanted],
        by=request.user,
        late_reason=late_reason,
    )
    for form in wanted:
        if form.row.entry.pk in errors:
            form.refuse(errors[form.row.entry.pk])
    return len(wanted) - len(errors)


def _save_activity(request, period, form, late_reason: str) -> None:
    """One activity's progress, when its row was changed."""
    if form.locked or not form.touched or not form.checked():
        return
    activity, data = form.row, form.cleaned_data
    if data["percent_complete"] is None and activity.period_progress is None:
        return  # nothing reported yet
    try:
        activity.period_progress = activity_progress_save(
            activity=activity,
            period=period,
            by=request.user,
            percent_complete=data["percent_complete"],
            status=data["status"],
            comment=data["comment"],
            late_reason=late_reason,
            expected_version=data["version"],
        )
    except REFUSALS as error:
        form.refuse(error)


def _submit_activities(request, forms, submitting: str, late_reason: str) -> int:
    """Submit the saved progress of the activities asked for; each fails alone."""
    sent = 0
    for form in forms:
        progress = form.row.period_progress
        if (
            form.failed
            or progress is None
            or progress.review_status not in services.EDITABLE
            or (submitting == "submit_selected" and not form.selected)
        ):
            continue
        try:
            with transaction.atomic():
                form.row.period_progress = activity_progress_submit(
                    progress=progress,
                    by=request.user,
                    expected_version=progress.version,
                    late_reason=late_reason,
                )
            sent += 1
        except REFUSALS as error:
            form.refuse(error)
    return sent


def _save_narrative(request, period, form, late_reason: str) -> None:
    """One objective's narrative, when one of its parts was changed."""
    if form.locked or not form.touched or not form.checked():
        return
    objective, data = form.row, form.cleaned_data
    texts = {name: data[name] for name in Narrative.TEXTS}
    if objective.period_narrative is None and not any(t.strip() for t in texts.values()):
        return  # nothing written yet
    try:
        objective.period_narrative = narrative_save(
            objective=objective,
            period=period,
            by=request.user,
            texts=texts,
            expected_version=data["version"],
            late_reason=late_reason,
        )
    except REFUSALS as error:
        form.refuse(error)


def _submit_narratives(request, forms, submitting: str, late_reason: str) -> int:
    """Submit the saved narratives asked for (all, or the selected ones); each fails alone."""
    sent = 0
    for form in forms:
        narrative = form.row.period_narrative
        if (
            form.failed
            or narrative is None
            or narrative.status not in services.EDITABLE
            or (submitting == "submit_selected" and not form.selected)
        ):
            continue
        try:
            with transaction.atomic():
                form.row.period_narrative = narrative_submit(
                    narrative=narrative,
                    by=request.user,
                    expected_version=narrative.version,
                    late_reason=late_reason,
                )
            sent += 1
        except REFUSALS as error:
            form.refuse(error)
    return sent


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
    data = request.POST if request.method == "POST" else None
    page = ReviewPageForm(data)
    reviews = ReviewFormSet(data, rows=rows, prefix="review")
    activity_reviews = ActivityReviewFormSet(
        data, rows=activity_rows["submitted"], prefix="activity-review"
    )
    narrative_reviews = NarrativeReviewFormSet(
        data, rows=narratives_for_review(period, unit_ids), prefix="narrative-review"
    )
    if request.method == "POST":
        _check_sent(reviews, activity_reviews, narrative_reviews)
        if page.is_valid():
            with transaction.atomic():
                done = _apply_reviews(request, page, reviews, activity_reviews, narrative_reviews)
            if not (reviews.failed or activity_reviews.failed or narrative_reviews.failed):
                if done:
                    messages.success(request, _("Your review was recorded."))
                else:
                    messages.info(request, _("Select at least one row."))
                return redirect(request.path + (f"?unit={unit.pk}" if unit else ""))
            reviews.show_now(entry_selectors.review_rows(period, unit_ids))
            activity_reviews.show_now(activity_progress_for_review(period, unit_ids)["submitted"])
            narrative_reviews.show_now(narratives_for_review(period, unit_ids))
            messages.error(
                request, _("Some rows could not be reviewed; see the messages beside them.")
            )
    return render(
        request,
        "indicators/review.html",
        {
            "period": period,
            "plan": period.plan,
            "unit": unit,
            "page": page,
            "reviews": reviews,
            "activity_reviews": activity_reviews,
            "narrative_reviews": narrative_reviews,
            "waiting": len(reviews.row_forms()),
            "writing": period_writing(period, request.user),
            "approved_activities": activity_rows["approved"],
            "approved_entries": corrections.reopenable_entries(period, unit_ids),
        },
        status=400 if request.method == "POST" else 200,
    )


def _apply_reviews(request, page, reviews, activity_reviews, narrative_reviews) -> bool:
    """Approve or return the rows whose own buttons were pressed or, failing that, the
    selected entries by the buttons below the table. Returns whether any row was asked."""
    late_reason = page.cleaned_data["late_reason"]
    rows = reviews.row_forms() + activity_reviews.row_forms() + narrative_reviews.row_forms()
    decided = [form for form in rows if form.decided]
    if decided:
        asked = [(form, None, None) for form in decided]
    elif page.verb:
        comment = page.cleaned_data["bulk_comment"]
        asked = [(form, page.verb, comment) for form in reviews.row_forms() if form.selected]
    else:
        asked = []
    for form, verb, comment in asked:
        if form.checked():
            _decide(request, form, verb, comment, late_reason)
    return bool(asked)


def _decide(request, form, verb, comment, late_reason: str) -> None:
    """One row's decision: its own button and comment, or the bulk verb and comment."""
    data = form.cleaned_data
    verb = verb or data["decision"]
    comment = data["comment"] if comment is None else comment
    common = {"by": request.user, "expected_version": data["version"], "late_reason": late_reason}
    try:
        if isinstance(form, NarrativeReviewForm):
            if verb == "approve":
                narrative_approve(narrative=form.row, **common)
            else:
                narrative_return(narrative=form.row, comment=comment, **common)
        elif isinstance(form, ActivityReviewForm):
            if verb == "approve":
                activity_progress_approve(progress=form.row, **common)
            else:
                activity_progress_return(progress=form.row, comment=comment, **common)
        elif verb == "approve":
            form.row.entry = services.progress_approve(entry=form.row.entry, **common)
        else:
            form.row.entry = services.progress_return(
                entry=form.row.entry, comment=comment, **common
            )
    except REFUSALS as error:
        form.refuse(error)


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
