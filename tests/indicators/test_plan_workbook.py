"""The plan workbook (indicators/plan_workbook): a plan exported and imported back is the
same plan; every mistake in a workbook is a located, translated message and nothing is
written; a re-import changes nothing; an edited file updates by code, with target
revisions kept; the commands print problems one per line and exit non-zero."""

import io
import os
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from indicators.demo import seed_demo
from indicators.models import Indicator, Scenario, ScenarioTarget, Target, TargetRevision
from indicators.plan_workbook import sheets as spec
from indicators.plan_workbook.export import empty_template, export_plan
from indicators.plan_workbook.importer import plan_import
from indicators.services.structure import INDICATOR_FIELDS
from plans.models import Goal, Membership, Objective, OrgUnit, Risk, StrategicPlan
from plans.services.structure import PLAN_FIELDS
from plans.workbooks import is_percent_format
from tests import builders

pytestmark = pytest.mark.django_db


# --- Reading what a plan is, through the ORM ----------------------------------------------


def snapshot(plan_code: str) -> dict:
    """Everything the workbook carries, by code (ids differ between databases)."""
    plan = StrategicPlan.objects.get(code=plan_code)
    units = {
        u.code: (
            u.name_ar,
            u.name_en,
            u.kind,
            u.parent.code if u.parent else None,
            u.order,
            u.email,
        )
        for u in OrgUnit.objects.select_related("parent")
    }
    item = ("title_ar", "title_en", "description_ar", "description_en", "weight", "order")
    goals = {
        g.code: (*[getattr(g, f) for f in item], g.is_archived)
        for g in Goal.objects.filter(plan=plan)
    }
    objectives = {
        o.code: (*[getattr(o, f) for f in item], o.goal.code, o.lead_unit.code, o.is_archived)
        for o in Objective.objects.filter(plan=plan).select_related("goal", "lead_unit")
    }
    plain = [f for f in INDICATOR_FIELDS if f not in ("objective", "unit", "code")]
    indicators = {
        i.code: (*[getattr(i, f) for f in plain], i.objective.code, i.unit.code, i.is_archived)
        for i in Indicator.objects.filter(plan=plan).select_related("objective", "unit")
    }
    targets = sorted(
        (t.indicator.code, t.year, t.quarter or 0, t.value)
        for t in Target.objects.filter(indicator__plan=plan).select_related("indicator")
    )
    risk_fields = (
        "kind", "category", "title_ar", "title_en", "description_ar", "description_en",
        "likelihood", "impact", "mitigation_ar", "mitigation_en", "owner_ar", "owner_en",
        "review_on", "status",
    )  # fmt: skip
    risks = {
        r.code: (
            *[getattr(r, f) for f in risk_fields],
            r.unit.code,
            sorted(o.code for o in r.objectives.all()),
        )
        for r in Risk.objects.filter(plan=plan)
        .select_related("unit")
        .prefetch_related("objectives")
    }
    scenarios = {
        s.code: (s.name_ar, s.name_en, s.assumptions_ar, s.assumptions_en, s.order)
        for s in Scenario.objects.filter(plan=plan)
    }
    scenario_targets = sorted(
        (t.scenario.code, t.indicator.code, t.year, t.value)
        for t in ScenarioTarget.objects.filter(scenario__plan=plan).select_related(
            "scenario", "indicator"
        )
    )
    return {
        "plan": {f: getattr(plan, f) for f in PLAN_FIELDS},
        "units": units,
        "goals": goals,
        "objectives": objectives,
        "indicators": indicators,
        "targets": targets,
        "risks": risks,
        "scenarios": scenarios,
        "scenario_targets": scenario_targets,
    }


def cells(data: bytes) -> dict:
    workbook = load_workbook(io.BytesIO(data))
    return {
        sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()]
        for sheet in workbook.worksheets
    }


def planner():
    return builders.user("importer", Membership.Role.PLANNING_ADMIN, OrgUnit.objects.first())


def exported(plan, language="en") -> bytes:
    with translation.override(language):
        return export_plan(plan)


