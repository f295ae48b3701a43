"""The workflow's steps that have no page of their own: reopening an approved entry or
activity progress for correction, and withdrawing a draft's evidence. Each is a POST from
the indicator, review or entry page and comes back to it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicators import services
from indicators.models import Evidence, ProgressEntry
from indicators.permissions import can_view_indicator_data
from plans.errors import Conflict
from plans.models import ActivityProgress
from plans.permissions import can_view_unit
from plans.services.reviews import activity_progress_reopen


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _version(request) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isascii() and raw.isdigit() else None


def _run(request, step, success: str) -> None:
    """Run a service; its refusals of bad input or state become messages on the page it
    comes back to (PermissionDenied goes through: a 403 for who may see but not do)."""
    try:
        step()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)


@require_POST
def entry_reopen(request, pk: int):
    """Reopen an approved entry for correction, with the reason typed beside the button."""
    entry = get_object_or_404(ProgressEntry.objects.select_related("indicator"), pk=pk)
    if not can_view_indicator_data(request.user, entry.indicator):
        raise Http404
    _run(
        request,
        lambda: services.progress_reopen(
            entry=entry,
            by=request.user,
            expected_version=_version(request),
            comment=request.POST.get("comment", ""),
            late_reason=request.POST.get("late_reason", ""),
        ),
        _("The entry was reopened for correction; its approved value stays in force."),
    )
    return _back(request, reverse("indicator_detail", args=[entry.indicator_id]))


@require_POST
def activity_progress_reopen_view(request, pk: int):
    """Reopen an activity's approved progress for correction, with a reason."""
    progress = get_object_or_404(
        ActivityProgress.objects.select_related("activity__action_plan"), pk=pk
    )
    if not can_view_unit(request.user, progress.activity.action_plan.unit_id):
        raise Http404
    _run(
        request,
        lambda: activity_progress_reopen(
            progress=progress,
            by=request.user,
            expected_version=_version(request),
            comment=request.POST.get("comment", ""),
            late_reason=request.POST.get("late_reason", ""),
        ),
        _("The activity's progress was reopened for correction."),
    )
    return _back(request, reverse("review", args=[progress.period_id]))


@require_POST
def evidence_remove(request, pk: int):
    """Withdraw an evidence file from an entry that is still a draft or returned."""
    evidence = get_object_or_404(Evidence.objects.select_related("entry__indicator"), pk=pk)
    if not can_view_indicator_data(request.user, evidence.entry.indicator):
        raise Http404
    entry = evidence.entry
    _run(
        request,
        lambda: services.evidence_remove(
            evidence=evidence, by=request.user, late_reason=request.POST.get("late_reason", "")
        ),
        _("The evidence file was withdrawn."),
    )
    entry_page = reverse("entry", args=[entry.period_id])
    return _back(request, f"{entry_page}?unit={entry.indicator.unit_id}")
