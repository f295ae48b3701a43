"""The achievement report as an Excel workbook (openpyxl): a summary sheet, the indicators
with filters and status colours, a quarter-by-quarter tracking matrix, activities, the
units' approved narratives and what is missing. Right to left in Arabic; percentages are
fractions with a percent format; plain values, no formulas."""

import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language_info, override
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from plans.vocabulary import period_label, words
from plans.workbooks import as_text
from reports.assembly import Report

FILLS = {
    "green": PatternFill("solid", fgColor="E3F4E7"),
    "amber": PatternFill("solid", fgColor="FFF0D6"),
    "red": PatternFill("solid", fgColor="FDE8E6"),
    "grey": PatternFill("solid", fgColor="EEF0F3"),
}
HEADER_FILL = PatternFill("solid", fgColor="0B5D4B")
HEADER_FONT = Font(bold=True, color="FFFFFF")
PERCENT = "0.0%"


def number_format(places: int) -> str:
    """The format of a figure shown with ``places`` decimals: "#,##0" for whole numbers
    (no trailing separator: 250, never "250."), "#,##0.00" for two decimals. An
    indicator's actual and target take the places of ``engine.figure_places``, so that the
    sheet shows what the PDF shows and a reader recomputes the achievement from them."""
    return "#,##0" if places <= 0 else "#,##0." + "0" * places


def fraction(percent: Decimal | None) -> float | None:
    """A percent (87.5) as the fraction Excel formats as a percentage (0.875)."""
    return None if percent is None else float(percent / 100)


def number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def share(value: Decimal | None) -> float | None:
    """A fraction (coverage) as Excel's number, None (an empty cell) when nothing is due."""
    return None if value is None else float(value)