def run(data, *, by, language="en", **options):
    options.setdefault("file_name", "plan.xlsx")
    with translation.override(language):
        return plan_import(by=by, source=data, **options)


class Sheets:
    """Edit an exported workbook by sheet key, row number and column key."""

    def __init__(self, data: bytes, language="en"):
        self.workbook = load_workbook(io.BytesIO(data))
        self.language = language

    def sheet(self, key):
        with translation.override(self.language):
            return self.workbook[str(spec.BY_KEY[key].title)]

    def letter(self, key, column):
        keys = [c.key for c in spec.BY_KEY[key].columns]
        return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[keys.index(column)]

    def set(self, key, row, column, value):
        self.sheet(key)[f"{self.letter(key, column)}{row}"] = value

    def get(self, key, row, column):
        return self.sheet(key)[f"{self.letter(key, column)}{row}"].value

    def row_of(self, key, column, value) -> int:
        letter = self.letter(key, column)
        for cell in self.sheet(key)[letter]:
            if cell.value == value:
                return cell.row
        raise AssertionError(f"{value} not on {key}")

    def append(self, key, values: dict):
        columns = [c.key for c in spec.BY_KEY[key].columns]
        self.sheet(key).append([values.get(c) for c in columns])
        return self.sheet(key).max_row

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


# --- Export, then import into an empty database --------------------------------------------


# Outside a test transaction: PostgreSQL refuses to empty tables (flush) while the deferred
# triggers of the rows just written are pending in the same transaction.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_demo_plan_exported_and_imported_into_an_empty_database_is_the_same_plan(language):
    plan = seed_demo().plan
    before = snapshot(plan.code)
    first = exported(plan, language)

    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    assert not StrategicPlan.objects.exists() and not OrgUnit.objects.exists()
    root = builders.user("root", is_superuser=True)
    result = run(first, by=root, language=language, file_name="moi.xlsx")

    assert result.problems == [] and result.saved
    created = {o.key: len(o.created) for o in result.outcomes}
    assert created == {
        "plan": 1, "units": len(before["units"]), "goals": 5, "objectives": 19,
        "indicators": len(before["indicators"]),
        "yearly_targets": sum(1 for t in before["targets"] if t[2] == 0),
        "quarterly_targets": sum(1 for t in before["targets"] if t[2] != 0),
        "risks": len(before["risks"]), "scenarios": 3,
        "scenario_targets": len(before["scenario_targets"]),
    }  # fmt: skip
    assert snapshot(plan.code) == before
    again = exported(StrategicPlan.objects.get(code=plan.code), language)
    assert cells(again) == cells(first)


def test_the_export_reads_the_same_in_a_fixed_number_of_queries(small, django_assert_num_queries):
    world = small
    with django_assert_num_queries(9):
        exported(world.plan)
    goal = builders.goal(world.plan, "G2")
    for n in range(3):
        objective = builders.objective(goal, world.unit_b, f"G2.{n}")
        indicator = builders.indicator(objective, world.unit_b, f"G2.{n}.1")
        builders.target(indicator, 2021, 10)
        builders.target(indicator, 2021, 3, quarter=1)
        builders.risk(world.plan, world.unit_b, objectives=[objective])
    with django_assert_num_queries(9):
        exported(world.plan)


def test_the_workbook_has_instructions_drop_downs_and_is_right_to_left_in_arabic(world):
    workbook = load_workbook(io.BytesIO(exported(world.plan, "ar")))
    assert workbook.sheetnames[0] == "التعليمات"
    assert all(sheet.sheet_view.rightToLeft for sheet in workbook.worksheets)
    indicators = workbook["المؤشرات"]
    headings = [cell.value for cell in indicators[1]]
    assert headings[:4] == [
        "الرمز",
        "رمز الهدف الفرعي",
        "العنوان (بالعربية)",
        "العنوان (بالإنجليزية)",
    ]
    lists = {str(v.sqref).split(":")[0]: v for v in indicators.data_validations.dataValidation}
    # measure, direction, aggregation, method, frequency, archived: the lists sheet; the
    # objective and the unit: the codes on their own sheets.
    for letter in "FGHIMZ":
        assert lists[f"{letter}2"].formula1.startswith("'القوائم'!")
    assert lists["B2"].formula1.startswith("'الأهداف الفرعية'!$A$2")
    assert lists["E2"].formula1.startswith("'الوحدات التنظيمية'!$A$2")
    assert indicators["G2"].value == "زيادة"
    english = load_workbook(io.BytesIO(exported(world.plan, "en")))
    assert not english["Indicators"].sheet_view.rightToLeft
    assert english["Indicators"]["G2"].value == "Increase"


