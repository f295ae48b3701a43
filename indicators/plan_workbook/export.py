"""Writing the plan workbook: a plan as it stands (``export_plan``) or the empty template
(``empty_template``), in the active language: headings, choices and sheet titles in it,
sheets right to left in Arabic, drop-down lists for every choice and for every code that
refers to another sheet. Every text cell is written as text (``plans.workbooks.save``), so
a title that starts with ``=`` stays a title when the file is opened.
"""

from collections import defaultdict

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.models import Indicator, Scenario, ScenarioTarget, Target
from indicators.plan_workbook import sheets as spec
from plans.models import Goal, Objective, OrgUnit, Risk, StrategicPlan
from plans.workbooks import ListsSheet, add_sheet, new_workbook, save

# Drop-downs and their checks reach this many rows below the last written one.
SPARE_ROWS = 500


def export_plan(plan: StrategicPlan) -> bytes:
    """The plan as a workbook in the active language (9 queries, whatever its size)."""
    return _write(plan_rows(plan))


def empty_template() -> bytes:
    """The same workbook without rows: what a planning directorate fills in from scratch."""
    return _write({sheet.key: [] for sheet in spec.SHEETS})


def units_in_tree_order(units: list[OrgUnit]) -> list[OrgUnit]:
    """Every unit, each after its parent, siblings by order and code."""
    children = defaultdict(list)
    known = {unit.pk for unit in units}
    for unit in units:
        children[unit.parent_id if unit.parent_id in known else None].append(unit)
    ordered, stack = [], sorted(children[None], key=_by_order, reverse=True)
    while stack:
        unit = stack.pop()
        ordered.append(unit)
        stack.extend(sorted(children[unit.pk], key=_by_order, reverse=True))
    return ordered


def _by_order(item) -> tuple:
    return (item.order, item.code)


def plan_rows(plan: StrategicPlan) -> dict[str, list[dict]]:
    """The rows of every sheet, by sheet key, with the values as Marsad stores them and
    references as codes; in tree order (goals, then their objectives, then theirs), so that
    two exports of the same plan are the same cell for cell."""
    units = units_in_tree_order(list(OrgUnit.objects.all()))
    unit_codes = {unit.pk: unit.code for unit in units}
    goals = sorted(Goal.objects.filter(plan=plan), key=_by_order)
    goal_place = {goal.pk: n for n, goal in enumerate(goals)}
    goal_codes = {goal.pk: goal.code for goal in goals}
    objectives = sorted(
        Objective.objects.filter(plan=plan), key=lambda o: (goal_place[o.goal_id], *_by_order(o))
    )
    objective_place = {objective.pk: n for n, objective in enumerate(objectives)}
    objective_codes = {objective.pk: objective.code for objective in objectives}
    indicators = sorted(
        Indicator.objects.filter(plan=plan),
        key=lambda i: (objective_place[i.objective_id], *_by_order(i)),
    )
    indicator_place = {indicator.pk: n for n, indicator in enumerate(indicators)}
    indicator_codes = {indicator.pk: indicator.code for indicator in indicators}
    targets = sorted(
        Target.objects.filter(indicator__plan=plan),
        key=lambda t: (indicator_place[t.indicator_id], t.year, t.quarter or 0),
    )
    risks = list(Risk.objects.filter(plan=plan).prefetch_related("objectives").order_by("code"))
    scenarios = sorted(Scenario.objects.filter(plan=plan), key=_by_order)
    scenario_place = {scenario.pk: n for n, scenario in enumerate(scenarios)}
    scenario_codes = {scenario.pk: scenario.code for scenario in scenarios}
    scenario_targets = sorted(
        ScenarioTarget.objects.filter(scenario__plan=plan),
        key=lambda t: (scenario_place[t.scenario_id], indicator_place[t.indicator_id], t.year),
    )

    return {
        "plan": [row_of(plan, "plan")],
        "units": [row_of(unit, "units", parent=unit_codes.get(unit.parent_id)) for unit in units],
        "goals": [row_of(goal, "goals") for goal in goals],
        "objectives": [
            row_of(
                objective,
                "objectives",
                goal=goal_codes[objective.goal_id],
                lead_unit=unit_codes[objective.lead_unit_id],
            )
            for objective in objectives
        ],
        "indicators": [
            row_of(
                indicator,
                "indicators",
                objective=objective_codes[indicator.objective_id],
                unit=unit_codes[indicator.unit_id],
            )
            for indicator in indicators
        ],
        "yearly_targets": [
            {"indicator": indicator_codes[t.indicator_id], "year": t.year, "value": t.value}
            for t in targets
            if t.quarter is None
        ],
        "quarterly_targets": [
            {
                "indicator": indicator_codes[t.indicator_id],
                "year": t.year,
                "quarter": t.quarter,
                "value": t.value,
            }
            for t in targets
            if t.quarter is not None
        ],
        "risks": [
            row_of(
                risk,
                "risks",
                unit=unit_codes[risk.unit_id],
                objectives=", ".join(sorted(o.code for o in risk.objectives.all())) or None,
            )
            for risk in risks
        ],
        "scenarios": [row_of(scenario, "scenarios") for scenario in scenarios],
        "scenario_targets": [
            {
                "scenario": scenario_codes[t.scenario_id],
                "indicator": indicator_codes[t.indicator_id],
                "year": t.year,
                "value": t.value,
            }
            for t in scenario_targets
        ],
    }


