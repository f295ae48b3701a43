"""Workbooks in and out: the one place that reads an uploaded ``.xlsx`` safely, cell by cell
with located problems, and that writes Marsad's own workbooks so that no text becomes a
formula.

A workbook that people fill in is described by ``SheetSpec``s (a sheet's title and its
``Column``s). The same spec writes the template or an export (``add_sheet``) and reads the
upload back (``SheetReader``), so a heading exists once. Headings and sheet titles are read
in Arabic or English whatever the language of the page, so a file exported in one language
can be filled in and imported from the other.

What is refused, and why:

- a file that is not an Office Open XML workbook, one with macros (``.xlsm``), one larger than
  ``MARSAD_WORKBOOK_MAX_BYTES`` or one that unpacks to much more than that (a zip bomb):
  ``WorkbookRefused``, a message for the file as a whole;
- formulas: Marsad reads values only. A formula's cached value is what the spreadsheet last
  showed, which openpyxl-written or hand-edited files may not hold at all, so a formula cell
  is a located problem that asks for the value to be pasted instead;
- merged cells, hidden sheets, sheets and columns the template does not have: each a located
  problem (a merged or hidden cell is data nobody sees while filling the sheet in);
- a number in a cell formatted as a percentage (Excel stores 45% as 0.45): a column says
  what it does with one (``Column.percent``): read it as the percentage shown (45), or
  refuse it with a located message; by default it is read as stored.

Every problem carries the sheet, the row and the column as Excel shows them (``C12``), so a
planner can find it; readers collect all of them before anything is written.
"""

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from plans.inputs import ARABIC_DIGITS, decimal_problem, parse_decimal

LANGUAGES = ("ar", "en")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What a spreadsheet would take as the start of a formula (or of a DDE command).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def as_text(workbook) -> None:
    """Every string in the workbook is written as a string, never as a formula.

    openpyxl turns any string starting with "=" into a formula, and the workbook holds text
    that people typed (comments, names, titles): an officer's ``=HYPERLINK(...)`` must reach
    the reader as those characters. Marsad writes no formulas, so every string cell becomes
    a plain string, and one that looks like a formula is also marked quote-prefixed, so that
    Excel keeps it as text even when someone edits the cell.
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                    if cell.value.startswith(FORMULA_LEADS):
                        cell.quotePrefix = True


# --- Problems --------------------------------------------------------------------------------


class WorkbookRefused(Exception):
    """The file as a whole cannot be read; ``message`` says why, translated."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an uploaded workbook, where a person would look for it."""

    sheet: str
    row: int | None
    column: str | None  # Excel's letters: "C"
    message: str

    @property
    def cell(self) -> str:
        """``C12``, ``C`` (a whole column), ``12`` (a whole row) or empty (the sheet)."""
        return f"{self.column or ''}{self.row or ''}"

    def __str__(self) -> str:
        if self.column and self.row:
            where = _("sheet “%(sheet)s”, cell %(cell)s") % {"sheet": self.sheet, "cell": self.cell}
        elif self.column:
            where = _("sheet “%(sheet)s”, column %(column)s") % {
                "sheet": self.sheet,
                "column": self.column,
            }
        elif self.row:
            where = _("sheet “%(sheet)s”, row %(row)s") % {"sheet": self.sheet, "row": self.row}
        elif self.sheet:
            where = _("sheet “%(sheet)s”") % {"sheet": self.sheet}
        else:
            return self.message
        return f"{where}: {self.message}"