def test_the_empty_template_has_every_sheet_and_no_rows():
    with translation.override("en"):
        workbook = load_workbook(io.BytesIO(empty_template()))
    assert workbook.sheetnames == [
        "Instructions", "Plan", "Organisational units", "Goals", "Objectives", "Indicators",
        "Yearly targets", "Quarterly targets", "Risks", "Scenarios", "Scenario targets", "Lists",
    ]  # fmt: skip
    for title in workbook.sheetnames[1:-1]:
        assert workbook[title].max_row == 1


def test_text_that_looks_like_a_formula_is_written_as_text_and_reads_back_unchanged(world):
    leads = {"G1": "=1+1", "G2": "+2", "G3": "-3", "G4": "@SUM(A1)"}
    Goal.objects.filter(pk=world.goal.pk).update(title_ar=leads["G1"], title_en="=HYPERLINK(1)")
    for code in ("G2", "G3", "G4"):
        builders.goal(world.plan, code, title_ar=leads[code])
    data = exported(world.plan)
    sheet = load_workbook(io.BytesIO(data))["Goals"]
    titles = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    for code, text in leads.items():
        assert titles[code].value == text
        assert titles[code].data_type == "s" and titles[code].quotePrefix
    assert sheet["C2"].data_type == "s" and sheet["C2"].value == "=HYPERLINK(1)"
    result = run(data, by=world.admin)
    assert result.problems == []
    assert {o.key: (o.created, o.changed) for o in result.outcomes}["goals"] == ([], [])


# --- Mistakes --------------------------------------------------------------------------------


@pytest.fixture
def small(world):
    """The world's plan with targets, a percentage indicator, a risk and a scenario."""
    builders.target(world.indicator_a, 2021, 100)
    builders.target(world.indicator_a, 2022, 120)
    builders.target(world.indicator_a, 2021, 25, quarter=1)
    Indicator.objects.filter(pk=world.indicator_b.pk).update(
        measure="percentage", aggregation="average"
    )
    builders.objective(world.goal, world.unit_b, "G1.2")
    builders.risk(world.plan, world.unit_a, "R1", objectives=[world.objective])
    scenario = builders.scenario(world.plan, "high")
    ScenarioTarget.objects.create(
        scenario=scenario, indicator=world.indicator_a, year=2021, value=Decimal(110)
    )
    return world


