"""The planning directorate's pages for ministry reports: the letterhead on every cover,
and a ministry report's executive summary, recommendations and sign-off."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.errors import Conflict
from plans.permissions import is_planning_admin
from plans.vocabulary import period_label
from reports.filters import ScoreFilterForm
from reports.models import Letterhead, MinistryReport
from reports.permissions import (
    may_approve_ministry_report,
    may_review_ministry_report,
    may_sign_ministry_report,
)
from reports.services import ministry as services


class LetterheadForm(forms.Form):
    ministry_ar = forms.CharField(label=gettext_lazy("Ministry (Arabic)"), max_length=200)
    ministry_en = forms.CharField(
        label=gettext_lazy("Ministry (English)"), max_length=200, required=False
    )
    directorate_ar = forms.CharField(
        label=gettext_lazy("Directorate (Arabic)"), max_length=200, required=False
    )
    directorate_en = forms.CharField(
        label=gettext_lazy("Directorate (English)"), max_length=200, required=False
    )
    logo = forms.FileField(
        label=gettext_lazy("Logo (PNG or JPEG)"), required=False, allow_empty_file=True
    )
    remove_logo = forms.BooleanField(label=gettext_lazy("Remove the logo"), required=False)

    def __init__(self, *args, has_logo: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_logo:  # nothing to remove: the box is not offered
            del self.fields["remove_logo"]


def letterhead_page(request):
    """/reports/letterhead/: the planning admin sets the ministry's name and logo once."""
    if not is_planning_admin(request.user):
        raise Http404
    letterhead = Letterhead.objects.order_by("pk").first()
    has_logo = bool(letterhead and letterhead.logo)
    status = 200
    if request.method == "POST":
        form = LetterheadForm(request.POST, request.FILES, has_logo=has_logo)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.letterhead_save(
                    by=request.user,
                    ministry_ar=data["ministry_ar"],
                    ministry_en=data["ministry_en"],
                    directorate_ar=data["directorate_ar"],
                    directorate_en=data["directorate_en"],
                    logo=data.get("logo"),
                    remove_logo=data.get("remove_logo", False),
                )
            except ValidationError as error:
                form.add_error("logo", error)
            else:
                messages.success(request, _("The letterhead was saved."))
                return redirect("letterhead")
        status = 400
    else:
        initial = {}
        if letterhead is not None:
            initial = {
                name: getattr(letterhead, name)
                for name in ("ministry_ar", "ministry_en", "directorate_ar", "directorate_en")
            }
        form = LetterheadForm(initial=initial, has_logo=has_logo)
    return render(
        request,
        "reports/letterhead.html",
        {"form": form, "letterhead": letterhead, "logo": letterhead.logo_uri if letterhead else ""},
        status=status,
    )


class SummaryForm(forms.Form):
    summary_ar = forms.CharField(
        label=gettext_lazy("Executive summary (Arabic)"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "rtl", "lang": "ar"}),
        required=False,
        max_length=services.TEXT_MAX,
    )
    summary_en = forms.CharField(
        label=gettext_lazy("Executive summary (English)"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "ltr", "lang": "en"}),
        required=False,
        max_length=services.TEXT_MAX,
    )
    recommendations_ar = forms.CharField(
        label=gettext_lazy("Recommendations (Arabic)"),
        widget=forms.Textarea(attrs={"rows": 5, "dir": "rtl", "lang": "ar"}),
        required=False,
        max_length=services.TEXT_MAX,
    )
    recommendations_en = forms.CharField(
        label=gettext_lazy("Recommendations (English)"),
        widget=forms.Textarea(attrs={"rows": 5, "dir": "ltr", "lang": "en"}),
        required=False,
        max_length=services.TEXT_MAX,
    )


def _span(request):
    """The plan and span from the address (the same parameters as the report)."""
    span = ScoreFilterForm(request.GET)
    if not span.is_valid() or span.cleaned_data.get("plan") is None:
        return None
    data = span.cleaned_data
    year = int(data["year"]) if data.get("year") is not None else None
    return data["plan"], year, data.get("quarter") or None


def _span_words(year: int | None, quarter: int | None) -> str:
    """The span in the reader's words: «الربع الرابع 2023», "2023", "the plan so far"."""
    if year and quarter:
        return period_label(year, quarter)
    if year:
        return str(year)
    return _("the plan so far")


def ministry_report_page(request):
    """/reports/ministry/?plan=&year=&quarter=: the executive summary and recommendations
    of the ministry report of a span, and its sign-off (prepared, reviewed, approved)."""
    if not may_sign_ministry_report(request.user):
        raise Http404
    span = _span(request)
    if span is None:
        return HttpResponseBadRequest(_("The report cannot be made from these parameters."))
    plan, year, quarter = span
    record = services.ministry_report_for(plan, year, quarter)
    here = request.get_full_path()
    form = SummaryForm(
        initial={
            name: getattr(record, name)
            for name in ("summary_ar", "summary_en", "recommendations_ar", "recommendations_en")
        }
    )
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            return HttpResponseBadRequest(_("The form is out of date; reload the page."))
        where = {"plan": plan, "year": year, "quarter": quarter, "by": request.user}
        where["version"] = version
        actions = {
            "prepare": services.ministry_report_prepare,
            "review": services.ministry_report_review,
            "approve": services.ministry_report_approve,
        }
        try:
            if action == "save":
                form = SummaryForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("The texts could not be saved; see below."))
                services.ministry_report_save(**where, **form.cleaned_data)
                done = _("The summary and recommendations were saved.")
            elif action == "return":
                services.ministry_report_return(**where, comment=request.POST.get("comment", ""))
                done = _("The report went back to draft.")
            elif action in actions:
                actions[action](**where)
                done = {
                    "prepare": _("The report is marked prepared."),
                    "review": _("The report is marked reviewed."),
                    "approve": _("The report is approved."),
                }[action]
            else:
                return HttpResponseBadRequest(_("Unknown action."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        except Conflict as error:
            messages.error(request, error.message)
            status = 409
        else:
            messages.success(request, done)
            return redirect(here)
        record = services.ministry_report_for(plan, year, quarter)
    query = (
        f"plan={plan.pk}"
        + (f"&year={year}" if year else "")
        + (f"&quarter={quarter}" if quarter else "")
    )
    return render(
        request,
        "reports/ministry_report.html",
        {
            "plan": plan,
            "record": record,
            "form": form,
            "span": _span_words(year, quarter),
            "is_draft": record.status == MinistryReport.Status.DRAFT,
            "may_edit": is_planning_admin(request.user),
            "may_review": may_review_ministry_report(request.user, record),
            "may_approve": may_approve_ministry_report(request.user, record),
            "report_url": reverse("achievement_report") + "?" + query,
        },
        status=status,
    )
