"""The three renderings of one assembled report: HTML preview, PDF and Excel."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language_info, override
from django.utils.translation import gettext as _

from plans import charts
from reports.assembly import Report

PRINT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "report_print.css"


def _charts(report: Report, *, words: bool = True) -> dict:
    rtl = get_language_info(report.language)["bidi"]  # Arabic and Kurdish
    return {
        "status": charts.status_strip(
            report.counts,
            report.status_labels,
            title=_("Indicators by status"),
            rtl=rtl,
            words=words,
        ),
        "heat": charts.heat_map(
            report.risk_cells,
            report.band_of,
            title=_("Risks by likelihood and impact"),
            rtl=rtl,
            cell=44,
            words=words,
            axis_labels=(_("Likelihood →"), _("Impact ↑")),
        ),
    }


def render_preview(report: Report, request) -> str:
    with override(report.language):
        return render_to_string(
            "reports/report_preview.html",
            {"report": report, "charts": _charts(report)},
            request=request,
        )


def render_pdf(report: Report) -> bytes:
    from weasyprint import CSS, HTML

    with override(report.language):
        html = render_to_string(
            "reports/report_print.html",
            {
                "report": report,
                "charts": _charts(report, words=False),
                "page_label": _("Page"),
                "of_label": _("of"),
            },
        )
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(stylesheets=[CSS(filename=str(PRINT_CSS))])
