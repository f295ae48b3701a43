"""Late-entry requests: asked from the entry page of a closed period, answered by the
planning admin on the requests page (``indicators.services.late_entry``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicators.forms import LateAnswerForm, LateRequestForm
from indicators.models import Indicator
from indicators.selectors.entry import entry_rows
from indicators.services.late_entry import (
    late_request_create,
    late_request_grant,
    late_request_refuse,
    may_ask_late,
)
from plans.errors import Conflict
from plans.inputs import parse_id
from plans.models import LateEntryRequest, ReportingPeriod
from plans.permissions import is_planning_admin
from plans.selectors import unit_subtree_ids
from plans.services.periods import Writing, grant_for

REFUSALS = (ValidationError, PermissionDenied, Conflict)


def _refusal_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, Conflict):
        return error.message
    return str(error) or _("You may not do this.")


def entry_page_context(request, period, unit, entries, writing, grants) -> dict:
    """What the entry page shows about late entry: the grant in force, the officer's
    requests for this period and unit, and the form to ask (a closed period only)."""
    if period.state != ReportingPeriod.State.CLOSED or not may_ask_late(request.user, unit.pk):
        return {}
    mine = list(
        LateEntryRequest.objects.filter(period=period, unit=unit, requested_by=request.user)
    )
    asking = writing is None or writing == Writing.GRANTED
    indicators = [form.row.indicator for form in entries if form.row]
    return {
        "late_grant": grant_for(period, request.user, grants=grants),
        "late_requests": mine,
        "late_form": LateRequestForm(indicators=indicators) if asking else None,
    }


@require_POST
def late_request_new(request, period_id: int):
    """An officer asks, from the entry page, to enter values of a closed period late."""
    from indicators.views.entry import entry_scope  # the entry page imports this module

    period, unit = entry_scope(request, period_id)
    rows = entry_rows(period, unit_subtree_ids(unit.pk))
    form = LateRequestForm(request.POST, indicators=[row.indicator for row in rows])
    back = f"{reverse('entry', args=[period.pk])}?unit={unit.pk}"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        late_request_create(
            period=period,
            unit=unit,
            by=request.user,
            reason=form.cleaned_data["reason"],
            indicator_ids=form.cleaned_data["indicators"],
        )
    except REFUSALS as error:
        messages.error(request, _refusal_text(error))
    else:
        messages.success(
            request, _("Your request was sent to the planning directorate for an answer.")
        )
    return redirect(back)


def late_requests_page(request):
    """The planning admin's list of late-entry requests, the waiting ones first (404 for
    everybody else); ``?period=`` narrows it to one period."""
    if not is_planning_admin(request.user):
        raise Http404
    requests = LateEntryRequest.objects.select_related(
        "period", "period__plan", "unit", "requested_by", "answered_by"
    )
    period = None
    if request.GET.get("period"):
        period = get_object_or_404(
            ReportingPeriod, pk=parse_id(request.GET["period"], name="period")
        )
        requests = requests.filter(period=period)
    requests = list(requests[:300])
    # The codes of the indicators each request names (one query for all of them).
    wanted = {pk for r in requests for pk in r.indicator_ids}
    codes = dict(Indicator.objects.filter(pk__in=wanted).values_list("pk", "code"))
    for r in requests:
        r.indicator_codes = [codes[pk] for pk in r.indicator_ids if pk in codes]
    pending = [r for r in requests if r.status == LateEntryRequest.Status.PENDING]
    answered = [r for r in requests if r.status != LateEntryRequest.Status.PENDING]
    return render(
        request,
        "indicators/late_requests.html",
        {"pending": pending, "answered": answered, "period": period, "form": LateAnswerForm()},
    )


@require_POST
def late_request_answer(request, pk: int):
    """Grant (with a deadline) or refuse (with a comment) a late-entry request."""
    if not is_planning_admin(request.user):
        raise Http404
    late_request = get_object_or_404(LateEntryRequest, pk=pk)
    form = LateAnswerForm(request.POST)
    back = reverse("late_requests")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    try:
        if data["action"] == "grant":
            late_request_grant(
                request=late_request, by=request.user, deadline=data["deadline"],
                comment=data["comment"],
            )  # fmt: skip
            messages.success(request, _("The request was granted."))
        else:
            late_request_refuse(request=late_request, by=request.user, comment=data["comment"])
            messages.success(request, _("The request was refused."))
    except REFUSALS as error:
        messages.error(request, _refusal_text(error))
    return redirect(back)
