"""A quarter's values brought back from the workbook an officer filled in offline
(``indicators.quarter_workbook``): every changed row saved as a draft through
``progress_save``, the entry page's own service, so the same checks apply (who may enter,
the period and its late-entry rule, the measure, data quality, the version read).

All or nothing: the rows are saved one by one, each in its own savepoint so that every
row's refusal is collected, and when anything was refused the whole upload is rolled back
and the problems are listed. An offline file is corrected and sent again as a whole; were
the good rows kept, the corrected file would have to be told which of its rows had already
gone in, and a half-imported quarter is what the officer would then have to untangle."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.models import Indicator, Measure
from indicators.plan_workbook.importer import percent_cell_problem
from indicators.quarter_workbook import FILLED, cell_text, read_values, shown_key
from indicators.selectors.entry import entry_rows
from indicators.services.progress import progress_save
from plans.errors import Conflict
from plans.models import OrgUnit, ReportingPeriod
from plans.permissions import can_report_for_unit
from plans.selectors import unit_subtree_ids
from plans.services.periods import check_period_writable
from plans.workbooks import Problem, WorkbookProblems, open_workbook

NUMBERS = ("value", "numerator", "denominator")


@dataclass
class ImportResult:
    """What an upload did: the codes saved as drafts, the rows left as they were, and the
    rows the file did not change whose entry changed on the page after the download (the
    page's version was kept)."""

    saved: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)


def _stored(row) -> dict:
    """The row's entry as its cells would show it."""
    entry = row.entry
    if entry is None:
        return dict.fromkeys(FILLED)
    return {
        "value": None if row.is_ratio else entry.value,
        "numerator": entry.numerator if row.is_ratio else None,
        "denominator": entry.denominator if row.is_ratio else None,
        "comment": cell_text(entry.comment),
        "quality_note": cell_text(entry.quality_note),
    }


def _typed(sheet_row) -> dict:
    values = sheet_row.values
    return {
        name: values.get(name) if name in NUMBERS else cell_text(values.get(name))
        for name in FILLED
    }


@transaction.atomic
def progress_import(
    *, period: ReportingPeriod, unit: OrgUnit, by, source, late_reason: str = ""
) -> ImportResult:
    """Save the values of a quarter's workbook (``source``: an uploaded file or bytes) for
    ``unit`` and its sub-units as drafts, all or nothing.

    Refuses, before reading any row: PermissionDenied (``by`` does not report for the unit),
    Conflict or ValidationError (the period is not writable for ``by``: not yet open, or
    closed and ``by`` is not a planning admin giving a late reason), ``WorkbookRefused``
    (not a workbook, too large, macros). Then ``WorkbookProblems`` with every problem
    located by sheet, row and column, and nothing written: the toolkit's (formulas, merged
    cells, hidden or unknown sheets and columns, numbers that are not numbers), a row of
    another period's workbook, a code twice, an indicator of another unit or not due in the
    period, a value where a ratio takes its numerator and denominator (or the reverse), and
    every refusal of ``progress_save`` on the row's cell (the value's checks and data
    quality) or on the row (a stale version, an entry submitted or approved).

    A row is written only when its typed cells differ from what the file showed (its
    fingerprint) and from what is stored now; an empty row of an indicator with no entry is
    "not entered yet". Writes: what ``progress_save`` writes for each changed row (a draft,
    a trail line, the plan's revision). Nothing is submitted. No email.
    """
    if not can_report_for_unit(by, unit.pk):
        raise PermissionDenied(_("You cannot enter values for this unit."))
    check_period_writable(period, by, late_reason)
    rows, problems = read_values(open_workbook(source))
    if any(problem.row == 1 and problem.column is None for problem in problems):
        # A column every row needs is missing: the rows cannot be told apart.
        raise WorkbookProblems(problems)
    unit_ids = unit_subtree_ids(unit.pk)
    due = {row.indicator.code: row for row in entry_rows(period, unit_ids)}
    elsewhere = _other_indicators(period, {r.values.get("code") for r in rows} - set(due))
    result, seen = ImportResult(), {}
    for sheet_row in rows:
        problems.extend(sheet_row.problems)
        if sheet_row.problems:
            continue
        row = _match(
            sheet_row, period=period, due=due, elsewhere=elsewhere, unit_ids=unit_ids, seen=seen
        )
        if row is None:
            problems.extend(sheet_row.problems)
            continue
        typed = _typed(sheet_row)
        stored = _stored(row)
        untouched = sheet_row.values.get("shown") == shown_key(typed)
        if typed == stored or untouched:
            if untouched and typed != stored:
                result.kept.append(row.indicator.code)
            else:
                result.unchanged += 1
            continue
        if row.entry is None and all(typed[name] in (None, "") for name in FILLED):
            result.unchanged += 1
            continue
        try:
            with transaction.atomic():
                row.entry = progress_save(
                    indicator=row.indicator,
                    period=period,
                    by=by,
                    value=typed["value"],
                    numerator=typed["numerator"],
                    denominator=typed["denominator"],
                    comment=_text(row, typed, stored, "comment"),
                    quality_note=_text(row, typed, stored, "quality_note"),
                    expected_version=sheet_row.values.get("version"),
                    late_reason=late_reason,
                )
            result.saved.append(row.indicator.code)
        except (ValidationError, PermissionDenied, Conflict) as error:
            problems.extend(_located(sheet_row, error))
    if problems:
        raise WorkbookProblems(problems)
    return result