def test_a_dozen_mistakes_are_a_dozen_located_messages_and_nothing_is_written(small):
    world = small
    before, revision = snapshot(world.plan.code), world.plan.revision
    book = Sheets(exported(world.plan))
    book.set("goals", 2, "title_ar", None)  # 1. required
    book.set("objectives", 3, "goal", "G9")  # 2. a goal that does not exist
    book.set("objectives", 3, "lead_unit", "nowhere")  # 3. a unit that does not exist
    a, b = (
        book.row_of("indicators", "code", i.code) for i in (world.indicator_a, world.indicator_b)
    )
    a1 = book.row_of("indicators", "code", world.indicator_a1.code)
    book.set("indicators", a, "measure", "Furlongs")  # 4. not a choice
    book.set("indicators", b, "aggregation", "Sum of quarters")  # 5. a percentage summed
    book.set("indicators", a1, "baseline_year", 2099)  # 6. baseline after the plan
    book.set("indicators", a1, "tolerance", 5)  # 7. tolerance without "maintain"
    book.set("yearly_targets", 2, "year", 2030)  # 8. outside the plan
    book.append("yearly_targets", {"indicator": world.indicator_a.code, "year": 2022, "value": 9})
    # ↑ 9. a second target for the same year
    book.set("yearly_targets", 3, "value", "12,5,0")  # 10. not a number
    book.set("quarterly_targets", 2, "quarter", 5)  # 11. no such quarter
    book.set("risks", 2, "likelihood", 9)  # 12. outside 1–5
    with translation.override("en"):
        result = run(book.bytes(), by=world.admin)
        located = [(p.sheet, p.cell, p.message) for p in result.problems]
    assert [(sheet, cell) for sheet, cell, _message in located] == [
        ("Goals", "B2"),
        ("Objectives", "B3"),
        ("Objectives", "G3"),
        ("Indicators", "F2"),
        ("Indicators", "K3"),
        ("Indicators", "L3"),
        ("Indicators", "H4"),
        ("Yearly targets", "B2"),
        ("Yearly targets", "C3"),
        ("Yearly targets", "B4"),
        ("Quarterly targets", "C2"),
        ("Risks", "J2"),
    ], located
    messages = [message for _sheet, _cell, message in located]
    assert messages[0] == "This cell is required."
    assert messages[1] == "No goal has the code “G9”, on the sheet “Goals” or in the plan."
    assert "“nowhere”" in messages[2]
    assert messages[7] == "The year must be inside the plan (2019–2023)."
    assert "already has a target for 2022, on row 3" in messages[9]
    assert len(set(messages)) == 12
    assert not result.saved
    assert snapshot(world.plan.code) == before
    world.plan.refresh_from_db()
    assert world.plan.revision == revision


def test_every_problem_reads_in_arabic_with_its_sheet_and_cell(small):
    book = Sheets(exported(small.plan, "ar"), "ar")
    book.set("goals", 2, "title_ar", None)
    result = run(book.bytes(), by=small.admin, language="ar")
    with translation.override("ar"):
        assert [str(p) for p in result.problems] == [
            "الورقة «الأهداف»، الخلية B2: هذه الخلية مطلوبة."
        ]


def test_a_file_that_is_not_a_workbook_is_one_message(world):
    result = run(b"%PDF-1.7", by=world.admin)
    assert len(result.problems) == 1 and "not an Excel workbook" in result.problems[0].message


def test_a_workbook_for_another_plan_is_refused_when_importing_into_this_one(small):
    other = builders.plan(code="other")
    result = run(exported(small.plan), by=small.admin, plan_code=other.code)
    assert [(p.sheet, p.cell) for p in result.problems] == [("Plan", "A2")]
    assert not Goal.objects.filter(plan=other).exists()


def test_only_a_planning_admin_imports(small):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(exported(small.plan), by=small.head_a)


# --- Re-import and edits ------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(small):
    data = exported(small.plan)
    revision, revisions = small.plan.revision, TargetRevision.objects.count()
    result = run(data, by=small.admin)
    assert result.problems == [] and result.saved
    assert all(not o.created and not o.changed for o in result.outcomes)
    assert {o.key: o.unchanged for o in result.outcomes} == {
        "plan": 1, "units": 5, "goals": 1, "objectives": 2, "indicators": 3,
        "yearly_targets": 2, "quarterly_targets": 1, "risks": 1, "scenarios": 1,
        "scenario_targets": 1,
    }  # fmt: skip
    small.plan.refresh_from_db()
    assert small.plan.revision == revision
    assert TargetRevision.objects.count() == revisions


def test_an_edited_workbook_updates_by_code_and_a_changed_target_keeps_its_revision(small):
    world = small
    book = Sheets(exported(world.plan))
    row = book.row_of("yearly_targets", "year", 2022)
    book.set("yearly_targets", row, "value", "١٢٥٫٥")  # Arabic-Indic digits, Arabic decimal
    book.set(
        "indicators",
        book.row_of("indicators", "code", world.indicator_a.code),
        "title_en",
        "Renamed",
    )
    book.append("goals", {"code": "G2", "title_ar": "هدف جديد", "weight": 2})
    result = run(book.bytes(), by=world.admin, file_name="plan-2022.xlsx")
    assert result.problems == [] and result.saved
    outcomes = {o.key: o for o in result.outcomes}
    assert outcomes["yearly_targets"].changed == [
        (f"{world.indicator_a.code} · 2022", ["120 → 125.5"])
    ]
    assert outcomes["indicators"].changed == [(world.indicator_a.code, ["Title (English)"])]
    assert outcomes["goals"].created == ["G2"]
    target = Target.objects.get(indicator=world.indicator_a, year=2022, quarter=None)
    assert target.value == Decimal("125.5")
    revision = TargetRevision.objects.filter(target=target).latest("id")
    assert (revision.old_value, revision.new_value, revision.reason, revision.changed_by) == (
        Decimal("120"),
        Decimal("125.5"),
        "import plan-2022.xlsx",
        world.admin,
    )
    assert Indicator.objects.get(pk=world.indicator_a.pk).title_en == "Renamed"
    assert Goal.objects.get(plan=world.plan, code="G2").weight == 2


