"""A unit's quarter as a workbook: written for an officer to fill in offline, and read back.

The sheet is described once (``VALUES``, with ``plans.workbooks``): the same spec writes the
download and reads the upload, so a heading exists once and is read in Arabic or English.
One row per indicator of the entry page (``indicators.selectors.entry.entry_rows``): what
identifies it and what the officer needs to see (code, name, responsible unit, unit of
measure, the quarter's and the year's target, the last value), the cells they fill in
(value, or numerator and denominator for a ratio; comment; the note that confirms a flagged
value), the entry's state, and three hidden, locked columns that carry what the page's
hidden inputs carry: the period, the entry's version and a fingerprint of the values the
row showed (``shown_key``). The sheet is protected (without a password: it guards against
slips, the server checks everything again) and only the cells that may be filled in are
unlocked.

Reading the upload back is ``read_values``: the toolkit's reader, which refuses whatever is
not a plain value (formulas, merged cells, hidden sheets, foreign columns) with located
messages. What the values mean is decided by ``indicators.services.quarter_workbook``.
"""

import hashlib
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter

from indicators.models import Measure
from plans import workbooks
from plans.workbooks import Column, SheetSpec

VALUES = SheetSpec(
    "values",
    gettext_lazy("Values"),
    (
        Column("code", gettext_lazy("Code"), kind="code", required=True, width=12),
        Column("indicator", gettext_lazy("Indicator"), width=44),
        Column("unit", gettext_lazy("Responsible unit"), width=24),
        Column("measure", gettext_lazy("Unit of measure"), width=22),
        Column("quarter_target", gettext_lazy("Quarter target"), width=12),
        Column("year_target", gettext_lazy("Year target"), width=12),
        Column("last_value", gettext_lazy("Last value"), width=12),
        Column("last_period", gettext_lazy("Quarter of the last value"), width=18),
        # A value in a cell formatted as a percentage is read as the percentage it shows
        # (45% is 45), for an indicator measured as a percentage only (the import checks).
        Column("value", gettext_lazy("Value"), kind="number", width=14, percent="shown"),
        Column("numerator", gettext_lazy("Numerator"), kind="number", width=14, percent="refuse"),
        Column(
            "denominator", gettext_lazy("Denominator"), kind="number", width=14, percent="refuse"
        ),
        Column("comment", gettext_lazy("Comment"), max_length=4000, width=36),
        Column("quality_note", gettext_lazy("Why this value is right"), width=30),
        Column("status", gettext_lazy("State"), width=14),
        Column("period", gettext_lazy("Period (do not change)"), kind="integer", required=True),
        Column("version", gettext_lazy("Version (do not change)"), kind="integer"),
        Column("shown", gettext_lazy("As downloaded (do not change)"), kind="code"),
    ),
)
INSTRUCTIONS = gettext_lazy("Instructions")
# The cells an officer fills in, and the columns that carry the page's hidden inputs.
FILLED = ("value", "numerator", "denominator", "comment", "quality_note")
HIDDEN = ("period", "version", "shown")


