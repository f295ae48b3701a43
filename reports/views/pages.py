"""The dashboard (the home page after sign-in) and the page that explains the numbers."""

from functools import lru_cache
from pathlib import Path

import markdown
from django import forms
from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _

from indicators.selectors.todo import todo_for
from indicators.vocabulary import status_labels
from plans import charts
from plans.models import Membership, OrgUnit
from plans.permissions import (
    has_role,
    membership_of,
    role_of,
    sees_everything,
    visible_unit_ids,
)
from plans.selectors import default_plan, latest_closed_period
from plans.views import no_role
from reports.assembly import assemble_report
from reports.filters import ScoreFilterForm, limit_choices
from reports.models import ReportFile
from reports.permissions import dashboard_scope, may_see_report, may_sign_ministry_report
from reports.render import render_preview
from reports.selectors import dashboard
from reports.services import CONTENT_TYPES, report_file_request

Role = Membership.Role


def home(request):
    """Where the plan stands for the user's scope: scores, trends, units, what needs
    attention; filters kept in the URL so that a view can be shared as a link. A user
    without a role is told so, and whom to ask."""
    if not has_role(request.user):
        return no_role(request)
    filters = ScoreFilterForm(request.GET or None)
    data, status = {}, 200
    if filters.is_bound:
        if filters.is_valid():
            data = filters.cleaned_data
        else:
            status = 400
    plan = data.get("plan") or default_plan()
    if plan is None:
        return render(request, "reports/dashboard.html", {"plan": None, "filters": filters})
    year, quarter = data.get("year"), data.get("quarter")
    if not ({"plan", "year", "quarter"} & set(request.GET)):
        # A first visit: the year to date through the latest closed quarter.
        latest = latest_closed_period(plan)
        if latest is not None:
            year, quarter = latest.year, latest.quarter
    unit = dashboard_scope(request.user, data.get("unit"))
    goal = data.get("goal")
    board = dashboard(
        plan,
        year=int(year) if year is not None else None,
        quarter=int(quarter) if quarter else None,
        unit=unit,
        goal_id=goal.pk if goal else None,
        include_submitted=bool(data.get("provisional")),
    )
    if status == 200:
        # Show the choices in effect, so that the form says what the page shows.
        shown = request.GET.copy()
        shown.update(
            {
                "plan": plan.pk,
                "year": year or "",
                "quarter": quarter or "",
                "unit": unit.pk if unit else "",
            }
        )
        filters = ScoreFilterForm(shown)
    allowed = visible_unit_ids(request.user)
    units = OrgUnit.objects.all() if allowed is None else OrgUnit.objects.filter(pk__in=allowed)
    limit_choices(filters, units=units.order_by("order", "code"), plan=plan)
    rtl = get_language_bidi()
    labels = status_labels()
    goal_sparks = {
        card.id: charts.sparkline(
            card.series,
            board.series_labels,
            title=_("%(code)s by quarter") % {"code": card.code},
            rtl=rtl,
        )
        for card in board.goals
    }
    return render(
        request,
        "reports/dashboard.html",
        {
            "plan": plan,
            "board": board,
            "unit": unit,
            "filters": filters,
            "query": request.GET.urlencode(),
            "goal_sparks": goal_sparks,
            "todo": todo_for(request.user, today=timezone.localdate(), plan=plan),
            "status_chart": charts.status_strip(
                board.counts, labels, title=_("Indicators by status"), rtl=rtl
            ),
            "units_chart": charts.bar_chart(
                [(str(u.name), u.result.score, u.result.status) for u in board.units],
                title=_("Units compared"),
                rtl=rtl,
            )
            if board.units
            else "",
        },
        status=status,
    )


ARABIC_PART = "\n## العربية"


@lru_cache(maxsize=1)
def _achievement_parts() -> tuple[str, str]:
    """The English and the Arabic halves of docs/achievement.md, as HTML."""
    text = (Path(settings.BASE_DIR) / "docs" / "achievement.md").read_text(encoding="utf-8")
    english, heading, arabic = text.partition(ARABIC_PART)
    return (
        markdown.markdown(english, extensions=["tables"]),
        markdown.markdown(heading + arabic, extensions=["tables"]),
    )


def how_achievement_is_calculated(request):
    """docs/achievement.md as a page that every score links to, in the reader's language
    first, each half in its own direction."""
    english, arabic = _achievement_parts()
    parts = [("ar", "rtl", mark_safe(arabic)), ("en", "ltr", mark_safe(english))]
    if not get_language_bidi():
        parts.reverse()
    return render(request, "reports/achievement_doc.html", {"parts": parts})


# --- Achievement reports -------------------------------------------------------------------