class WorkbookProblems(Exception):
    """Everything wrong with a workbook, found before anything was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


# --- Describing a sheet ------------------------------------------------------------------------


def in_each_language(text) -> dict[str, str]:
    """A lazy translation as each language writes it."""
    found = {}
    for language in LANGUAGES:
        with translation.override(language):
            found[language] = str(text)
    return found


def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


@dataclass(frozen=True)
class Column:
    """A column of a sheet people fill in.

    ``kind`` is how a cell is read: "text", "code" (text without spaces inside), "number"
    (a decimal, Arabic-Indic digits included), "integer", "choice" (one of ``choices``, given
    as its stored value or as its Arabic or English label), "flag" (yes/no) or "date" (a
    date cell, or text written 2024-01-31, Arabic-Indic digits included).
    """

    key: str
    heading: object  # a lazy translation
    kind: str = "text"
    required: bool = False
    choices: tuple[tuple[str, object], ...] = ()  # (stored value, lazy label)
    max_length: int | None = None
    width: int = 16
    help: object = ""  # a lazy translation, shown on the instructions sheet
    # A number in a cell formatted as a percentage (45% is stored as 0.45): "shown" reads
    # the percentage Excel shows (45) and marks the cell in ``Row.percent``, "refuse" makes
    # it a problem of the cell, None reads what is stored (0.45).
    percent: str | None = None

    def headings(self) -> dict[str, str]:
        return in_each_language(self.heading)

    def choice_labels(self, language: str) -> list[str]:
        with translation.override(language):
            return [str(label) for _value, label in self.choices]


def choices_of(text_choices) -> tuple[tuple[str, object], ...]:
    """A Django ``TextChoices`` as a column's choices."""
    return tuple((member.value, member.label) for member in text_choices)


@dataclass(frozen=True)
class SheetSpec:
    key: str
    title: object  # a lazy translation
    columns: tuple[Column, ...]

    def titles(self) -> dict[str, str]:
        return in_each_language(self.title)

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


# --- Reading ------------------------------------------------------------------------------------


