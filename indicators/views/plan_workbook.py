"""The plan workbook in the plan builder: a plan downloaded as Excel, the empty template,
and importing a workbook (upload, preview of what will be created, changed and left alone,
then confirm). For the planning admin only (``plans.views.builder.require_builder``:
other members 403, outsiders 404).

Between the preview and the confirmation the workbook is kept on the server under the
user's own folder (``indicators.plan_workbook.uploads``); the page sends back only its
token, so nothing the browser holds is trusted.
"""

from pathlib import Path

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from indicators.forms_workbook import PlanWorkbookForm
from indicators.plan_workbook.export import empty_template, export_plan
from indicators.plan_workbook.importer import plan_import
from indicators.plan_workbook.uploads import upload_discard, upload_keep, upload_take
from plans.models import StrategicPlan
from plans.views.builder import require_builder
from plans.workbooks import XLSX_TYPE, max_bytes

# The page lists at most this many problems (the command prints every one).
SHOWN_PROBLEMS = 500


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def plan_workbook_download(request, pk: int):
    """The plan as the plan workbook, in the page's language (9 queries)."""
    require_builder(request.user)
    plan = get_object_or_404(StrategicPlan, pk=pk)
    return _xlsx(export_plan(plan), f"{plan.code}.xlsx")


def plan_workbook_template(request):
    """The plan workbook without rows, to fill in from scratch."""
    require_builder(request.user)
    return _xlsx(empty_template(), "marsad-plan-template.xlsx")


def plan_import_page(request, pk: int | None = None):
    """Import a workbook into this plan (``pk``) or into the plan its Plan sheet names.

    POST ``action=preview`` with the file: checks it all and, when nothing is wrong, keeps
    it and shows what would change; ``action=confirm`` with the token imports it;
    ``action=cancel`` forgets it.
    """
    require_builder(request.user)
    plan = get_object_or_404(StrategicPlan, pk=pk) if pk else None
    plan_code = plan.code if plan else None
    context = {"plan": plan, "form": PlanWorkbookForm()}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "preview":
            form = PlanWorkbookForm(request.POST, request.FILES)
            context["form"] = form
            if form.is_valid():
                context.update(_preview(request, form.cleaned_data["workbook"], plan_code))
        elif action == "confirm":
            kept = upload_take(user=request.user, token=request.POST.get("token", ""))
            if kept is None or kept.plan_code != plan_code:
                messages.error(
                    request, _("The uploaded workbook is no longer kept; upload it again.")
                )
                return redirect(request.path)
            result = plan_import(
                by=request.user, source=kept.data, file_name=kept.name, plan_code=plan_code
            )
            upload_discard(user=request.user, token=kept.token)
            if result.saved:
                messages.success(
                    request,
                    _(
                        "The workbook was imported: %(created)s rows created, %(changed)s "
                        "changed, %(unchanged)s unchanged."
                    )
                    % {
                        "created": result.total("created"),
                        "changed": result.total("changed"),
                        "unchanged": result.total("unchanged"),
                    },
                )
                return redirect("builder_tree", pk=result.plan.pk)
            context.update(_shown(result, kept.name))
        elif action == "cancel":
            upload_discard(user=request.user, token=request.POST.get("token", ""))
            messages.info(request, _("The import was cancelled; nothing was changed."))
            return redirect(request.path)
        else:
            return HttpResponseBadRequest(_("Unknown action."))
    return render(request, "builder/plan_import.html", context)


def _preview(request, upload, plan_code) -> dict:
    name = Path(upload.name or "").name[:200] or "workbook.xlsx"
    source = upload if upload.size > max_bytes() else upload.read()
    result = plan_import(
        by=request.user, source=source, file_name=name, plan_code=plan_code, dry_run=True
    )
    shown = _shown(result, name)
    if result.ok:
        shown["token"] = upload_keep(user=request.user, data=source, name=name, plan_code=plan_code)
    return shown


def _shown(result, name: str) -> dict:
    return {
        "result": result,
        "file_name": name,
        "problems": result.problems[:SHOWN_PROBLEMS],
        "more_problems": max(0, len(result.problems) - SHOWN_PROBLEMS),
    }
