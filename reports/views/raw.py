"""The raw data export page: /reports/raw/ shows the filters; with ``format`` it answers the
file (Excel or CSV), streamed."""

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language_bidi

from plans.models import OrgUnit
from plans.permissions import role_of, visible_unit_ids
from plans.selectors import default_plan, unit_subtree_ids
from reports.forms_raw import RawExportForm
from reports.raw import RawQuery, csv_lines, write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _an_id(text: str) -> bool:
    return text.isascii() and text.isdigit()


def raw_export(request):
    """/reports/raw/?plan=&unit=&year=&quarter=&status=&format=xlsx|csv"""
    if role_of(request.user) is None:
        raise Http404
    visible = visible_unit_ids(request.user)
    units = OrgUnit.objects.order_by("order", "code")
    if visible is not None:
        units = units.filter(pk__in=visible)
    if "format" not in request.GET:
        plan = default_plan()
        form = RawExportForm(initial={"plan": plan.pk if plan else None}, units=units)
        return render(request, "reports/raw_export.html", {"form": form})
    form = RawExportForm(request.GET, units=units)
    if not form.is_valid() and "unit" in form.errors and _an_id(request.GET.get("unit", "")):
        # A unit the user may not see is not found, as on every other page (and as for a
        # unit that does not exist, so that the answer tells nothing of which units exist).
        raise Http404
    if not form.is_valid():
        return render(request, "reports/raw_export.html", {"form": form}, status=400)
    data = form.cleaned_data
    unit = data.get("unit")
    query = RawQuery(
        plan=data["plan"],
        unit_ids=unit_subtree_ids(unit.pk) if unit else None,
        year=data.get("year"),
        quarter=data.get("quarter"),
        status=data.get("status") or None,
        visible=visible,
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"marsad-entries-{data['plan'].code}-{stamp}"
    if data["format"] == "csv":
        response = StreamingHttpResponse(
            (line.encode("utf-8") for line in csv_lines(query)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    return FileResponse(
        write_xlsx(query, rtl=get_language_bidi()),
        as_attachment=True,
        filename=f"{name}.xlsx",
        content_type=XLSX,
    )