def _text(row, typed, stored, name) -> str:
    """The typed text; the stored one when they differ only in what a cell cannot hold
    (control characters, the kind of line break), so that reading a file back never
    changes a text nobody edited."""
    if row.entry is not None and typed[name] == stored[name]:
        return getattr(row.entry, name)
    return typed[name]


def _other_indicators(period, codes) -> dict[str, Indicator]:
    """Indicators of the period's plan named in the file that are not on the unit's page."""
    codes = {code for code in codes if code}
    if not codes:
        return {}
    found = Indicator.objects.filter(plan_id=period.plan_id, code__in=codes).select_related("unit")
    return {indicator.code: indicator for indicator in found}


def _match(sheet_row, *, period, due, elsewhere, unit_ids, seen):
    """The entry row a sheet row names, or None with the reason recorded on the row."""
    values = sheet_row.values
    if values.get("period") != period.pk:
        sheet_row.problem(
            "period",
            _(
                "This row comes from the workbook of another period; download this period's "
                "workbook and copy the values into it."
            ),
        )
        return None
    code = values.get("code")
    if code in seen:
        sheet_row.problem(
            "code", _("This indicator is already on row %(row)s.") % {"row": seen[code]}
        )
        return None
    seen[code] = sheet_row.number
    row = due.get(code)
    if row is None:
        other = elsewhere.get(code)
        if other is None:
            message = _("The plan has no indicator with this code.")
        elif other.unit_id in unit_ids:
            message = _("This indicator is not due in this period.")
        else:
            message = _("This indicator is %(unit)s's; its values are entered by that unit.") % {
                "unit": other.unit.name
            }
        sheet_row.problem("code", message)
        return None
    if row.is_ratio and values.get("value") is not None:
        sheet_row.problem(
            "value",
            _(
                "This indicator is a ratio: enter its numerator and denominator; its value is "
                "worked out from them."
            ),
        )
    elif "value" in sheet_row.percent and row.indicator.measure != Measure.PERCENTAGE:
        sheet_row.problem("value", percent_cell_problem(row.indicator.code, row.indicator.measure))
    if not row.is_ratio:
        for name in ("numerator", "denominator"):
            if values.get(name) is not None:
                sheet_row.problem(
                    name, _("Only a ratio has a numerator and a denominator; enter the value.")
                )
    return None if sheet_row.problems else row


def _located(sheet_row, error) -> list[Problem]:
    """A service's refusal on the cells it names, or on the row."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        found = error.message_dict.items()
    elif isinstance(error, ValidationError):
        found = [(None, error.messages)]
    else:
        found = [(None, [getattr(error, "message", "") or str(error) or _("You cannot do this.")])]
    located = []
    for name, texts in found:
        column = sheet_row.cells.get(name) if name in FILLED else None
        for text in texts:
            located.append(Problem(sheet_row.sheet, sheet_row.number, column, text))
    return located