def test_a_dry_run_counts_what_would_change_and_writes_nothing(small):
    book = Sheets(exported(small.plan))
    book.append("goals", {"code": "G7", "title_ar": "هدف"})
    result = run(book.bytes(), by=small.admin, dry_run=True)
    assert result.problems == [] and not result.saved
    assert {o.key: o for o in result.outcomes}["goals"].created == ["G7"]
    assert not Goal.objects.filter(code="G7").exists()


def test_a_new_plan_is_made_from_a_filled_in_template(world):
    book = Sheets(empty_template_bytes())
    book.append(
        "plan", {"code": "next", "name_ar": "الخطة القادمة", "first_year": 2024, "last_year": 2028}
    )
    book.append("goals", {"code": "G1", "title_ar": "هدف"})
    book.append(
        "objectives", {"code": "G1.1", "goal": "G1", "title_ar": "فرعي", "lead_unit": "unit-a"}
    )
    book.append(
        "indicators",
        {
            "code": "G1.1.1", "objective": "G1.1", "title_ar": "مؤشر", "unit": "unit-b",
            "measure": "نسبة مئوية", "direction": "Increase", "aggregation": "last",
        },
    )  # fmt: skip
    book.append(
        "quarterly_targets", {"indicator": "G1.1.1", "year": 2024, "quarter": 2, "value": "٤٥"}
    )
    result = run(book.bytes(), by=world.admin)
    assert result.problems == [] and result.saved
    plan = StrategicPlan.objects.get(code="next")
    indicator = Indicator.objects.get(plan=plan, code="G1.1.1")
    assert (indicator.measure, indicator.aggregation, indicator.unit) == (
        "percentage",
        "last",
        world.unit_b,
    )
    assert Target.objects.get(indicator=indicator).value == Decimal(45)


def empty_template_bytes() -> bytes:
    with translation.override("en"):
        return empty_template()


# --- The commands --------------------------------------------------------------------------


def test_export_plan_writes_the_workbook(small, tmp_path):
    path = tmp_path / "plan.xlsx"
    call_command(
        "export_plan",
        "--plan",
        small.plan.code,
        str(path),
        "--language",
        "en",
        stdout=io.StringIO(),
    )
    assert cells(path.read_bytes()) == cells(exported(small.plan))
    with pytest.raises(CommandError):
        call_command("export_plan", "--plan", "nothing", str(path), stdout=io.StringIO())


def test_import_plan_prints_each_problem_on_its_line_and_exits_non_zero(small, tmp_path):
    book = Sheets(exported(small.plan))
    book.set("goals", 2, "title_ar", None)
    book.set("risks", 2, "likelihood", 9)
    path = tmp_path / "broken.xlsx"
    path.write_bytes(book.bytes())
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(
            "import_plan", str(path), "--user", "admin", "--language", "en", stderr=err,
            stdout=io.StringIO(),
        )  # fmt: skip
    assert failed.value.returncode == 1
    assert err.getvalue().splitlines() == [
        "sheet “Goals”, cell B2: This cell is required.",
        "sheet “Risks”, cell J2: Choose a whole number from 1 to 5.",
    ]
    assert "2 problems" in str(failed.value)