class ReportOptionsForm(forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        # "PDF" and "Excel" are the names Arabic readers use; "HTML" is not (a web page).
        choices=[("html", gettext_lazy("Web page")), ("pdf", "PDF"), ("xlsx", "Excel")],
        required=False,
    )
    lang = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=settings.LANGUAGES, required=False
    )


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _bad_request(request, filters, options):
    errors = {**filters.errors, **options.errors}
    message = _("The report cannot be made from these parameters.")
    if _wants_json(request) or request.GET.get("format") in ("pdf", "xlsx"):
        return JsonResponse(
            {"detail": message, "errors": {k: [str(m) for m in v] for k, v in errors.items()}},
            status=400,
        )
    return render(
        request,
        "reports/reports_page.html",
        {"filters": filters, "options": options, "message": message},
        status=400,
    )


def reports_page(request):
    """Pick a report: scope, span, language and format."""
    if role_of(request.user) is None:
        raise Http404
    membership = membership_of(request.user)
    plan = default_plan()
    initial = {
        "plan": plan.pk if plan else "",
        "unit": membership.unit_id if membership and not sees_everything(request.user) else "",
    }
    filters = ScoreFilterForm(initial)
    allowed = visible_unit_ids(request.user)
    units = OrgUnit.objects.all() if allowed is None else OrgUnit.objects.filter(pk__in=allowed)
    limit_choices(filters, units=units.order_by("order", "code"), plan=plan)
    options = ReportOptionsForm(initial={"format": "html", "lang": get_language()})
    return render(
        request,
        "reports/reports_page.html",
        {
            "filters": filters,
            "options": options,
            "may_sign": may_sign_ministry_report(request.user),
        },
    )


def achievement_report(request):
    """/reports/achievement/?plan=&year=&quarter=&unit=&goal=&lang=&format=html|pdf|xlsx"""
    if role_of(request.user) is None:
        raise Http404
    filters = ScoreFilterForm(request.GET)
    options = ReportOptionsForm(request.GET)
    if not (filters.is_valid() and options.is_valid()):
        return _bad_request(request, filters, options)
    data = filters.cleaned_data
    plan = data.get("plan") or default_plan()
    if plan is None:
        raise Http404
    unit = data.get("unit")
    if unit is None and not sees_everything(request.user):
        membership = membership_of(request.user)
        unit = membership.unit if membership else None
    if not may_see_report(request.user, unit.pk if unit else None):
        raise Http404
    fmt = options.cleaned_data.get("format") or "html"
    language = options.cleaned_data.get("lang") or get_language() or "ar"
    goal = data.get("goal")
    params = {
        "year": int(data["year"]) if data.get("year") is not None else None,
        "quarter": data.get("quarter") or None,
        "unit": unit.pk if unit else None,
        "goal": goal.pk if goal else None,
        "language": language,
        "provisional": bool(data.get("provisional")),
        "scenario": data["scenario"].pk if data.get("scenario") else None,
    }
    if fmt == "html":
        report = assemble_report(
            plan,
            year=params["year"],
            quarter=params["quarter"],
            unit=unit,
            goal=goal,
            language=language,
            include_submitted=params["provisional"],
            scenario=data.get("scenario"),
        )
        return HttpResponse(render_preview(report, request))
    report_file = report_file_request(plan=plan, params=params, fmt=fmt, by=request.user)
    return _file_or_progress(request, report_file)


def _file_or_progress(request, report_file: ReportFile):
    if report_file.status == ReportFile.Status.DONE:
        response = FileResponse(
            report_file.file.open("rb"),
            as_attachment=True,
            filename=report_file.filename,
            content_type=CONTENT_TYPES[report_file.format],
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
    poll = reverse("report_file", args=[report_file.pk])
    body = {
        "status": report_file.status,
        "progress": report_file.progress,
        "poll": poll,
        "download": reverse("report_file_download", args=[report_file.pk]),
        "error": report_file.error if report_file.status == ReportFile.Status.FAILED else "",
    }
    if _wants_json(request):
        return JsonResponse(body, status=202)
    return render(
        request, "reports/report_progress.html", {"file": report_file, **body}, status=202
    )


def _report_file_or_404(request, pk: int) -> ReportFile:
    report_file = get_object_or_404(ReportFile, pk=pk)
    if not may_see_report(request.user, report_file.unit_id):
        raise Http404
    return report_file


def report_file_status(request, pk: int):
    """Where a background report stands; the file once it is ready."""
    return _file_or_progress(request, _report_file_or_404(request, pk))


def report_file_download(request, pk: int):
    return _file_or_progress(request, _report_file_or_404(request, pk))