def max_bytes() -> int:
    return int(getattr(settings, "MARSAD_WORKBOOK_MAX_BYTES", 20 * 1024 * 1024))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def open_workbook(source) -> Workbook:
    """The uploaded workbook (a file object, bytes or a path), or ``WorkbookRefused``."""
    limit = max_bytes()
    if isinstance(source, bytes):
        data = source
    elif hasattr(source, "read"):
        if getattr(source, "size", None) is not None and source.size > limit:
            raise WorkbookRefused(_too_large(limit))
        data = source.read(limit + 1)
    else:
        with open(source, "rb") as handle:
            data = handle.read(limit + 1)
    if len(data) > limit:
        raise WorkbookRefused(_too_large(limit))
    not_a_workbook = _(
        "This file is not an Excel workbook (.xlsx). Save it from Excel or LibreOffice as "
        "“Excel Workbook (.xlsx)” and upload it again."
    )
    if not data.startswith(b"PK\x03\x04"):
        raise WorkbookRefused(not_a_workbook)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise WorkbookRefused(not_a_workbook) from error
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise WorkbookRefused(not_a_workbook)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise WorkbookRefused(
            _("This workbook holds macros. Save it as “Excel Workbook (.xlsx)” without macros.")
        )
    if unpacked > 10 * limit:
        raise WorkbookRefused(_too_large(limit))
    try:
        return load_workbook(io.BytesIO(data), data_only=False, keep_vba=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise WorkbookRefused(not_a_workbook) from error


def _too_large(limit: int) -> str:
    return _("The file is larger than %(size)s MB, the most Marsad reads.") % {
        "size": _megabytes(limit)
    }


def find_sheets(
    workbook: Workbook, specs: Iterable[SheetSpec], *, also: Iterable[object] = ()
) -> tuple[dict[str, object], list[Problem]]:
    """The workbook's sheets by spec key, and the problems of its sheets as a whole: a hidden
    sheet, a sheet the template does not have. ``also`` names sheets Marsad writes and reads
    nothing from (instructions, the lists behind the drop-downs)."""
    by_title = {}
    for spec in specs:
        for title in spec.titles().values():
            by_title[_key(title)] = spec.key
    known = {_key(title) for text in also for title in in_each_language(text).values()}
    found, problems = {}, []

    def refuse(sheet, message: str) -> None:
        problems.append(Problem(sheet.title, None, None, message))

    unknown = _("The template has no sheet of this name; remove it or rename it.")
    for sheet in workbook.worksheets:
        key = by_title.get(_key(sheet.title))
        if key is None:
            if _key(sheet.title) not in known:
                refuse(sheet, unknown)
            continue
        if sheet.sheet_state != "visible":
            refuse(
                sheet,
                _("This sheet is hidden. Show it (or delete it) so that what is imported is seen."),
            )
        if key in found:
            refuse(sheet, _("This sheet appears twice."))
            continue
        found[key] = sheet
    for sheet in workbook.chartsheets:
        refuse(sheet, unknown)
    return found, problems


@dataclass
class Row:
    """A filled-in row: its number as Excel shows it, its values by column key (None when
    the cell is empty or wrong), and its problems."""

    number: int
    values: dict
    sheet: str = ""
    problems: list[Problem] = field(default_factory=list)
    cells: dict = field(default_factory=dict)  # column key → Excel letters
    percent: set = field(default_factory=set)  # keys of cells read as the percentage shown

    def problem(self, key: str, message: str) -> Problem:
        """Record a problem of the cell in column ``key`` (the service's checks use it)."""
        found = Problem(self.sheet, self.number, self.cells.get(key), message)
        self.problems.append(found)
        return found


class SheetReader:
    """Reads one sheet by its spec: the heading row first (row 1), then every non-empty row.

    ``problems`` holds the sheet-level ones (missing, unknown or repeated headings, merged
    cells) as soon as the reader is made; each ``Row`` holds its own.
    """

    def __init__(self, sheet, spec: SheetSpec):
        self.sheet, self.spec = sheet, spec
        self.problems: list[Problem] = []
        self.letters: dict[str, str] = {}
        self._index: dict[str, int] = {}
        by_heading = {}
        for column in spec.columns:
            for heading in column.headings().values():
                by_heading[_key(heading)] = column
        heading_row = next(sheet.iter_rows(min_row=1, max_row=1), ())
        for cell in heading_row:
            if cell.value is None or str(cell.value).strip() == "":
                continue
            letter = get_column_letter(cell.column)
            column = by_heading.get(_key(cell.value))
            if column is None:
                self.problems.append(
                    Problem(
                        sheet.title,
                        1,
                        letter,
                        _("The template has no column “%(heading)s”; remove the column.")
                        % {"heading": str(cell.value).strip()},
                    )
                )
            elif column.key in self._index:
                self.problems.append(
                    Problem(sheet.title, 1, letter, _("This column appears twice."))
                )
            else:
                self._index[column.key] = cell.column - 1
                self.letters[column.key] = letter
        for column in spec.columns:
            if column.required and column.key not in self._index:
                self.problems.append(
                    Problem(
                        sheet.title,
                        1,
                        None,
                        _("The column “%(heading)s” is missing.")
                        % {"heading": str(column.heading)},
                    )
                )
        for merged in sheet.merged_cells.ranges:
            self.problems.append(
                Problem(
                    sheet.title,
                    merged.min_row,
                    get_column_letter(merged.min_col),
                    _(
                        "The cells %(range)s are merged; unmerge them so that each holds "
                        "its own value."
                    )
                    % {"range": merged.coord},
                )
            )

    def rows(self) -> Iterator[Row]:
        width = max(self._index.values(), default=-1) + 1
        for cells in self.sheet.iter_rows(min_row=2):
            if not cells:
                continue
            raw = [cells[i] if i < len(cells) else None for i in range(max(width, len(cells)))]
            if all(_empty(cell) for cell in raw):
                continue
            number = cells[0].row
            row = Row(number=number, values={}, sheet=self.sheet.title, cells=dict(self.letters))
            for column in self.spec.columns:
                index = self._index.get(column.key)
                if index is None:  # a missing column is one problem of the sheet, not one per row
                    row.values[column.key] = None
                    continue
                cell = raw[index] if index < len(raw) else None
                row.values[column.key] = self._read(row, column, cell)
            for index, cell in enumerate(raw):
                if index not in self._index.values() and not _empty(cell):
                    row.problems.append(
                        Problem(
                            self.sheet.title,
                            number,
                            get_column_letter(index + 1),
                            _("This cell is outside the template's columns; clear it."),
                        )
                    )
            yield row

    def _read(self, row: Row, column: Column, cell):
        value = None if cell is None else cell.value
        if cell is not None and (cell.data_type == "f" or _is_formula_object(value)):
            row.problem(
                column.key,
                _(
                    "This cell holds a formula. Marsad reads values only: copy the cell and "
                    "paste it as a value."
                ),
            )
            return None
        if isinstance(value, str):
            value = value.strip()
            if "\x00" in value:
                row.problem(column.key, _("This cell holds a character that is not allowed."))
                return None
        if value is None or value == "":
            if column.required:
                row.problem(column.key, _("This cell is required."))
            return None
        reader = _READERS[column.kind]
        shown_as_percent = (
            column.percent is not None
            and column.kind in ("number", "integer")
            and isinstance(value, int | float)
            and not isinstance(value, bool)
            and is_percent_format(cell.number_format)
        )
        if shown_as_percent:
            shown = Decimal(repr(value)) * 100 if isinstance(value, float) else Decimal(value) * 100
            if column.percent == "refuse":
                row.problem(
                    column.key,
                    _(
                        "This cell is formatted as a percentage (it shows %(shown)s%%), but "
                        "the column holds a plain number: format the cell as a number and "
                        "type the number itself."
                    )
                    % {"shown": _plain(shown)},
                )
                return None
            value = int(shown) if shown == shown.to_integral() else shown.normalize()
            row.percent.add(column.key)
        try:
            return reader(column, value)
        except ValidationError as error:
            row.problem(column.key, " ".join(error.messages))
            return None


def is_percent_format(number_format) -> bool:
    """Whether Excel shows a cell of this number format as a percentage (``0%``,
    ``0.00%``; a ``%`` inside quotes or escaped is a literal sign, not a percentage)."""
    text = re.sub(r'"[^"]*"|\\.', "", str(number_format or ""))
    return "%" in text


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _empty(cell) -> bool:
    return (
        cell is None
        or cell.value is None
        or (isinstance(cell.value, str) and not cell.value.strip())
    )


def _is_formula_object(value) -> bool:
    return type(value).__name__ in {"ArrayFormula", "DataTableFormula"}


def _read_text(column: Column, value) -> str:
    if isinstance(value, bool | datetime | date | time):
        raise ValidationError(_("Enter text here."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if column.max_length and len(text) > column.max_length:
        raise ValidationError(
            _("At most %(count)s characters (this cell has %(length)s).")
            % {"count": column.max_length, "length": len(text)}
        )
    return text


def _read_code(column: Column, value) -> str:
    text = _read_text(column, value)
    if any(character.isspace() for character in text):
        raise ValidationError(_("A code has no spaces."))
    return text


def _read_number(column: Column, value) -> Decimal:
    if isinstance(value, bool | datetime | date | time):
        raise ValidationError(_("Enter a number, such as 1250 or 12.5."))
    if isinstance(value, int | float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if (problem := decimal_problem(number)) is not None:
            raise ValidationError(problem[1])
        return number.normalize() if number == number.to_integral() else number
    return parse_decimal(str(value))


def _read_integer(column: Column, value) -> int:
    number = _read_number(column, value)
    if number != number.to_integral_value():
        raise ValidationError(_("Enter a whole number."))
    return int(number)


def _read_choice(column: Column, value) -> str:
    text = _key(_read_text(column, value))
    for stored, label in column.choices:
        names = {_key(stored), *(_key(name) for name in in_each_language(label).values())}
        if text in names:
            return stored
    choices = pgettext("list separator", ", ").join(
        column.choice_labels(translation.get_language() or "ar")
    )
    raise ValidationError(_("Choose one of: %(choices)s.") % {"choices": choices})


def _read_flag(column: Column, value) -> bool:
    if isinstance(value, bool):
        return value
    text = _key(str(value))
    if text in {"yes", "true", "1", "نعم", _key(_("Yes"))}:
        return True
    if text in {"no", "false", "0", "لا", _key(_("No"))}:
        return False
    raise ValidationError(_("Write yes or no."))


def _read_date(column: Column, value) -> date:
    if isinstance(value, datetime):
        if value.time() != time(0, 0):
            raise ValidationError(_("Enter a date without a time, such as 2024-01-31."))
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).translate(ARABIC_DIGITS).strip()
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise ValidationError(_("Enter a date, such as 2024-01-31."))


_READERS: dict[str, Callable] = {
    "text": _read_text,
    "code": _read_code,
    "number": _read_number,
    "integer": _read_integer,
    "choice": _read_choice,
    "flag": _read_flag,
    "date": _read_date,
}


# --- Writing ------------------------------------------------------------------------------------

HEADING_FONT = Font(bold=True, color="FFFFFF")
HEADING_FILL = PatternFill("solid", fgColor="1F4E79")
REQUIRED_FILL = PatternFill("solid", fgColor="9C2A00")


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


class ListsSheet:
    """The sheet that holds the values of the drop-down lists (data validation), one column
    per list, written once per workbook and read by nothing on import."""

    title = gettext_lazy("Lists")

    def __init__(self, workbook: Workbook, *, rtl: bool):
        self.sheet = workbook.create_sheet(str(self.title))
        self.sheet.sheet_view.rightToLeft = rtl
        self._columns: dict[tuple, str] = {}

    def range_for(self, name: str, values: list[str]) -> str:
        """A formula for a data validation list of ``values`` (kept once per name)."""
        key = (name, tuple(values))
        if key not in self._columns:
            index = len(self._columns) + 1
            letter = get_column_letter(index)
            self.sheet.cell(row=1, column=index, value=name).font = Font(bold=True)
            for row, value in enumerate(values, start=2):
                self.sheet.cell(row=row, column=index, value=value)
            self.sheet.column_dimensions[letter].width = max(
                12, min(60, max(map(len, values), default=8) + 2)
            )
            last = max(2, len(values) + 1)
            quoted = self.sheet.title.replace("'", "''")
            self._columns[key] = f"'{quoted}'!${letter}$2:${letter}${last}"
        return self._columns[key]


def add_sheet(
    workbook: Workbook,
    spec: SheetSpec,
    rows: Iterable[dict],
    *,
    rtl: bool,
    lists: ListsSheet | None = None,
    extra_lists: dict[str, list[str]] | None = None,
    validate_rows: int = 500,
):
    """Write ``rows`` (dicts by column key, values as Marsad stores them) under the spec's
    headings in the current language. Choice columns show their labels and get a drop-down
    list; ``extra_lists`` gives drop-downs for other columns (for example the unit codes)."""
    language = translation.get_language() or "ar"
    sheet = workbook.create_sheet(str(spec.title))
    sheet.sheet_view.rightToLeft = rtl
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=str(column.heading))
        cell.font = HEADING_FONT
        cell.fill = REQUIRED_FILL if column.required else HEADING_FILL
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    labels = {
        column.key: dict(
            zip([v for v, _l in column.choices], column.choice_labels(language), strict=True)
        )
        for column in spec.columns
        if column.choices
    }
    count = 0
    for count, values in enumerate(rows, start=1):
        for index, column in enumerate(spec.columns, start=1):
            value = values.get(column.key)
            if column.key in labels and value is not None:
                value = labels[column.key].get(value, value)
            elif column.kind == "flag" and value is not None:
                value = str(_("Yes") if value else _("No"))
            elif isinstance(value, Decimal):
                value = int(value) if value == value.to_integral_value() else float(value)
            sheet.cell(row=count + 1, column=index, value=value)
    if lists is not None:
        last = max(count + 1, 1) + validate_rows
        for index, column in enumerate(spec.columns, start=1):
            values = None
            if column.key in labels:
                values = list(labels[column.key].values())
            elif column.kind == "flag":
                values = [str(_("Yes")), str(_("No"))]
            elif extra_lists and column.key in extra_lists:
                values = extra_lists[column.key]
            if not values:
                continue
            letter = get_column_letter(index)
            validation = DataValidation(
                type="list",
                formula1=lists.range_for(str(column.heading), values),
                allow_blank=not column.required,
                showErrorMessage=True,
            )
            validation.error = str(_("Choose a value from the list."))
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{last}")
    return sheet


def save(workbook: Workbook) -> bytes:
    as_text(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