def test_import_plan_dry_run_writes_nothing_and_then_imports(small, tmp_path):
    book = Sheets(exported(small.plan))
    book.append("goals", {"code": "G5", "title_ar": "هدف"})
    path = tmp_path / "plan.xlsx"
    path.write_bytes(book.bytes())
    out = io.StringIO()
    call_command(
        "import_plan", str(path), "--user", "admin", "--dry-run", "--language", "en", stdout=out
    )
    assert "Goals: 1 created, 0 changed, 1 unchanged" in out.getvalue()
    assert not Goal.objects.filter(code="G5").exists()
    call_command(
        "import_plan", str(path), "--plan", small.plan.code, "--user", "admin", stdout=io.StringIO()
    )
    assert Goal.objects.filter(plan=small.plan, code="G5").exists()


# --- Files Marsad does not read as they are --------------------------------------------------


def messages_of(result) -> list[tuple[str, str, str]]:
    return [(p.sheet, p.cell, p.message) for p in result.problems]


def test_a_workbook_of_50_mb_is_refused_in_one_message_and_nothing_is_written(small):
    before = snapshot(small.plan.code)
    buffer = io.BytesIO(exported(small.plan))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/media/photo.bin", os.urandom(50 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) > 50 * 1024 * 1024 and load_workbook(io.BytesIO(data)).sheetnames
    for source in (data, io.BytesIO(data)):
        result = run(source, by=small.admin)
        assert messages_of(result) == [
            ("", "", "The file is larger than 20 MB, the most Marsad reads.")
        ]
    assert snapshot(small.plan.code) == before


def test_a_small_file_that_unpacks_to_far_more_is_refused(small):
    buffer = io.BytesIO(exported(small.plan))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", bytes(250 * 1024 * 1024))
    assert len(buffer.getvalue()) < 2 * 1024 * 1024
    result = run(buffer.getvalue(), by=small.admin)
    assert messages_of(result) == [
        ("", "", "The file is larger than 20 MB, the most Marsad reads.")
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"code,title\nG1,goal\n",  # a CSV
        b"PK\x03\x04 but not a zip",
        "zip-without-workbook",
    ],
    ids=["empty", "csv", "broken-zip", "zip-of-something-else"],
)
def test_files_that_are_not_workbooks_are_one_plain_message(small, data):
    if data == "zip-without-workbook":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("notes.txt", "hello")
        data = buffer.getvalue()
    result = run(data, by=small.admin)
    assert messages_of(result) == [
        (
            "",
            "",
            "This file is not an Excel workbook (.xlsx). Save it from Excel or LibreOffice as "
            "“Excel Workbook (.xlsx)” and upload it again.",
        )
    ]


def test_a_workbook_with_macros_is_refused(small):
    buffer = io.BytesIO(exported(small.plan))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00" * 64)
    result = run(buffer.getvalue(), by=small.admin)
    assert [m for _s, _c, m in messages_of(result)] == [
        "This workbook holds macros. Save it as “Excel Workbook (.xlsx)” without macros."
    ]


def test_formulas_are_refused_on_their_cells_even_with_a_cached_value(small):
    """Marsad never uses a formula's cached value: a file saved by openpyxl or a script has
    none, and one saved by Excel may hold a stale one; the planner is told to paste values."""
    world = small
    before = snapshot(world.plan.code)
    book = Sheets(exported(world.plan))
    book.set("goals", 2, "title_en", '="Goal "&"one"')
    row = book.row_of("yearly_targets", "year", 2022)
    book.set("yearly_targets", row, "value", "=100+30")
    data = book.bytes()
    # As Excel saves it: the formula with the value it last showed beside it.
    data = _with_cached_value(data, "=100+30", "130")
    result = run(data, by=world.admin)
    formula = (
        "This cell holds a formula. Marsad reads values only: copy the cell and paste it as "
        "a value."
    )
    assert messages_of(result) == [
        ("Goals", "C2", formula),
        ("Yearly targets", f"C{row}", formula),
    ]
    assert not result.saved and snapshot(world.plan.code) == before


