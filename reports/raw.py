"""The raw data export: every progress entry of a plan, one row each, for the planning
directorate and auditors (Excel or CSV).

The entries (with their indicator, period, unit and people) are read from one cursor in
chunks of ``CHUNK``, with one more query a chunk for their late steps, and written as they
are read, so a
ministry's whole history never sits in memory: the CSV is streamed to the client, the
workbook is written by openpyxl's write-only mode to a temporary file.
"""

import csv
import datetime
import io
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import batched

from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from indicators.models import EntryEvent, ProgressEntry
from indicators.permissions import visible_entries_q
from indicators.vocabulary import flag_words
from plans.models import StrategicPlan
from plans.workbooks import FORMULA_LEADS

CHUNK = 1000  # entries in memory at once: at most two chunks
BOM = "\ufeff"  # so that Excel opens a UTF-8 CSV with its Arabic intact


@dataclass(frozen=True)
class RawQuery:
    """What to export: a plan, and optionally a unit (with the units below it), a year, a
    quarter and a review status; ``visible`` limits it to the units the user may see."""

    plan: StrategicPlan
    unit_ids: set[int] | None = None
    year: int | None = None
    quarter: int | None = None
    status: str | None = None
    visible: set[int] | None = None


def columns() -> list[str]:
    """The header row, in the active language."""
    _ = gettext
    return [
        _("Indicator code"),
        _("Indicator"),
        _("Unit that entered"),
        _("Year"),
        _("Quarter"),
        _("Value"),
        _("Numerator"),
        _("Denominator"),
        _("Value in force"),
        _("Status"),
        _("Under correction"),
        _("Comment"),
        _("Review comment"),
        _("Data-quality flags"),
        _("Entered by"),
        _("Entered at"),
        _("Last changed by"),
        _("Last changed at"),
        _("Submitted by"),
        _("Submitted at"),
        _("Reviewed by"),
        _("Reviewed at"),
        _("Approved by"),
        _("Approved at"),
        _("Late steps"),
        _("Late reasons"),
        _("Version"),
    ]


def _entries(query: RawQuery):
    entries = ProgressEntry.objects.filter(period__plan=query.plan)
    if query.visible is not None:
        entries = entries.filter(visible_entries_q(query.visible))
    if query.unit_ids is not None:
        entries = entries.filter(unit_id__in=query.unit_ids)
    if query.year is not None:
        entries = entries.filter(period__year=query.year)
    if query.quarter is not None:
        entries = entries.filter(period__quarter=query.quarter)
    if query.status:
        entries = entries.filter(status=query.status)
    return entries.order_by("period__year", "period__quarter", "indicator__code", "pk")


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _moment(value):
    """A moment in the ministry's time zone (settings.TIME_ZONE): the CSV writes it with its
    offset, the workbook as a date cell (Excel has no time zones)."""
    return timezone.localtime(value) if value else None


def rows(query: RawQuery) -> Iterator[list]:
    """The export's rows after the header: text, numbers (Decimal) or None."""
    people = ("created_by", "updated_by", "submitted_by", "reviewed_by", "approved_by")
    entries = _entries(query).select_related("indicator", "period", "unit", *people)
    for chunk in batched(entries.iterator(chunk_size=CHUNK), CHUNK):
        late: dict[int, list[str]] = defaultdict(list)
        for entry_id, comment in (
            EntryEvent.objects.filter(entry_id__in=[e.pk for e in chunk], late=True)
            .order_by("at", "pk")
            .values_list("entry_id", "comment")
        ):
            late[entry_id].append(comment)
        for entry in chunk:
            indicator = entry.indicator
            in_force = entry.figures_in_force
            yield [
                indicator.code,
                indicator.title,
                entry.unit.name,
                entry.period.year,
                entry.period.quarter,
                entry.value,
                entry.numerator,
                entry.denominator,
                in_force[0] if in_force else None,
                entry.get_status_display(),
                gettext("yes") if entry.under_correction else "",
                entry.comment,
                entry.review_comment,
                ", ".join(flag_words(entry.flags)),
                _person(entry.created_by),
                _moment(entry.created_at),
                _person(entry.updated_by),
                _moment(entry.updated_at),
                _person(entry.submitted_by),
                _moment(entry.submitted_at),
                _person(entry.reviewed_by),
                _moment(entry.reviewed_at),
                _person(entry.approved_by),
                _moment(entry.approved_at),
                len(late.get(entry.pk, ())),
                " | ".join(late.get(entry.pk, ())),
                entry.version,
            ]


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_LEADS):
        # A spreadsheet opening the CSV would run it: keep it as the characters typed.
        return "'" + text
    return text


class _Line:
    """A file-like object csv.writer writes one line into."""

    def __init__(self):
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text


def csv_lines(query: RawQuery) -> Iterator[str]:
    """The export as CSV, line by line, starting with a byte-order mark."""
    line = _Line()
    writer = csv.writer(line)
    writer.writerow(columns())
    yield BOM + line.text
    for row in rows(query):
        line.text = ""
        writer.writerow([_csv_cell(value) for value in row])
        yield line.text


def _xlsx_cell(sheet, value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime):
        # A real date cell, aligned and sorted as a date, not text.
        cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
        return cell
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        # openpyxl would write "=..." as a formula: a string cell, quote-prefixed so that
        # Excel keeps it as text even when someone edits it. Other strings are plain text.
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return value


def write_xlsx(query: RawQuery, rtl: bool) -> io.BufferedRandom:
    """The export as a workbook in a temporary file (rewound, for streaming out)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(gettext("Entries"))
    sheet.sheet_view.rightToLeft = rtl
    header = columns()
    for index in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 16
    sheet.freeze_panes = "A2"
    sheet.append([_xlsx_cell(sheet, title) for title in header])
    for row in rows(query):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response that streams it)
    workbook.save(output)
    output.seek(0)
    return output
