"""The workbook reader and writer every import and export uses (plans/workbooks.py): whole
files refused with one message, every other problem located by sheet, row and column."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from indicators.models import Measure
from plans import workbooks
from plans.workbooks import Column, ListsSheet, SheetReader, SheetSpec, WorkbookRefused

SPEC = SheetSpec(
    "things",
    gettext_lazy("goals"),
    (
        Column("code", gettext_lazy("Code"), kind="code", required=True, max_length=10),
        Column("name", gettext_lazy("name (Arabic)"), required=True),
        Column(
            "measure", gettext_lazy("Measure"), kind="choice", choices=workbooks.choices_of(Measure)
        ),
        Column("baseline", gettext_lazy("Baseline"), kind="number"),
        Column("year", gettext_lazy("Year"), kind="integer"),
    ),
)


def _file(rows, *, title=None, headings=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title or "goals"
    sheet.append(headings or ["Code", "name (Arabic)", "Measure", "Baseline", "Year"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _read(data: bytes, language="en"):
    with translation.override(language):
        return _read_now(data)


def _read_now(data: bytes):
    workbook = workbooks.open_workbook(data)
    sheets, problems = workbooks.find_sheets(workbook, [SPEC], also=[ListsSheet.title])
    reader = SheetReader(sheets["things"], SPEC)
    rows = list(reader.rows())
    return rows, problems + reader.problems + [p for row in rows for p in row.problems]


def test_values_are_read_by_kind_in_either_language():
    rows, problems = _read(
        _file(
            [
                ["G1", "أمن الحدود", "Number", 1250, 2021],
                ["G2", "الجوازات", "نسبة مئوية", "١٬٢٥٠٫٥", "٢٠٢٢"],
                ["", "", None, None, None],  # an empty row is skipped
                ["G3", "x", "number", 0.1, 2023.0],
            ]
        )
    )
    assert problems == []
    assert [row.number for row in rows] == [2, 3, 5]
    assert rows[0].values == {
        "code": "G1",
        "name": "أمن الحدود",
        "measure": "number",
        "baseline": Decimal("1250"),
        "year": 2021,
    }
    assert rows[1].values["measure"] == "percentage"
    assert rows[1].values["baseline"] == Decimal("1250.5")
    assert rows[1].values["year"] == 2022
    assert rows[2].values["baseline"] == Decimal("0.1")


def test_arabic_headings_and_sheet_title_are_read():
    with translation.override("ar"):
        title, headings = str(SPEC.title), [str(c.heading) for c in SPEC.columns]
    rows, problems = _read(_file([["G1", "أ", None, None, None]], title=title, headings=headings))
    assert problems == [] and rows[0].values["code"] == "G1"


def test_every_cell_problem_is_located_and_all_are_found_at_once():
    rows, problems = _read(
        _file(
            [
                ["", "name", "Furlongs", "12,5,0", 2021.5],
                ["has space", "", None, "1e400", "x"],
                ["TOO-LONG-CODE", "=1+1", None, None, None],
            ]
        )
    )
    with translation.override("en"):
        located = sorted((p.cell, p.message) for p in problems)
    cells = [cell for cell, _message in located]
    assert cells == ["A2", "A3", "A4", "B3", "B4", "C2", "D2", "D3", "E2", "E3"]
    messages = dict(located)
    assert messages["A2"] == "This cell is required."
    assert messages["A3"] == "A code has no spaces."
    assert messages["A4"].startswith("At most 10 characters")
    assert "formula" in messages["B4"]
    assert messages["C2"].startswith("Choose one of: Number, Percentage")
    assert messages["E2"] == "Enter a whole number."


def test_a_problem_reads_where_it_is_in_arabic():
    rows, problems = _read(_file([["", "x", None, None, None]]), "ar")
    with translation.override("ar"):
        text = str(problems[0])
    assert text == "الورقة «goals»، الخلية A2: هذه الخلية مطلوبة."


def test_merged_cells_unknown_and_repeated_columns_and_stray_cells():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "goals"
    sheet.append(["Code", "name (Arabic)", "Colour", "Code"])
    sheet.append(["G1", "a", "red", "G9"])
    sheet.append(["G2", "b", None, None, None, "stray"])
    sheet.merge_cells("A4:B4")
    sheet["A4"] = "G3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    _rows, problems = _read(buffer.getvalue())
    with translation.override("en"):
        found = sorted((p.cell, p.message.split(";")[0].split(".")[0]) for p in problems)
    assert ("C1", "The template has no column “Colour”") in found
    assert ("D1", "This column appears twice") in found
    assert ("A4", "The cells A4:B4 are merged") in found
    assert ("F3", "This cell is outside the template's columns") in found
    assert ("C2", "This cell is outside the template's columns") in found


def test_a_missing_required_column_is_named():
    _rows, problems = _read(_file([["G1"]], headings=["Code"]))
    with translation.override("en"):
        assert [str(p) for p in problems] == [
            "sheet “goals”, row 1: The column “name (Arabic)” is missing.",
        ]


def test_hidden_and_unknown_sheets_are_problems():
    workbook = Workbook()
    workbook.active.title = "goals"
    workbook.active.append(["Code", "name (Arabic)"])
    workbook.active.sheet_state = "hidden"
    workbook.create_sheet("Notes")
    workbook.create_sheet("Lists")
    buffer = io.BytesIO()
    workbook.save(buffer)
    with translation.override("en"):
        _sheets, problems = workbooks.find_sheets(
            workbooks.open_workbook(buffer.getvalue()), [SPEC], also=[ListsSheet.title]
        )
        assert sorted((p.sheet, p.message.split(".")[0]) for p in problems) == [
            ("Notes", "The template has no sheet of this name; remove it or rename it"),
            ("goals", "This sheet is hidden"),
        ]


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7 not a workbook",
        b"",
        b"PK\x03\x04 a broken zip",
    ],
)
def test_files_that_are_not_workbooks_are_refused_with_one_message(data):
    with pytest.raises(WorkbookRefused) as refused, translation.override("en"):
        workbooks.open_workbook(data)
    assert "is not an Excel workbook" in refused.value.message


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_that_is_not_a_workbook_and_a_workbook_with_macros_are_refused():
    with pytest.raises(WorkbookRefused), translation.override("en"):
        workbooks.open_workbook(_zip({"word/document.xml": b"<x/>"}))
    real = _file([["G1", "a", None, None, None]])
    with zipfile.ZipFile(io.BytesIO(real)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0macro"
    with pytest.raises(WorkbookRefused) as refused, translation.override("en"):
        workbooks.open_workbook(_zip(members))
    assert "macros" in refused.value.message


@override_settings(MARSAD_WORKBOOK_MAX_BYTES=50_000)
def test_a_file_over_the_limit_and_a_zip_bomb_are_refused():
    with pytest.raises(WorkbookRefused) as refused, translation.override("en"):
        workbooks.open_workbook(io.BytesIO(b"PK\x03\x04" + b"0" * 60_000))
    assert "larger than" in refused.value.message
    real = _file([["G1", "a", None, None, None]])
    with zipfile.ZipFile(io.BytesIO(real)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["xl/padding.xml"] = b" " * 2_000_000  # compresses to a few kilobytes
    bomb = _zip(members)
    assert len(bomb) < 50_000
    with pytest.raises(WorkbookRefused) as refused, translation.override("en"):
        workbooks.open_workbook(bomb)
    assert "larger than" in refused.value.message


def test_written_sheets_read_back_the_same_with_drop_downs_and_formula_looking_text_as_text():
    rows = [
        {
            "code": "G1",
            "name": '=HYPERLINK("http://x","y")',
            "measure": "percentage",
            "baseline": Decimal("12.5"),
            "year": 2021,
        },
        {"code": "G2", "name": "@SUM(A1)", "measure": None, "baseline": Decimal("3"), "year": None},
    ]
    with translation.override("ar"):
        workbook = workbooks.new_workbook()
        lists = ListsSheet(workbook, rtl=True)
        workbooks.add_sheet(workbook, SPEC, rows, rtl=True, lists=lists)
        data = workbooks.save(workbook)
    opened = load_workbook(io.BytesIO(data))
    with translation.override("ar"):
        assert opened.sheetnames == [str(ListsSheet.title), str(SPEC.title)]
        sheet = opened[str(SPEC.title)]
    assert sheet.sheet_view.rightToLeft
    assert sheet["B2"].data_type == "s" and sheet["B2"].value.startswith("=HYPERLINK")
    assert sheet["B3"].data_type == "s"
    assert sheet["C2"].value == "نسبة مئوية"
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert "C2:C503" in validations and "$A$2:$A$" in validations["C2:C503"]
    read, problems = _read(data)
    assert problems == []
    assert [row.values for row in read] == rows