def _with_cached_value(data: bytes, formula: str, cached: str) -> bytes:
    """The workbook with ``<v>cached</v>`` after the formula's ``<f>`` element."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    text = formula.lstrip("=").encode()
    found = False
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/") and b"<f>" + text in content:
                content = content.replace(
                    b"<f>" + text + b"</f><v></v>",
                    b"<f>" + text + b"</f><v>" + cached.encode() + b"</v>",
                ).replace(
                    b"<f>" + text + b"</f><v />",
                    b"<f>" + text + b"</f><v>" + cached.encode() + b"</v>",
                )
                found = b"<v>" + cached.encode() + b"</v>" in content
            out.writestr(info, content)
    assert found, "the formula's cell was not found in the sheet's XML"
    return target.getvalue()


def test_merged_cells_are_refused_where_they_start(small):
    world = small
    before = snapshot(world.plan.code)
    book = Sheets(exported(world.plan))
    book.sheet("goals").merge_cells("B2:C2")
    result = run(book.bytes(), by=world.admin)
    assert messages_of(result) == [
        (
            "Goals",
            "B2",
            "The cells B2:C2 are merged; unmerge them so that each holds its own value.",
        )
    ]
    assert not result.saved and snapshot(world.plan.code) == before


def test_a_hidden_sheet_an_unknown_sheet_and_a_repeated_sheet_are_refused(small):
    world = small
    book = Sheets(exported(world.plan))
    book.sheet("risks").sheet_state = "hidden"
    book.workbook.create_sheet("Notes")
    copy = book.workbook.copy_worksheet(book.sheet("scenarios"))
    copy.title = "السيناريوهات"  # the Scenarios sheet again, under its Arabic title
    result = run(book.bytes(), by=world.admin)
    assert messages_of(result) == [
        (
            "Risks",
            "",
            "This sheet is hidden. Show it (or delete it) so that what is imported is seen.",
        ),
        ("Notes", "", "The template has no sheet of this name; remove it or rename it."),
        ("السيناريوهات", "", "This sheet appears twice."),
    ]
    assert not result.saved


def test_extra_columns_and_cells_outside_the_template_are_refused(small):
    world = small
    before = snapshot(world.plan.code)
    book = Sheets(exported(world.plan))
    goals = book.sheet("goals")
    last = len(spec.GOALS.columns)
    extra = get_column_letter(last + 1)
    goals[f"{extra}1"] = "Budget"  # a column of the planner's own
    goals[f"{extra}2"] = 1000
    stray = get_column_letter(last + 3)
    goals[f"{stray}2"] = "note"  # a cell with no heading at all
    book.sheet("indicators")["B1"] = "Objective code"
    book.sheet("indicators")["A1"] = "Objective code"  # a heading twice, "Code" gone
    result = run(book.bytes(), by=world.admin)
    assert messages_of(result) == [
        ("Goals", f"{extra}1", "The template has no column “Budget”; remove the column."),
        ("Goals", f"{extra}2", "This cell is outside the template's columns; clear it."),
        ("Goals", f"{stray}2", "This cell is outside the template's columns; clear it."),
        ("Indicators", "B1", "This column appears twice."),
        ("Indicators", "1", "The column “Code” is missing."),
        # What is under the second heading is read by nothing: said on each of its cells.
        *[
            ("Indicators", f"B{row}", "This cell is outside the template's columns; clear it.")
            for row in (2, 3, 4)
        ],
    ]
    assert not result.saved and snapshot(world.plan.code) == before


# --- Cells formatted as percentages ------------------------------------------------------------


def test_a_percent_formatted_target_of_a_percentage_indicator_is_read_as_shown(small):
    """Excel stores 45% as 0.45: for an indicator measured as a percentage the target is the
    45 the planner sees, on the yearly, quarterly and scenario sheets alike."""
    world = small
    book = Sheets(exported(world.plan))
    code = world.indicator_b.code  # measured as a percentage
    yearly = book.append("yearly_targets", {"indicator": code, "year": 2021, "value": 0.45})
    quarterly = book.append(
        "quarterly_targets", {"indicator": code, "year": 2021, "quarter": 2, "value": 0.125}
    )
    scenario = book.append(
        "scenario_targets", {"scenario": "high", "indicator": code, "year": 2022, "value": 0.6}
    )
    book.sheet("yearly_targets")[f"C{yearly}"].number_format = "0%"
    book.sheet("quarterly_targets")[f"D{quarterly}"].number_format = "0.0%"
    book.sheet("scenario_targets")[f"D{scenario}"].number_format = "0.00%"
    result = run(book.bytes(), by=world.admin)
    assert result.problems == [] and result.saved
    targets = {
        (t.year, t.quarter): t.value for t in Target.objects.filter(indicator=world.indicator_b)
    }
    assert targets == {(2021, None): Decimal(45), (2021, 2): Decimal("12.5")}
    assert ScenarioTarget.objects.get(indicator=world.indicator_b).value == Decimal(60)


def test_a_percent_formatted_target_of_another_measure_is_refused_on_its_cell(small):
    world = small
    before = snapshot(world.plan.code)
    book = Sheets(exported(world.plan))
    row = book.row_of("yearly_targets", "year", 2022)  # indicator_a, measured as a number
    book.set("yearly_targets", row, "value", 0.45)
    book.sheet("yearly_targets")[f"C{row}"].number_format = "0%"
    a = book.row_of("indicators", "code", world.indicator_a.code)
    book.set("indicators", a, "baseline_value", 0.3)
    book.sheet("indicators")[
        f"{book.letter('indicators', 'baseline_value')}{a}"
    ].number_format = "0%"
    book.sheet("goals")["F2"].number_format = "0%"  # the weight: a plain number, never a percent
    result = run(book.bytes(), by=world.admin)
    measured = (
        f"This cell is formatted as a percentage, but the indicator “{world.indicator_a.code}” "
        "is measured as “Number”: format the cell as a number and type the value itself."
    )
    assert messages_of(result) == [
        (
            "Goals",
            "F2",
            "This cell is formatted as a percentage (it shows 100%), but the column holds a "
            "plain number: format the cell as a number and type the number itself.",
        ),
        ("Indicators", f"{book.letter('indicators', 'baseline_value')}{a}", measured),
        ("Yearly targets", f"C{row}", measured),
    ]
    assert not result.saved and snapshot(world.plan.code) == before


def test_a_percent_sign_inside_quotes_is_not_a_percentage_format():
    assert is_percent_format("0%") and is_percent_format("0.00%;[Red]-0.00%")
    assert not is_percent_format('0" %"') and not is_percent_format("0\\%")
    assert not is_percent_format("General") and not is_percent_format(None)


def test_new_indicators_and_their_targets_are_checked_as_the_builder_checks_them(small):
    """New rows go through the bulk services (indicators_create_many, targets_save_many):
    their refusals land on the cells they name, and nothing is written."""
    world = small
    before = snapshot(world.plan.code)
    book = Sheets(exported(world.plan))
    new = {"objective": world.objective.code, "title_ar": "مؤشر", "unit": "unit-a"}
    new |= {"direction": "Increase", "aggregation": "Sum of quarters"}
    summed = book.append("indicators", {**new, "code": "N1", "measure": "Percentage"})
    baseline = book.append(
        "indicators",
        {**new, "code": "N2", "measure": "Number", "method": "Progress from baseline"},
    )
    fine = book.append(
        "indicators", {**new, "code": "N3", "measure": "Percentage", "aggregation": "Average"}
    )
    over = book.append("yearly_targets", {"indicator": "N3", "year": 2021, "value": 120})
    book.append("yearly_targets", {"indicator": "N1", "year": 2021, "value": 5})  # skipped
    result = run(book.bytes(), by=world.admin)
    letter = lambda key: book.letter("indicators", key)  # noqa: E731
    assert messages_of(result) == [
        (
            "Indicators",
            f"{letter('aggregation')}{summed}",
            "A percentage is a level, not a count: it cannot be summed. Choose last or average.",
        ),
        (
            "Indicators",
            f"{letter('baseline_value')}{baseline}",
            "Progress from baseline needs a baseline value.",
        ),
        ("Yearly targets", f"C{over}", "A percentage cannot be above 100."),
    ]
    assert fine and not result.saved and snapshot(world.plan.code) == before
