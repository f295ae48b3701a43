"""The three renderings of one assembled report: HTML preview, PDF and Excel."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
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


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string, safe inside a <style> element (no markup, no way
    out of the string)."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " ·,.-–—()/:" else f"\\{ord(ch):x} " for ch in text
    )
    return mark_safe(f'"{escaped}"')  # noqa: S308 — every other character is escaped


def render_pdf(report: Report) -> bytes:
    """The report as a PDF, laid out in parts joined afterwards: the cover and contents,
    the summary, each goal (the last with the sections after the goals) and the annex.

    One document of a ministry's 3,000 indicators took WeasyPrint a gigabyte and more
    than a minute; a part holds a goal at most while it is laid out. Since each part
    counts its own pages, the contents are written with the page numbers the parts were
    found at, and "page N of M" is drawn once for the whole report (report_pages.html)
    and set on each page of the same rank."""
    from weasyprint import CSS, HTML
    from weasyprint.formatting_structure.boxes import MarginBox
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(PRINT_CSS), font_config=fonts)

    def laid_out(template, context):
        with override(report.language):
            html = render_to_string(template, context)
        return HTML(string=html, base_url=str(settings.BASE_DIR)).render(
            stylesheets=[stylesheet], font_config=fonts
        )

    with override(report.language):
        running = f"{_('Achievement report')} · {report.scope} · {report.span}"
    common = {
        "report": report,
        "charts": _charts(report, words=False),
        "running": running,
        "running_css": _css_string(running),
    }

    def part(names, goal_ids=(), toc_pages=None, goal_pages=None):
        return laid_out(
            "reports/report_print.html",
            common
            | {
                "parts": names,
                "goal_ids": list(goal_ids),
                "toc_pages": toc_pages,
                "goal_pages": goal_pages,
            },
        )

    goals = report.goals
    body = [["front"] if goals else ["front", "tail"]]
    body += [
        ["goal", goal.id, *(["tail"] if i == len(goals) - 1 else [])]
        for i, goal in enumerate(goals)
    ]
    body.append(["annex"])
    pages, anchors = [], {}  # anchor → its page, counted from the first page after the cover
    for names in body:
        document = part(
            [n for n in names if isinstance(n, str)], [n for n in names if isinstance(n, int)]
        )
        for page in document.pages:
            for anchor in page.anchors:
                anchors.setdefault(anchor, len(pages))
            pages.append(page)
        del document

    def numbered(offset):
        at = {anchor: offset + index + 1 for anchor, index in anchors.items()}
        goal_pages = {goal.code: at.get(f"goal-{goal.code}") for goal in goals}
        return at, goal_pages

    # The contents' length does not depend on its numbers but for a wrap: lay it out with
    # the numbers of the length found until they agree.
    cover_length = 2
    for _attempt in range(3):
        toc_pages, goal_pages = numbered(cover_length)
        cover = part(["cover"], toc_pages=toc_pages, goal_pages=goal_pages)
        if len(cover.pages) == cover_length:
            break
        cover_length = len(cover.pages)
    joined = [*cover.pages, *pages]

    with override(report.language):
        numbers = laid_out(
            "reports/report_pages.html",
            {
                "language": report.language,
                "pages": range(len(joined)),
                "page_label": _("Page"),
                "of_label": _("of"),
            },
        )
    for page, number_page in zip(joined, numbers.pages, strict=True):
        footer = [
            box
            for box in number_page._page_box.children
            if isinstance(box, MarginBox) and box.at_keyword == "@bottom-center"
        ]
        page._page_box.children = (
            *(
                box
                for box in page._page_box.children
                if not (isinstance(box, MarginBox) and box.at_keyword == "@bottom-center")
            ),
            *footer,
        )
    return cover.copy(joined).write_pdf()