def _sheet(workbook, title: str, rtl: bool, first: bool = False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title[:31]
    sheet.sheet_view.rightToLeft = rtl
    return sheet


def _header(sheet, row: int, titles: list[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=column, value=title)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _fit(sheet, minimum: int = 8, maximum: int = 60) -> None:
    """Column widths that fit their content."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            length = len(str(cell.value)) if not isinstance(cell.value, float) else 10
            widths[cell.column] = max(widths.get(cell.column, 0), length)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = max(
            minimum, min(maximum, width + 2)
        )


def render_xlsx(report: Report) -> bytes:
    rtl = get_language_info(report.language)["bidi"]  # Arabic and Kurdish
    with override(report.language):
        workbook = Workbook()
        _summary(_sheet(workbook, _("Summary"), rtl, first=True), report)
        _indicators(_sheet(workbook, _("Indicators"), rtl), report)
        _matrix(_sheet(workbook, _("Tracking matrix"), rtl), report)
        _activities(_sheet(workbook, _("Activities"), rtl), report)
        _missing(_sheet(workbook, _("Missing or late"), rtl), report)
        _risks(_sheet(workbook, _("Risk register"), rtl), report)
        _scenarios(_sheet(workbook, _("Scenarios"), rtl), report)
        _narratives(_sheet(workbook, _("Narratives"), rtl), report)
        # After the sheets that readers and scripts find by position (issue 17).
        if report.signatures:  # a ministry report: the planning directorate's words
            _executive(_sheet(workbook, _("Executive summary"), rtl), report)
        _compared(_sheet(workbook, _("Compared"), rtl), report)
        _results(_sheet(workbook, _("Best and weakest"), rtl), report)
        _plan_end(_sheet(workbook, _("Plan's end target"), rtl), report)
        if report.cells:  # disaggregated indicators (docs/disaggregation.md)
            _cells(_sheet(workbook, _("Cells by option"), rtl), report)
        as_text(workbook)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _summary(sheet, report: Report) -> None:
    sheet["A1"] = _("Achievement report")
    sheet["A1"].font = Font(bold=True, size=16)
    facts = [
        # The mark keeps "2019–2023" in that order in a right-to-left sheet (LibreOffice and
        # Excel would otherwise show 2023–2019).
        (_("Plan"), f"{report.plan_name} \u200e{report.plan_years}"),
        (_("Scope"), report.scope),
        (_("Span"), report.span),
        (_("Issued on"), timezone.localtime(report.generated).replace(tzinfo=None)),
        (_("Overall score"), fraction(report.score)),
        (_("Status"), report.status_label),
        (_("Coverage"), share(report.coverage)),
        (_("Due values reported"), share(report.due_share)),
    ]
    if report.illustrative:
        facts.append(
            (
                _("Note"),
                _("Illustrative content: this demonstration plan is not the ministry's real plan."),
            )
        )
    for offset, (label, value) in enumerate(facts, start=3):
        sheet.cell(row=offset, column=1, value=label).font = Font(bold=True)
        cell = sheet.cell(row=offset, column=2, value=value)
        if label in (_("Overall score"), _("Coverage"), _("Due values reported")):
            cell.number_format = PERCENT
        if label == _("Issued on"):
            cell.number_format = "yyyy-mm-dd hh:mm"
            cell.alignment = Alignment(
                horizontal="right" if sheet.sheet_view.rightToLeft else "left"
            )
        if label == _("Status"):
            cell.fill = FILLS[report.status]
    row = len(facts) + 5
    _header(sheet, row, [_("Code"), _("Goal"), _("Score"), _("Status"), _("Coverage")])
    for goal in report.goals:
        row += 1
        values = [
            goal.code,
            goal.title,
            fraction(goal.score),
            goal.status_label,
            share(goal.coverage),
        ]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
        sheet.cell(row=row, column=3).number_format = PERCENT
        sheet.cell(row=row, column=5).number_format = PERCENT
        sheet.cell(row=row, column=4).fill = FILLS[goal.status]
    row += 2
    _header(sheet, row, [_("Status"), _("Indicators")])
    for key, label in report.status_labels.items():
        row += 1
        sheet.cell(row=row, column=1, value=label).fill = FILLS[key]
        sheet.cell(row=row, column=2, value=report.counts.get(key, 0))
    _fit(sheet)


def _executive(sheet, report: Report) -> None:
    """The executive summary, the recommendations and the sign-off (names and dates)."""
    row = 1
    if report.letterhead is not None:
        sheet.cell(row=row, column=1, value=report.letterhead.ministry).font = Font(bold=True)
        sheet.cell(row=row + 1, column=1, value=report.letterhead.directorate)
        row += 3
    for title, texts in (
        (_("Executive summary"), report.summary),
        (_("Recommendations"), report.recommendations),
    ):
        sheet.cell(row=row, column=1, value=title).font = Font(bold=True, size=13)
        row += 1
        for _lang, _direction, text in texts:
            cell = sheet.cell(row=row, column=1, value=text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
            sheet.row_dimensions[row].height = min(400, 15 * (1 + len(text) // 90))
            row += 1
        row += 1
    _header(sheet, row, [_("Approval"), _("Name"), _("Date"), _("Status")])
    for signature in report.signatures:
        row += 1
        sheet.cell(row=row, column=1, value=signature.label)
        sheet.cell(row=row, column=2, value=signature.name or "—")
        cell = sheet.cell(row=row, column=3, value=signature.date)
        cell.number_format = "yyyy-mm-dd"
    sheet.cell(row=row, column=4, value=report.signoff_status)
    for column in "ABCD":
        sheet.column_dimensions[column].width = 30


def _compared(sheet, report: Report) -> None:
    """Each goal and objective: the year to date, the quarter alone, last year at the same
    point, the plan to date, the share of the plan's end target reached and the points left
    to it."""
    titles = [
        _("Code"), _("Goal or objective"), _("Year to date"), _("Quarter alone"),
        _("Last year, same point"), _("Change (points)"), _("Plan to date"),
        _("Of the plan's end target"), _("Left to the end target (points)"), _("Status"),
        _("Coverage"),
    ]  # fmt: skip
    _header(sheet, 1, titles)
    row = 1
    sections = [s for goal in report.goals for s in (goal, *goal.sections)]
    for section in sections:
        row += 1
        values = [
            section.code, section.title, fraction(section.score), fraction(section.quarter_score),
            fraction(section.last_year), number(section.change), fraction(section.plan_to_date),
            fraction(section.plan_end), number(section.to_plan_end), section.status_label,
            share(section.coverage),
        ]  # fmt: skip
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
        for column in (3, 4, 5, 7, 8, 11):
            sheet.cell(row=row, column=column).number_format = PERCENT
        for column in (6, 9):
            sheet.cell(row=row, column=column).number_format = "0.0"
        sheet.cell(row=row, column=10).fill = FILLS[section.status]
    notes = [
        (_("Year to date"), report.span),
        (_("Quarter alone"), report.quarter_alone),
        (_("Last year, same point"), report.last_year_span or "—"),
        (_("Plan to date"), report.plan_span or "—"),
    ]
    row += 2
    for label, value in notes:
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        sheet.cell(row=row, column=2, value=value)
        row += 1
    sheet.freeze_panes = "C2"
    _fit(sheet)


def _plan_end(sheet, report: Report) -> None:
    """Each goal, objective and indicator against the plan's end target: the indicators'
    actual so far, end target and what is left (full values, shown with the report's
    decimals), and the share of the end target reached."""
    titles = [
        _("Code"), _("Goal, objective or indicator"), _("Actual so far"), _("End target"),
        _("Left to reach it"), _("Of the plan's end target"),
    ]  # fmt: skip
    _header(sheet, 1, titles)
    row = 1
    for goal in report.goals:
        for section in (goal, *goal.sections):
            row += 1
            sheet.cell(row=row, column=1, value=section.code).font = Font(bold=True)
            sheet.cell(row=row, column=2, value=section.title).font = Font(bold=True)
            sheet.cell(row=row, column=6, value=fraction(section.plan_end))
            sheet.cell(row=row, column=6).number_format = PERCENT
            for item in section.rows:
                row += 1
                end = item.end
                values = [
                    item.code, item.title, number(end.actual) if end else None,
                    number(end.target) if end else None, number(end.remaining) if end else None,
                    fraction(end.reached) if end else None,
                ]  # fmt: skip
                for column, value in enumerate(values, start=1):
                    sheet.cell(row=row, column=column, value=value)
                for column in (3, 4, 5):
                    sheet.cell(row=row, column=column).number_format = number_format(
                        item.end_places
                    )
                sheet.cell(row=row, column=6).number_format = PERCENT
    row += 2
    sheet.cell(row=row, column=1, value=_("Actual so far")).font = Font(bold=True)
    sheet.cell(row=row, column=2, value=report.plan_span or "—")
    sheet.cell(row=row + 1, column=1, value=_("End target")).font = Font(bold=True)
    sheet.cell(row=row + 1, column=2, value=report.plan_years)
    sheet.freeze_panes = "C2"
    _fit(sheet)


def _results(sheet, report: Report) -> None:
    _header(
        sheet,
        1,
        [_("List"), _("Code"), _("Indicator"), _("Unit"), _("Achievement"), _("Status")],
    )
    row = 1
    for title, rows in ((_("Best results"), report.best), (_("Weakest results"), report.weakest)):
        for item in rows:
            row += 1
            values = [title, item.code, item.title, item.unit, fraction(item.achievement)]
            for column, value in enumerate(values, start=1):
                sheet.cell(row=row, column=column, value=value)
            sheet.cell(row=row, column=5).number_format = PERCENT
            sheet.cell(row=row, column=6, value=item.status_label).fill = FILLS[item.status]
    _fit(sheet)


INDICATOR_COLUMNS = 18


def _indicators(sheet, report: Report) -> None:
    titles = [
        _("Code"), _("Indicator"), _("Goal"), _("Objective"), _("Unit"), _("Baseline"),
        _("Target"), _("Actual"), _("Achievement"), _("Quarter target"), _("Quarter actual"),
        _("Quarter achievement"), _("Status"), _("Trend"), _("Coverage"),
        _("Missing quarters"), _("Comment"), _("Correction"),
    ]  # fmt: skip
    _header(sheet, 1, titles)
    row = 1
    for goal in report.goals:
        for objective in goal.sections:
            for item in objective.rows:
                row += 1
                values = [
                    item.code, item.title, goal.code, objective.code, item.unit,
                    number(item.baseline), number(item.target), number(item.actual),
                    fraction(item.achievement) if item.achievement is not None else item.reason,
                    number(item.quarter_target), number(item.quarter_actual),
                    fraction(item.quarter_achievement), item.status_label, item.trend,
                    share(item.coverage), " · ".join(item.missing_named), item.comment,
                    item.corrected,  # "2023-Q3: under correction", as the HTML and PDF say
                ]  # fmt: skip
                for column, value in enumerate(values, start=1):
                    sheet.cell(row=row, column=column, value=value)
                formats = {
                    6: item.baseline_places, 7: item.places, 8: item.places,
                    10: item.quarter_places, 11: item.quarter_places,
                }  # fmt: skip
                for column, places in formats.items():
                    sheet.cell(row=row, column=column).number_format = number_format(places)
                for column in (9, 12, 15):
                    sheet.cell(row=row, column=column).number_format = PERCENT
                sheet.cell(row=row, column=13).fill = FILLS[item.status]
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(INDICATOR_COLUMNS)}{max(row, 1)}"
    _fit(sheet)


def _matrix(sheet, report: Report) -> None:
    """One row per indicator; for every quarter its target, actual and achievement."""
    _header(sheet, 1, [_("Code"), _("Indicator")])
    _header(sheet, 2, ["", ""])
    for index, (year, quarter) in enumerate(report.quarters):
        column = 3 + index * 3
        sheet.merge_cells(start_row=1, start_column=column, end_row=1, end_column=column + 2)
        cell = sheet.cell(row=1, column=column, value=period_label(year, quarter))
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(horizontal="center")
        for offset, title in enumerate((_("Target"), _("Actual"), _("Achievement"))):
            sub = sheet.cell(row=2, column=column + offset, value=title)
            sub.fill, sub.font = HEADER_FILL, HEADER_FONT
    row = 2
    for item in report.rows:
        row += 1
        sheet.cell(row=row, column=1, value=item.code)
        sheet.cell(row=row, column=2, value=item.title)
        for index, (target, actual, score) in enumerate(item.quarters):
            column = 3 + index * 3
            shown = number_format(item.quarters_places[index])
            sheet.cell(row=row, column=column, value=number(target)).number_format = shown
            sheet.cell(row=row, column=column + 1, value=number(actual)).number_format = shown
            sheet.cell(row=row, column=column + 2, value=fraction(score)).number_format = PERCENT
    sheet.freeze_panes = "C3"
    _fit(sheet, maximum=50)


def _activities(sheet, report: Report) -> None:
    titles = [
        _("Unit"), _("Code"), _("Activity"), _("Owner"), _("Planned start"), _("Planned end"),
        _("Expected"), _("Percent complete"), _("Schedule"), _("Planned budget (IQD)"),
        _("Spent (IQD)"),
    ]  # fmt: skip
    _header(sheet, 1, titles)
    labels = words("schedule")
    for row, item in enumerate(report.activities, start=2):
        values = [
            str(item.unit), item.code, str(item.title), str(item.owner), item.start, item.end,
            fraction(item.expected), fraction(item.percent), labels[item.schedule],
            number(item.budget_planned), number(item.budget_spent),
        ]  # fmt: skip
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
        for column in (5, 6):
            sheet.cell(row=row, column=column).number_format = "yyyy-mm-dd"
        for column in (7, 8):
            sheet.cell(row=row, column=column).number_format = PERCENT
        for column in (10, 11):
            sheet.cell(row=row, column=column).number_format = "#,##0"
    sheet.freeze_panes = "A2"
    if report.activities:
        sheet.auto_filter.ref = f"A1:K{len(report.activities) + 1}"
    _fit(sheet)


def _narratives(sheet, report: Report) -> None:
    """The approved narratives, one row each: every part in Arabic and in English, as the
    author wrote them (text, never a formula: ``as_text``)."""
    titles = [
        _("Goal"), _("Objective code"), _("Objective"), _("Unit"), _("Quarter"),
        _("Achievements (Arabic)"), _("Achievements (English)"),
        _("Challenges and their causes (Arabic)"), _("Challenges and their causes (English)"),
        _("Next steps (Arabic)"), _("Next steps (English)"), _("Approved by"), _("Approved on"),
    ]  # fmt: skip
    _header(sheet, 1, titles)
    for row, item in enumerate(report.narratives, start=2):
        values = [
            item.goal_code, item.objective_code, str(item.objective_title), item.unit,
            item.quarter, item.achievements_ar, item.achievements_en, item.challenges_ar,
            item.challenges_en, item.next_steps_ar, item.next_steps_en, item.approved_by,
            item.approved_on,
        ]  # fmt: skip
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value or None)
            if 6 <= column <= 11:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row=row, column=13).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    if report.narratives:
        sheet.auto_filter.ref = f"A1:M{len(report.narratives) + 1}"
    _fit(sheet)


def _cells(sheet, report: Report) -> None:
    """The cells in force of the broken-down indicators, one row per cell and quarter."""
    from plans.vocabulary import period_label

    titles = [
        _("Code"), _("Indicator"), _("Quarter"), _("Option"), _("and by"), _("Value"),
        _("Numerator"), _("Denominator"),
    ]  # fmt: skip
    _header(sheet, 1, titles)
    for row, line in enumerate(report.cells, start=2):
        values = [
            line.code, str(line.title), str(period_label(line.year, line.quarter)), line.first,
            line.second, number(line.value), number(line.numerator), number(line.denominator),
        ]  # fmt: skip
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value if value != "" else None)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:H{len(report.cells) + 1}"
    _fit(sheet)


def _missing(sheet, report: Report) -> None:
    _header(sheet, 1, [_("List"), _("Code"), _("Indicator"), _("Unit"), _("Quarters")])
    row = 1
    for name, items in report.missing.items():
        for code, title, unit, quarters in items:
            row += 1
            values = (report.missing_titles[name], code, title, unit, quarters)
            for column, value in enumerate(values, 1):
                sheet.cell(row=row, column=column, value=value)
    sheet.freeze_panes = "A2"
    _fit(sheet)


BAND_FILLS = {
    "low": PatternFill("solid", fgColor="E3F4E7"),
    "medium": PatternFill("solid", fgColor="FFF0D6"),
    "high": PatternFill("solid", fgColor="FBD3B4"),
    "critical": PatternFill("solid", fgColor="F4B4AE"),
}


def _risks(sheet, report: Report) -> None:
    titles = [
        _("Code"), _("Kind"), _("Risk"), _("Unit"), _("Likelihood"), _("Impact"), _("Score"),
        _("Band"), _("Status"), _("Actions done"), _("Actions open"),
    ]  # fmt: skip
    _header(sheet, 1, titles)
    bands = words("band")
    for row, risk in enumerate(report.risks, start=2):
        values = [
            risk.code, risk.kind, risk.title, risk.unit, risk.likelihood, risk.impact,
            risk.score, bands[risk.band], risk.status, risk.actions_done, risk.actions_open,
        ]  # fmt: skip
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
        sheet.cell(row=row, column=8).fill = BAND_FILLS[risk.band]
    sheet.freeze_panes = "A2"
    if report.risks:
        sheet.auto_filter.ref = f"A1:K{len(report.risks) + 1}"
    _fit(sheet)


def _scenarios(sheet, report: Report) -> None:
    goal_codes = [code for code, _score in report.scenarios[0].goals] if report.scenarios else []
    _header(sheet, 1, [_("Scenario"), _("Assumptions"), _("Score"), *goal_codes, _("Closest")])
    for row, scenario in enumerate(report.scenarios, start=2):
        sheet.cell(row=row, column=1, value=scenario.name)
        sheet.cell(row=row, column=2, value=scenario.assumptions)
        cell = sheet.cell(row=row, column=3, value=fraction(scenario.score))
        cell.number_format = PERCENT
        cell.fill = FILLS[scenario.status]
        for offset, (_code, score) in enumerate(scenario.goals, start=4):
            sheet.cell(row=row, column=offset, value=fraction(score)).number_format = PERCENT
        sheet.cell(row=row, column=4 + len(scenario.goals), value="✓" if scenario.closest else "")
    _fit(sheet)
