"""What people type reaches the workbook as text: never a live formula; and only reviewed
values' comments appear in an official report."""

import io

import openpyxl
import pytest

from indicators.models import Scenario
from plans.models import Risk
from reports.assembly import assemble_report
from reports.excel import render_xlsx
from tests import builders

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","y")'
PLANTED = [FORMULA, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\t=1", "@=1"]


def _workbook(plan, **options):
    report = assemble_report(plan, year=2021, quarter=1, language="en", **options)
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))


def _cells(workbook):
    return {
        (sheet.title, cell.coordinate): cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


@pytest.fixture
def planted(cycle):
    """Every text a user can type that a sheet shows, starting like a formula."""
    world = cycle.world
    for obj, fields in (
        (world.indicator_a, ["title_ar", "title_en"]),
        (world.goal, ["title_ar", "title_en"]),
        (world.unit_a, ["name_ar", "name_en"]),
        (world.plan, ["name_ar", "name_en"]),
    ):
        for field in fields:
            setattr(obj, field, FORMULA)
        obj.save()
    builders.entry(world.indicator_a, cycle.closed_period, 5, comment=FORMULA)
    builders.entry(world.indicator_b, cycle.closed_period, 5, comment="+1+cmd|' /C calc'!A0")
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021)
    action_plan.activities.update(title_en="-2+3", owner_en="@SUM(1)")
    risk = Risk.objects.create(
        plan=world.plan, code="R1", category="operational", title_ar=FORMULA, title_en=FORMULA,
        unit=world.unit_a, likelihood=3, impact=4,
    )  # fmt: skip
    risk.objectives.add(world.objective)
    Scenario.objects.create(
        plan=world.plan, code="s1", name_ar="\t=1", name_en="\t=1", assumptions_en="@=1"
    )
    return cycle


def _column(sheet, header: str) -> int:
    """The index of the column with this header on the sheet's first row."""
    return [cell.value for cell in sheet[1]].index(header)


def test_officer_comment_that_looks_like_a_formula_is_a_string(planted):
    workbook = _workbook(planted.world.plan)
    sheet = workbook["Indicators"]
    at = _column(sheet, "Comment")
    comments = [row[at] for row in sheet.iter_rows(min_row=2) if row[at].value]
    assert {c.value for c in comments} == {FORMULA, "+1+cmd|' /C calc'!A0"}
    assert all(c.data_type == "s" and c.quotePrefix for c in comments)


def test_no_sheet_holds_a_formula_and_every_planted_text_is_kept(planted):
    cells = _cells(_workbook(planted.world.plan))
    assert [key for key, cell in cells.items() if cell.data_type == "f"] == []
    found = {}
    for (sheet, _coordinate), cell in cells.items():
        if cell.value in PLANTED:
            assert cell.data_type == "s" and cell.quotePrefix
            found.setdefault(cell.value, set()).add(sheet)
    assert found[FORMULA] >= {"Summary", "Indicators", "Tracking matrix", "Risk register"}
    assert found["-2+3"] == {"Activities"} and found["@SUM(1)"] == {"Activities"}
    assert found["\t=1"] == {"Scenarios"} and found["@=1"] == {"Scenarios"}


def test_numbers_stay_numbers(planted):
    sheet = _workbook(planted.world.plan)["Indicators"]
    at = _column(sheet, "Actual")
    actuals = [row[at] for row in sheet.iter_rows(min_row=2) if row[0].value == "G1.1.1"]
    assert [(c.value, c.data_type) for c in actuals] == [(5, "n")]


@pytest.mark.parametrize(
    ("status", "provisional", "shown"),
    [
        ("approved", False, True),
        ("draft", False, False),
        ("returned", False, False),
        ("submitted", False, False),
        ("submitted", True, True),
        ("draft", True, False),
    ],
)
def test_only_reviewed_comments_reach_the_report(cycle, status, provisional, shown):
    builders.entry(
        cycle.world.indicator_a, cycle.closed_period, 5, status=status, comment="said so"
    )
    sheet = _workbook(cycle.world.plan, include_submitted=provisional)["Indicators"]
    at = _column(sheet, "Comment")
    comments = [row[at].value for row in sheet.iter_rows(min_row=2) if row[at].value]
    assert comments == (["said so"] if shown else [])