def row_of(item, sheet_key: str, **references) -> dict:
    """One row of a sheet for ``item``: its fields by column key, as stored, with
    ``references`` (codes) for the columns that refer to another sheet."""
    return {
        column.key: references[column.key]
        if column.key in references
        else getattr(item, column.key, None)
        for column in spec.BY_KEY[sheet_key].columns
    }


def _write(rows: dict[str, list[dict]]) -> bytes:
    language = translation.get_language() or "ar"
    rtl = translation.get_language_info(language)["bidi"]  # Arabic and Kurdish
    workbook = new_workbook()
    instructions = workbook.create_sheet(str(spec.INSTRUCTIONS_TITLE))
    instructions.sheet_view.rightToLeft = rtl
    lists = ListsSheet(workbook, rtl=rtl)
    written = {}
    for sheet_spec in spec.SHEETS:
        written[sheet_spec.key] = add_sheet(
            workbook,
            sheet_spec,
            _blanks_as_none(rows[sheet_spec.key]),
            rtl=rtl,
            lists=lists,
            validate_rows=SPARE_ROWS,
        )
    for (sheet_key, column_key), target_key in spec.REFERENCES.items():
        _reference_list(
            written[sheet_key],
            spec.BY_KEY[sheet_key],
            column_key,
            written[target_key],
            last=max(len(rows[sheet_key]), len(rows[target_key])) + 1 + SPARE_ROWS,
        )
    _fill_instructions(instructions)
    workbook.move_sheet(lists.sheet, offset=len(workbook.sheetnames) - 1)
    return save(workbook)


def _blanks_as_none(rows: list[dict]) -> list[dict]:
    """Empty texts are left as empty cells (a cell holding "" is not empty to Excel)."""
    return [{key: (None if value == "" else value) for key, value in row.items()} for row in rows]


def _reference_list(sheet, sheet_spec, column_key, target, *, last: int) -> None:
    """A drop-down of the codes on the sheet the column refers to (its first column). Only a
    warning when a code is typed that the list lacks: it may be one Marsad already holds."""
    letter = _letter(sheet_spec, column_key)
    quoted = target.title.replace("'", "''")
    validation = DataValidation(
        type="list",
        formula1=f"'{quoted}'!$A$2:$A${last}",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
    )
    validation.error = _("This code is not on the sheet “%(sheet)s”.") % {"sheet": target.title}
    sheet.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{last}")


def _letter(sheet_spec, column_key) -> str:
    index = [column.key for column in sheet_spec.columns].index(column_key)
    return get_column_letter(index + 1)


def _fill_instructions(sheet) -> None:
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 40
    sheet.column_dimensions["D"].width = 70
    sheet.append([_("How to fill in this workbook")])
    sheet["A1"].font = Font(bold=True, size=14)
    for rule in _rules():
        sheet.append([rule])
        sheet.merge_cells(f"A{sheet.max_row}:D{sheet.max_row}")
        sheet.cell(row=sheet.max_row, column=1).alignment = wrap
        sheet.row_dimensions[sheet.max_row].height = 32
    for sheet_spec in spec.SHEETS:
        sheet.append([])
        sheet.append([str(sheet_spec.title), str(spec.PURPOSES[sheet_spec.key])])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        sheet.merge_cells(f"B{sheet.max_row}:D{sheet.max_row}")
        sheet.append([_("Column"), _("Required"), _("Allowed values"), _("Explanation")])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for column in sheet_spec.columns:
            allowed = ""
            if column.choices:
                allowed = " | ".join(column.choice_labels(translation.get_language() or "ar"))
            elif column.kind == "flag":
                allowed = f"{_('Yes')} | {_('No')}"
            sheet.append(
                [
                    str(column.heading),
                    _("Yes") if column.required else "",
                    allowed,
                    str(column.help) if column.help else "",
                ]
            )
            for cell in sheet[sheet.max_row]:
                cell.alignment = wrap


def _rules() -> list[str]:
    return [
        _(
            "Each sheet holds one kind of row under a row of headings; keep the headings as "
            "they are. The columns with a red heading are required."
        ),
        _(
            "Codes join the sheets: an objective gives the code of its goal, an indicator the "
            "codes of its objective and of its responsible unit. Each row is matched by its "
            "code to what Marsad holds: a new code is added, a known one is updated, and what "
            "the workbook leaves out is left as it is (nothing is deleted)."
        ),
        _(
            "Numbers may be written with Western or Arabic-Indic digits and the Arabic decimal "
            "sign (١٢٥٠٫٥). Write values, not formulas; do not merge cells or hide sheets."
        ),
        _("Choices may be written in Arabic or in English; the drop-down lists offer them."),
        _(
            "The whole workbook is checked before anything is saved: if any cell is wrong, "
            "nothing is imported and every problem is listed with its sheet and cell."
        ),
        _(
            "A target that an import changes keeps its history: its revision gives the reason "
            "“import” and the name of the file."
        ),
    ]
