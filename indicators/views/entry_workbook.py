"""The quarter's workbook, from and back to the entry page: downloaded pre-filled for the
unit, filled in offline, uploaded on the same page (``indicators.quarter_workbook`` writes
and reads it, ``indicators.services.quarter_workbook`` saves it)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_http_methods

from indicators.forms import ActivityProgressFormSet, EntryFormSet, EntryPageForm, EntryWorkbookForm
from indicators.quarter_workbook import values_workbook
from indicators.selectors import entry as entry_selectors
from indicators.services.quarter_workbook import progress_import
from indicators.views.entry import entry_scope, render_entry_page
from plans.errors import Conflict
from plans.selectors import activities_for_entry, unit_subtree_ids
from plans.services.periods import period_writing
from plans.workbooks import XLSX_TYPE, Problem, WorkbookProblems, WorkbookRefused


@require_http_methods(["GET", "POST"])
def entry_workbook(request, period_id: int):
    """GET: the unit's due indicators of the period as a workbook, with their targets, last
    values and current drafts. POST: that workbook filled in, saved as drafts, all or
    nothing; its problems are listed on the entry page."""
    period, unit = entry_scope(request, period_id)
    if request.method == "POST":
        return _upload(request, period, unit)
    rows = entry_selectors.entry_rows(period, unit_subtree_ids(unit.pk))
    data = values_workbook(
        period=period,
        unit=unit,
        rows=rows,
        writable=period_writing(period, request.user) is not None,
    )
    name = f"marsad-{period.plan.code}-{period.year}-Q{period.quarter}-{unit.code}.xlsx"
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _upload(request, period, unit):
    form = EntryWorkbookForm(request.POST, request.FILES)
    problems = []
    if form.is_valid():
        try:
            result = progress_import(
                period=period,
                unit=unit,
                by=request.user,
                source=form.cleaned_data["workbook"],
                late_reason=form.cleaned_data["late_reason"],
            )
        except WorkbookProblems as error:
            problems = error.problems
        except WorkbookRefused as error:
            problems = [Problem("", None, None, error.message)]
        except ValidationError as error:
            problems = [Problem("", None, None, text) for text in error.messages]
        except (PermissionDenied, Conflict) as error:
            problems = [Problem("", None, None, getattr(error, "message", "") or str(error))]
        else:
            _tell(request, result)
            return redirect(f"{reverse('entry', args=[period.pk])}?unit={unit.pk}")
    unit_ids = unit_subtree_ids(unit.pk)
    writable = period_writing(period, request.user) is not None
    if problems:
        messages.error(
            request,
            _(
                "Nothing from the workbook was saved; correct the problems listed and upload "
                "it again."
            ),
        )
    return render_entry_page(
        request,
        period=period,
        unit=unit,
        page=EntryPageForm(),
        entries=EntryFormSet(
            rows=entry_selectors.entry_rows(period, unit_ids), writable=writable, prefix="entry"
        ),
        progress=ActivityProgressFormSet(
            rows=activities_for_entry(period, unit_ids), writable=writable, prefix="activity"
        ),
        writable=writable,
        status=400,
        workbook_form=form,
        workbook_problems=problems,
    )


def _tell(request, result) -> None:
    if result.saved:
        messages.success(
            request,
            ngettext(
                "%(count)d value from the workbook was saved as a draft; submit it when ready.",
                "%(count)d values from the workbook were saved as drafts; submit them when ready.",
                len(result.saved),
            )
            % {"count": len(result.saved)},
        )
    else:
        messages.info(request, _("The workbook changed no value."))
    if result.kept:
        messages.warning(
            request,
            _(
                "These rows were changed on this page after the workbook was downloaded and "
                "left as the page has them: %(codes)s."
            )
            % {"codes": pgettext("list separator", ", ").join(result.kept)},
        )