def cell_text(text: str | None) -> str:
    """Text as a cell can hold it: without the control characters a workbook cannot store
    (openpyxl refuses them), with one kind of line break. Comparisons use the same form, so
    that a comment read back from the file equals the one written into it."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return ILLEGAL_CHARACTERS_RE.sub("", text).strip()


def _figure(number: Decimal | None) -> str:
    return "" if number is None else format(number.normalize(), "f")


def shown_key(values: dict) -> str:
    """A fingerprint of what a row shows in the cells an officer fills in: equal on upload
    when the row was left as downloaded (the page's ``show_hidden_initial``), so that a row
    nobody touched is never written, even when the entry changed on the page meanwhile."""
    parts = [
        _figure(values.get(name)) if name in ("value", "numerator", "denominator") else
        cell_text(values.get(name))
        for name in FILLED
    ]  # fmt: skip
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20]


def _shown(row) -> dict:
    """What the row's cells show of its entry (a ratio's value is worked out, not typed)."""
    entry = row.entry
    if entry is None:
        return dict.fromkeys(FILLED)
    ratio = row.is_ratio
    return {
        "value": None if ratio else entry.value,
        "numerator": entry.numerator if ratio else None,
        "denominator": entry.denominator if ratio else None,
        "comment": cell_text(entry.comment),
        "quality_note": cell_text(entry.quality_note),
    }


def _measure(indicator) -> str:
    label = str(indicator.get_measure_display())
    if indicator.measure == Measure.RATIO:
        parts = [
            f"{_('Numerator')}: {indicator.numerator_label}" if indicator.numerator_label else "",
            f"{_('Denominator')}: {indicator.denominator_label}"
            if indicator.denominator_label
            else "",
        ]
        if any(parts):
            label += " (" + "; ".join(p for p in parts if p) + ")"
    return label


def _last(row):
    """The latest earlier quarter with a value, as (value, its quarter's label)."""
    for past, entry in reversed(row.history):
        if entry is not None and entry.value is not None:
            return entry.value, str(past)
    return None, ""


def _sheet_rows(period, rows) -> list[dict]:
    found = []
    for row in rows:
        indicator, entry = row.indicator, row.entry
        shown = _shown(row)
        last_value, last_period = _last(row)
        found.append(
            {
                "code": indicator.code,
                "indicator": cell_text(indicator.title),
                "unit": cell_text(indicator.unit.name),
                "measure": _measure(indicator),
                "quarter_target": row.quarter_target,
                "year_target": row.year_target,
                "last_value": last_value,
                "last_period": last_period,
                **shown,
                "status": str(entry.get_status_display()) if entry else _("Not entered"),
                "period": period.pk,
                "version": entry.version if entry else None,
                "shown": shown_key(shown),
            }
        )
    return found


def values_workbook(*, period, unit, rows, writable: bool) -> bytes:
    """The workbook of a unit's quarter in the active language (right to left in Arabic):
    an instructions sheet and the values sheet, one row per entry row of the page. Only the
    cells of rows that may still be changed are open for typing (all of them stay locked
    when ``writable`` is false: the period is not open to this user)."""
    language = translation.get_language() or "ar"
    rtl = not language.startswith("en")
    workbook = workbooks.new_workbook()
    _instructions(workbook, period=period, unit=unit, rtl=rtl)
    sheet = workbooks.add_sheet(workbook, VALUES, _sheet_rows(period, rows), rtl=rtl)
    letters = {column.key: get_column_letter(i) for i, column in enumerate(VALUES.columns, 1)}
    other = "en" if rtl else "ar"
    for index, column in enumerate(VALUES.columns, start=1):
        # Bilingual headings: the other language's heading as the cell's note.
        heading = sheet.cell(row=1, column=index)
        heading.comment = Comment(column.headings()[other], "Marsad")
        heading.alignment = Alignment(wrap_text=True, vertical="top")
    for key in HIDDEN:
        sheet.column_dimensions[letters[key]].hidden = True
    for number, row in enumerate(rows, start=2):
        if not (writable and row.editable):
            continue
        open_cells = ("numerator", "denominator") if row.is_ratio else ("value",)
        if row.indicator.measure == Measure.PERCENTAGE:
            # Excel turns "45%" typed into a number cell into 0.45; in a text cell it stays
            # "45%", which is read as 45 (parse_decimal takes the percent sign).
            sheet[f"{letters['value']}{number}"].number_format = "@"
        for key in (*open_cells, "comment", "quality_note"):
            sheet[f"{letters[key]}{number}"].protection = Protection(locked=False)
        for key in ("comment", "quality_note"):
            sheet[f"{letters[key]}{number}"].alignment = Alignment(wrap_text=True)
    # Protected without a password: a guard against slips (typing over a code, unhiding the
    # version), not a security boundary; the upload is checked cell by cell all the same.
    sheet.protection.sheet = True
    sheet.protection.autoFilter = False
    sheet.protection.sort = False
    sheet.auto_filter.ref = f"A1:{letters['status']}{max(len(rows), 0) + 1}"
    workbook.active = workbook.index(sheet)
    return workbooks.save(workbook)


def _instructions(workbook, *, period, unit, rtl: bool) -> None:
    sheet = workbook.create_sheet(str(INSTRUCTIONS))
    sheet.sheet_view.rightToLeft = rtl
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 90
    lines = [
        (_("Quarterly entry"), ""),
        (_("Plan"), period.plan.name),
        (_("Unit"), unit.name),
        (_("Period"), str(period)),
        (_("Closes on"), period.closes_on.isoformat() if period.closes_on else ""),
        ("", ""),
        (
            _("How to fill it in"),
            _(
                "On the sheet “%(sheet)s”, type each indicator's value for the quarter (for a "
                "ratio, its numerator and denominator), and a comment if you wish. Numbers "
                "may be typed with Arabic-Indic digits (١٢٣٫٥) or Western ones (123.5)."
            )
            % {"sheet": VALUES.title},
        ),
        (
            "",
            _(
                "Then upload the file on the quarter's entry page. Your values are saved as "
                "drafts; submit them on the page. Nothing is saved unless every row can be."
            ),
        ),
        (
            "",
            _(
                "Leave the codes and the hidden columns as they are, add no rows or sheets, "
                "and type values rather than formulas. A row changed on the page after you "
                "downloaded this file is not overwritten: download the file again."
            ),
        ),
    ]
    for number, (label, text) in enumerate(lines, start=1):
        sheet.cell(row=number, column=1, value=cell_text(str(label)) or None).font = Font(bold=True)
        cell = sheet.cell(row=number, column=2, value=cell_text(str(text)) or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=14)


def read_values(workbook):
    """The rows of an uploaded quarter's workbook (``plans.workbooks.Row``, every cell read
    by its column's kind) and the problems of the file's sheets and headings."""
    sheets, problems = workbooks.find_sheets(workbook, [VALUES], also=[INSTRUCTIONS])
    sheet = sheets.get("values")
    if sheet is None:
        missing = _("The workbook has no sheet “%(sheet)s”; download the quarter's workbook.")
        return [], [*problems, workbooks.Problem("", None, None, missing % {"sheet": VALUES.title})]
    reader = workbooks.SheetReader(sheet, VALUES)
    return list(reader.rows()), problems + reader.problems
