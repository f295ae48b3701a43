"""Reading the plan workbook back: every cell checked, every problem located, and what is
right saved through the plan builder's own services, all in one transaction or nothing.

``plan_import`` is the one entry point (the ``import_plan`` command and the import page call
it). It runs in three steps:

1. **Read** (``plans.workbooks``): the file as a whole (not a workbook, macros, size), its
   sheets (unknown, hidden, repeated), their headings, and every cell by its column's kind
   (required, text lengths, codes, numbers with Arabic-Indic digits, choices in either
   language, dates). A code repeated on a sheet is a problem of its second row.
2. **Save**, sheet by sheet in ``sheets.SHEETS`` order, inside one transaction: each row is
   matched by its code to what Marsad holds; references are resolved (to a row of the
   workbook or to what the plan already holds); target years must lie inside the plan and
   an indicator has one target per year and per quarter. A new code is created and a known
   one updated through the same service the builder pages call (``unit_create``,
   ``plan_update``, ``goal_create``, ``objective_update``, ``indicator_create``,
   ``indicator_targets_save``, ``risk_update``, ``scenario_targets_save``…), so their rules
   (the engine's measure and aggregation rules among them) hold here too and their
   messages land on the cell of the field they name. A row whose cells match what Marsad
   holds calls nothing. A changed target keeps its revision, with the reason
   ``import <file name>``. A row with a problem is skipped, and so is every row that
   refers to it (without a second message), while the other rows are still checked.
3. **Decide**: with any problem, or for a dry run (the preview), the transaction is rolled
   back and nothing is written; otherwise it commits.

Nothing is deleted: what the workbook leaves out stays as it is (and is counted as such).
A code cannot be changed by an import (the code is what a row is matched by).
"""

import gc
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from indicators.models import Indicator, Measure, Scenario, ScenarioTarget, Target
from indicators.plan_workbook import sheets as spec
from indicators.plan_workbook.export import row_of
from indicators.services import scenarios as scenario_services
from indicators.services import structure as indicator_services
from plans.errors import Conflict
from plans.models import Goal, Objective, OrgUnit, Risk, StrategicPlan
from plans.services import organisation, risks
from plans.services import structure as plan_services
from plans.services.structure import require_planning_admin
from plans.vocabulary import period_label
from plans.workbooks import (
    Problem,
    Row,
    SheetReader,
    WorkbookRefused,
    find_sheets,
    open_workbook,
)

# Columns whose empty cell keeps what Marsad holds (or takes the default for a new row),
# rather than clearing it: a weight or an order cannot be "nothing".
KEEP_WHEN_EMPTY = {
    "plan": {
        "status", "green_threshold", "amber_threshold", "achievement_cap", "band_medium",
        "band_high", "band_critical",
    },
    "units": {"order"},
    "goals": {"weight", "order", "is_archived"},
    "objectives": {"weight", "order", "is_archived"},
    "indicators": {"weight", "order", "is_archived", "method", "frequency"},
    "risks": {"kind", "status"},
    "scenarios": {"order"},
}  # fmt: skip

# A risk's objectives are codes separated by commas (Arabic ones too), semicolons or spaces.
_CODE_SEPARATORS = re.compile(r"[,،;؛\s]+")


def import_reason(file_name: str) -> str:
    """The reason a target revision made by an import gives: ``import plan-2024.xlsx``."""
    return f"import {file_name}".strip()


@dataclass
class SheetOutcome:
    """What an import does (or would do) to one sheet's kind of row."""

    key: str
    title: str
    created: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)  # (row, what changed)
    unchanged: int = 0
    absent: int = 0  # held by Marsad, not in the workbook: left as they are


@dataclass
class ImportResult:
    problems: list[Problem]
    outcomes: list[SheetOutcome] = field(default_factory=list)
    plan: StrategicPlan | None = None
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def total(self, what: str) -> int:
        return sum(
            len(getattr(o, what)) if what != "unchanged" else o.unchanged for o in self.outcomes
        )


class _RollBack(Exception):
    pass


def plan_import(
    *,
    by,
    source,
    file_name: str,
    plan_code: str | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Import a plan workbook (a file object, bytes or a path). ``plan_code`` names the plan
    it goes into (from the plan's page, or ``--plan``); without it the workbook's Plan sheet
    names it. With ``dry_run`` everything is checked and counted and nothing is written.

    Side effects (when there is no problem and it is not a dry run): what the services it
    calls write, listed in the module's docstring; nothing at all otherwise. Raises
    PermissionDenied for anyone but a planning admin.
    """
    require_planning_admin(by)
    try:
        workbook = open_workbook(source)
    except WorkbookRefused as refused:
        return ImportResult(problems=[Problem("", None, None, refused.message)])
    run = _Import(by=by, workbook=workbook, file_name=file_name, plan_code=plan_code)
    # Every cell has been read into rows: the workbook's own objects (a cell object for each
    # of a plan's 100,000 cells) are let go before the save builds its rows.
    del workbook
    gc.collect()  # the workbook and its sheets refer to one another: a cycle to collect
    existed = StrategicPlan.objects.filter(code=plan_code).first() if plan_code else None
    try:
        with transaction.atomic():
            run.save()
            if run.problems() or dry_run:
                raise _RollBack
    except _RollBack:
        saved = False
    else:
        saved = True
    plan = run.plan if saved else (existed or _plan_after_rollback(run.plan))
    return ImportResult(problems=run.problems(), outcomes=run.outcomes, plan=plan, saved=saved)


def _plan_after_rollback(plan):
    if plan is None:
        return None
    return StrategicPlan.objects.filter(code=plan.code).first()


class _Import:
    def __init__(self, *, by, workbook, file_name: str, plan_code: str | None):
        self.by, self.reason, self.plan_code = by, import_reason(file_name), plan_code
        self.plan: StrategicPlan | None = None
        found, self.sheet_problems = find_sheets(
            workbook, spec.SHEETS, also=[spec.INSTRUCTIONS_TITLE, spec.LISTS_TITLE]
        )
        self.readers: dict[str, SheetReader] = {}
        self.rows: dict[str, list[Row]] = {}
        for sheet_spec in spec.SHEETS:
            if sheet_spec.key in found:
                reader = SheetReader(found[sheet_spec.key], sheet_spec)
                self.readers[sheet_spec.key] = reader
                self.rows[sheet_spec.key] = list(reader.rows())
                reader.sheet = None  # read: what is kept is its rows, problems and letters
            else:
                self.rows[sheet_spec.key] = []
        self.outcomes = [
            SheetOutcome(key=s.key, title=str(s.title)) for s in spec.SHEETS if s.key in found
        ]
        self._outcome = {outcome.key: outcome for outcome in self.outcomes}
        # What a code refers to, by sheet: the plan's own (and the organisation's units),
        # then what this import created. Codes of rows that failed are kept apart, so that
        # a row referring to one is skipped without a second message.
        self.made: dict[str, dict] = defaultdict(dict)
        self.failed: dict[str, set] = defaultdict(set)
        self._repeated_codes()

    # --- Problems ---------------------------------------------------------------------------

    def problems(self) -> list[Problem]:
        found = list(self.sheet_problems)
        for sheet_spec in spec.SHEETS:
            reader = self.readers.get(sheet_spec.key)
            if reader is None:
                continue
            found.extend(reader.problems)
            order = {c.key: n for n, c in enumerate(sheet_spec.columns)}
            position = {reader.letters[k]: order[k] for k in reader.letters}
            for row in self.rows[sheet_spec.key]:
                found.extend(
                    sorted(
                        row.problems,
                        key=lambda p: (p.column is not None, position.get(p.column, 99)),
                    )
                )
        return found

    def _repeated_codes(self) -> None:
        for key, rows in self.rows.items():
            if spec.BY_KEY[key].columns[0].key != "code":
                continue
            seen: dict[str, int] = {}
            for row in rows:
                code = row.values.get("code")
                if code is None:
                    continue
                if code in seen:
                    row.problem(
                        "code",
                        _("The code “%(code)s” is already used on row %(row)s of this sheet.")
                        % {"code": code, "row": seen[code]},
                    )
                else:
                    seen[code] = row.number

    def _usable(self, key: str, row: Row) -> bool:
        """A row without problems whose required cells were all read."""
        if row.problems:
            return False
        return all(
            row.values.get(column.key) is not None
            for column in spec.BY_KEY[key].columns
            if column.required
        )

    def _fail(self, key: str, row: Row) -> None:
        code = row.values.get("code")
        if code is not None:
            self.failed[key].add(code)

    def _service(self, row: Row, call):
        """Run one service call; its ValidationError (or Conflict) becomes problems of the
        row, on the cells of the fields it names. Returns the call's result, or None."""
        try:
            return call()
        except ValidationError as error:
            _located(row, error)
        except Conflict as error:
            row.problem("", error.message)
        return None

    # --- Helpers for every sheet ------------------------------------------------------------

    def _present(self, key: str) -> set[str]:
        reader = self.readers.get(key)
        return set(reader.letters) if reader else set()

    def _wanted(self, key: str, row: Row) -> dict:
        """The row's values for the columns the sheet has, as the services take them: an
        empty text is "", an empty number None, and an empty cell of a column in
        ``KEEP_WHEN_EMPTY`` is left out (the service's default, or what is held, stays)."""
        keep = KEEP_WHEN_EMPTY.get(key, set())
        wanted = {}
        for column in spec.BY_KEY[key].columns:
            if column.key not in self._present(key):
                continue
            value = row.values.get(column.key)
            if value is None:
                if column.key in keep:
                    continue
                if column.kind in ("text", "code"):
                    value = ""
            wanted[column.key] = value
        return wanted

    def _refer(self, row: Row, column_key: str, target: str):
        """What the code in ``column_key`` refers to on sheet ``target`` (or in what Marsad
        holds); ``None`` for an empty cell; ``_SKIP`` when it refers to a row that failed or
        to nothing (then a problem of this row)."""
        code = row.values.get(column_key)
        if code is None:
            return None
        if code in self.made[target]:
            return self.made[target][code]
        if code not in self.failed[target]:
            row.problem(
                column_key,
                _unknown(code, target),
            )
        return _SKIP

    def _compare(self, key: str, wanted: dict, current: dict) -> list[str]:
        """The keys whose wanted value differs from what is held."""
        return [name for name, value in wanted.items() if not _same(value, current.get(name))]

    def _headings(self, key: str, names) -> list[str]:
        sheet_spec = spec.BY_KEY[key]
        return [str(sheet_spec.column(name).heading) for name in names]

    def _count_absent(self, key: str, held_codes) -> None:
        outcome = self._outcome.get(key)
        if outcome is not None:
            in_file = {row.values.get("code") for row in self.rows[key]}
            outcome.absent = len(set(held_codes) - in_file)

    # --- Saving, sheet by sheet -------------------------------------------------------------

    def save(self) -> None:
        self._units()
        self._plan()
        if self.plan is None:
            return
        self._goals()
        self._objectives()
        self._indicators()
        self._targets()
        self._risks()
        self._scenarios()
        self._scenario_targets()

    def _units(self) -> None:
        held = {unit.code: unit for unit in OrgUnit.objects.all()}
        by_pk = {unit.pk: unit for unit in held.values()}
        self.made["units"] = dict(held)
        rows = self.rows["units"]
        self._count_absent("units", held)
        for row in rows:
            if not self._usable("units", row):
                self._fail("units", row)
        # Parents before the units under them: a row waits while its parent is a row still
        # waiting; what waits when nothing moves sits in a circle.
        waiting = [row for row in rows if self._usable("units", row)]
        while waiting:
            pending = {row.values["code"] for row in waiting}
            ready = [row for row in waiting if row.values.get("parent") not in pending]
            if not ready:
                for row in waiting:
                    row.problem(
                        "parent",
                        _("These units are placed under one another in a circle; break it."),
                    )
                    self._fail("units", row)
                return
            for row in ready:
                waiting.remove(row)
                self._unit(row, held.get(row.values["code"]), by_pk)

    def _unit(self, row: Row, unit: OrgUnit | None, by_pk) -> None:
        parent = self._refer(row, "parent", "units")
        if parent is _SKIP:
            self._fail("units", row)
            return
        wanted = self._wanted("units", row)
        outcome = self._outcome["units"]
        code = row.values["code"]
        if unit is None:
            values = {**wanted, "parent": parent}
            values.setdefault("order", 0)
            made = self._service(row, lambda: organisation.unit_create(by=self.by, **values))
            if made is None:
                return self._fail("units", row)
            self.made["units"][code] = made
            outcome.created.append(code)
            return
        current = row_of(
            unit, "units", parent=by_pk[unit.parent_id].code if unit.parent_id else None
        )
        changed = self._compare("units", wanted, current)
        if not changed:
            outcome.unchanged += 1
            return
        full = {
            "code": unit.code, "name_ar": unit.name_ar, "name_en": unit.name_en,
            "kind": unit.kind, "parent": unit.parent, "order": unit.order, "email": unit.email,
            **wanted,
        }  # fmt: skip
        if "parent" in wanted:
            full["parent"] = parent
        made = self._service(row, lambda: organisation.unit_update(unit=unit, by=self.by, **full))
        if made is None:
            return self._fail("units", row)
        self.made["units"][code] = made
        outcome.changed.append((code, self._headings("units", changed)))

    def _plan(self) -> None:
        rows = self.rows["plan"]
        for extra in rows[1:]:
            extra.problem("", _("This sheet describes one plan: keep its one row."))
        row = rows[0] if rows else None
        usable = row is not None and self._usable("plan", row)
        code = self.plan_code or (row.values.get("code") if row is not None else None)
        held = StrategicPlan.objects.filter(code=code).first() if code else None
        if code is None:
            if row is None:
                self.sheet_problems.append(
                    Problem(
                        str(spec.PLAN.title),
                        None,
                        None,
                        _(
                            "Say which plan this is: fill in the row of this sheet, or import "
                            "the workbook from the plan's own page (or with --plan)."
                        ),
                    )
                )
            return
        if self.plan_code and row is not None and row.values.get("code") not in (None, code):
            row.problem(
                "code",
                _(
                    "This workbook describes the plan “%(code)s”, not the plan “%(plan)s” it "
                    "is being imported into."
                )
                % {"code": row.values["code"], "plan": code},
            )
            self.plan = held
            return
        outcome = self._outcome.get("plan")
        if held is None:
            if row is None:
                self.sheet_problems.append(
                    Problem(
                        str(spec.PLAN.title),
                        None,
                        None,
                        _("No plan has the code “%(code)s”. Fill in this sheet to create it.")
                        % {"code": code},
                    )
                )
                return
            if not usable:
                return
            self.plan = self._service(
                row, lambda: plan_services.plan_create(by=self.by, fields=self._wanted("plan", row))
            )
            if self.plan is not None:
                outcome.created.append(code)
            return
        self.plan = held
        if not usable:
            return
        wanted = self._wanted("plan", row)
        changed = self._compare("plan", wanted, row_of(held, "plan"))
        if not changed:
            outcome.unchanged += 1
            return
        changes = {name: wanted[name] for name in changed}
        updated = self._service(
            row, lambda: plan_services.plan_update(plan=held, by=self.by, changes=changes)
        )
        if updated is not None:
            self.plan = updated
            outcome.changed.append((code, self._headings("plan", changed)))

    def _items(self, key: str, held: dict, save_row) -> None:
        """Goals, objectives, indicators, risks and scenarios: row by row, by code."""
        self.made[key].update(held)
        self._count_absent(key, held)
        for row in self.rows[key]:
            if not self._usable(key, row):
                self._fail(key, row)
                continue
            if not save_row(row, held.get(row.values["code"])):
                self._fail(key, row)

    def _created_or_changed(self, key, row, item, current, wanted, create, update) -> bool:
        """The common end of a row: create, update only what differs, or leave alone."""
        outcome = self._outcome[key]
        code = row.values["code"]
        if item is None:
            made = self._service(row, create)
            if made is None:
                return False
            self.made[key][code] = made
            outcome.created.append(code)
            return True
        changed = self._compare(key, wanted, current)
        if not changed:
            outcome.unchanged += 1
            return True
        made = self._service(row, lambda: update(changed))
        if made is None:
            return False
        self.made[key][code] = made
        outcome.changed.append((code, self._headings(key, changed)))
        return True

    def _archive(self, key, row, item, wanted, archive) -> bool:
        """Archive or bring back an item whose Archived cell says so (after it is saved)."""
        archived = wanted.get("is_archived")
        if archived is None or archived == item.is_archived:
            return True
        return self._service(row, lambda: archive(item, archived)) is not None

    def _goals(self) -> None:
        held = {goal.code: goal for goal in Goal.objects.filter(plan=self.plan)}

        def save_row(row, goal):
            wanted = self._wanted("goals", row)
            fields = {k: v for k, v in wanted.items() if k != "is_archived"}
            current = row_of(goal, "goals") if goal else {}

            def update(changed):
                changes = _only(fields, changed)
                if not changes:
                    return goal
                return plan_services.goal_update(goal=goal, by=self.by, changes=changes)

            done = self._created_or_changed(
                "goals", row, goal, current, wanted,
                lambda: plan_services.goal_create(plan=self.plan, by=self.by, fields=fields),
                update,
            )  # fmt: skip
            saved = self.made["goals"].get(row.values["code"])
            return done and self._archive(
                "goals", row, saved, wanted,
                lambda item, archived: plan_services.goal_archive(
                    goal=item, by=self.by, archived=archived
                ),
            )  # fmt: skip

        self._items("goals", held, save_row)

    def _objectives(self) -> None:
        held = {
            o.code: o
            for o in Objective.objects.filter(plan=self.plan).select_related("goal", "lead_unit")
        }

        def save_row(row, objective):
            goal = self._refer(row, "goal", "goals")
            lead = self._refer(row, "lead_unit", "units")
            if goal is _SKIP or lead is _SKIP:
                return False
            wanted = self._wanted("objectives", row)
            fields = {k: v for k, v in wanted.items() if k not in ("is_archived", "goal")}
            fields["lead_unit"] = lead
            current = (
                row_of(
                    objective,
                    "objectives",
                    goal=objective.goal.code,
                    lead_unit=objective.lead_unit.code,
                )
                if objective
                else {}
            )

            def update(changed):
                changes = _only({**fields, "goal": goal}, changed)
                if "goal" in changes and "order" in fields:
                    changes["order"] = fields["order"]  # moved, but where the sheet says
                if not changes:
                    return objective
                return plan_services.objective_update(
                    objective=objective, by=self.by, changes=changes
                )

            done = self._created_or_changed(
                "objectives", row, objective, current, wanted,
                lambda: plan_services.objective_create(goal=goal, by=self.by, fields=fields),
                update,
            )  # fmt: skip
            saved = self.made["objectives"].get(row.values["code"])
            return done and self._archive(
                "objectives", row, saved, wanted,
                lambda item, archived: plan_services.objective_archive(
                    objective=item, by=self.by, archived=archived
                ),
            )  # fmt: skip

        self._items("objectives", held, save_row)

    def _indicators(self) -> None:
        held = {
            i.code: i
            for i in Indicator.objects.filter(plan=self.plan).select_related("objective", "unit")
        }

        def save_row(row, indicator):
            objective = self._refer(row, "objective", "objectives")
            unit = self._refer(row, "unit", "units")
            percent_ok = _percent_ok(row, row.values["code"], row.values["measure"])
            if objective is _SKIP or unit is _SKIP or not percent_ok:
                return False
            wanted = self._wanted("indicators", row)
            fields = {k: v for k, v in wanted.items() if k not in ("is_archived", "objective")}
            fields["unit"] = unit
            current = (
                row_of(
                    indicator,
                    "indicators",
                    objective=indicator.objective.code,
                    unit=indicator.unit.code,
                )
                if indicator
                else {}
            )

            def update(changed):
                changes = _only({**fields, "objective": objective}, changed)
                if "objective" in changes and "order" in fields:
                    changes["order"] = fields["order"]
                if not changes:
                    return indicator
                return indicator_services.indicator_update(
                    indicator=indicator, by=self.by, changes=changes
                )

            if indicator is None:  # created with the others, below
                new.append((row, objective, fields, wanted))
                return True
            done = self._created_or_changed(
                "indicators", row, indicator, current, wanted, None, update
            )
            saved = self.made["indicators"].get(row.values["code"])
            return done and archive(row, saved, wanted)

        def archive(row, saved, wanted) -> bool:
            return self._archive(
                "indicators", row, saved, wanted,
                lambda item, archived: indicator_services.indicator_archive(
                    indicator=item, by=self.by, archived=archived
                ),
            )  # fmt: skip

        new: list[tuple] = []
        self._items("indicators", held, save_row)
        # The new indicators in one go (a plan's worth of them, row by row, would take
        # minutes): indicator_create's checks and messages, one bulk insert.
        made = indicator_services.indicators_create_many(
            plan=self.plan,
            by=self.by,
            items=[(objective, fields) for _row, objective, fields, _wanted in new],
        )
        outcome = self._outcome["indicators"]
        for (row, _objective, _fields, wanted), (indicator, errors) in zip(new, made, strict=True):
            if errors:
                _located(row, ValidationError(errors))
                self._fail("indicators", row)
                continue
            self.made["indicators"][row.values["code"]] = indicator
            outcome.created.append(row.values["code"])
            if not archive(row, indicator, wanted):
                self._fail("indicators", row)

    def _targets(self) -> None:
        """Both target sheets, saved together by ``targets_save_many`` (each indicator's
        yearly and quarterly targets as one grid, with ``indicator_targets_save``'s rules),
        only the cells that differ from what is held."""
        plan = self.plan
        held: dict[int, dict] = defaultdict(dict)
        for target in Target.objects.filter(indicator__plan=plan):
            held[target.indicator_id][(target.year, target.quarter)] = target.value
        cells: dict[str, dict] = defaultdict(dict)  # indicator code → {(year, quarter): value}
        where: dict[tuple, tuple[str, Row]] = {}  # (indicator code, year, quarter) → row
        indicators: dict[str, Indicator] = {}
        seen: dict[tuple, Row] = {}  # every row that names an indicator and a span
        for key in ("yearly_targets", "quarterly_targets"):
            for row in self.rows[key]:
                code, year = row.values.get("indicator"), row.values.get("year")
                quarter = row.values.get("quarter")
                span = (year, quarter)
                named = code is not None and year is not None
                if named and (key == "yearly_targets" or quarter is not None):
                    if (code, *span) in seen:
                        row.problem(
                            "year",
                            _("This indicator already has a target for %(span)s, on row %(row)s.")
                            % {"span": _span(*span), "row": seen[(code, *span)].number},
                        )
                        continue
                    seen[(code, *span)] = row
                if not self._usable(key, row):
                    continue
                if year not in plan.years:
                    row.problem(
                        "year",
                        _("The year must be inside the plan (%(first)s–%(last)s).")
                        % {"first": plan.first_year, "last": plan.last_year},
                    )
                if key == "quarterly_targets" and quarter not in (1, 2, 3, 4):
                    row.problem("quarter", _("The quarter must be between 1 and 4."))
                indicator = self._refer(row, "indicator", "indicators")
                if indicator is not _SKIP:
                    _percent_ok(row, indicator.code, indicator.measure)
                if indicator is _SKIP or row.problems:
                    continue
                where[(code, *span)] = (key, row)
                cells[code][span] = row.values["value"]
                indicators[code] = indicator
        changing: dict[int, dict] = {}  # indicator id → the cells that are new or revised
        news: dict[str, set] = {}
        for code, grid in cells.items():
            indicator = indicators[code]
            current = held.get(indicator.pk, {})
            news[code] = {span for span in grid if span not in current}
            revised = {
                span for span, value in grid.items() if span in current and current[span] != value
            }
            for span in set(grid) - news[code] - revised:
                self._outcome[where[(code, *span)][0]].unchanged += 1
            if news[code] or revised:
                changing[indicator.pk] = {span: grid[span] for span in news[code] | revised}
        # Every indicator's grid in one go: the rules of indicator_targets_save, cell by
        # cell, in a few statements rather than several per target.
        _saved, refused = indicator_services.targets_save_many(
            plan=plan, by=self.by, cells=changing, reason=self.reason
        )
        codes = {indicator.pk: code for code, indicator in indicators.items()}
        for indicator_id, grid in changing.items():
            code = codes[indicator_id]
            if indicator_id in refused:
                by_key = {indicator_services.cell_key(*span): span for span in grid}
                first = min(grid, key=lambda s: (s[0], s[1] or 0))
                for name, message in refused[indicator_id].items():
                    if name in by_key:
                        where[(code, *by_key[name])][1].problem("value", message)
                    else:  # not of one cell (none is expected): said on the first one's row
                        where[(code, *first)][1].problem("", message)
                continue
            current = held.get(indicator_id, {})
            for span in sorted(grid, key=lambda s: (s[0], s[1] or 0)):
                sheet, row = where[(code, *span)]
                label = f"{code} · {_span(*span)}"
                if span in news[code]:
                    self._outcome[sheet].created.append(label)
                else:
                    old, new = _number(current[span]), _number(grid[span])
                    self._outcome[sheet].changed.append((label, [f"{old} → {new}"]))
        codes_by_pk = {i.pk: code for code, i in self.made["indicators"].items()}
        for key in ("yearly_targets", "quarterly_targets"):
            outcome = self._outcome.get(key)
            if outcome is None:
                continue
            quarterly = key == "quarterly_targets"
            listed = {span for span, (sheet, _row) in where.items() if sheet == key}
            outcome.absent = sum(
                1
                for indicator_id, spans in held.items()
                for (year, quarter) in spans
                if (quarter is not None) == quarterly
                and (codes_by_pk.get(indicator_id), year, quarter) not in listed
            )

    def _risks(self) -> None:
        held = {
            r.code: r
            for r in Risk.objects.filter(plan=self.plan)
            .select_related("unit")
            .prefetch_related("objectives")
        }

        def save_row(row, risk):
            unit = self._refer(row, "unit", "units")
            chosen = self._objectives_of(row)
            if unit is _SKIP or chosen is _SKIP:
                return False
            wanted = self._wanted("risks", row)
            current = (
                row_of(risk, "risks", unit=risk.unit.code, objectives=_codes(risk.objectives.all()))
                if risk
                else {}
            )
            if "objectives" in wanted:
                wanted["objectives"] = _codes(chosen)
            values = {k: v for k, v in wanted.items() if k not in ("unit", "objectives")}
            values["unit"] = unit
            values["objectives"] = chosen if "objectives" in wanted else None

            def update(_changed):
                full = {
                    name: getattr(risk, name)
                    for name in (
                        "code", "kind", "category", "title_ar", "title_en", "description_ar",
                        "description_en", "likelihood", "impact", "mitigation_ar",
                        "mitigation_en", "owner_ar", "owner_en", "review_on", "status",
                    )
                }  # fmt: skip
                full.update({k: v for k, v in values.items() if k != "objectives"})
                full["objectives"] = (
                    values["objectives"]
                    if values["objectives"] is not None
                    else list(risk.objectives.all())
                )
                return risks.risk_update(risk=risk, by=self.by, reason=self.reason, **full)

            def create():
                new = {k: v for k, v in values.items() if v is not None or k == "review_on"}
                new["objectives"] = values["objectives"] or []
                return risks.risk_create(by=self.by, plan=self.plan, **new)

            return self._created_or_changed("risks", row, risk, current, wanted, create, update)

        self._items("risks", held, save_row)

    def _objectives_of(self, row: Row):
        text = row.values.get("objectives")
        if text is None:
            return []
        codes = [code for code in _CODE_SEPARATORS.split(text) if code]
        unknown = [
            code
            for code in codes
            if code not in self.made["objectives"] and code not in self.failed["objectives"]
        ]
        if unknown:
            row.problem(
                "objectives",
                _("No objective has the code %(codes)s, on the sheet “%(sheet)s” or in the plan.")
                % {
                    "codes": pgettext("list separator", ", ").join(f"“{c}”" for c in unknown),
                    "sheet": str(spec.OBJECTIVES.title),
                },
            )
            return _SKIP
        if any(
            code in self.failed["objectives"] and code not in self.made["objectives"]
            for code in codes
        ):
            return _SKIP
        return [self.made["objectives"][code] for code in dict.fromkeys(codes)]

    def _scenarios(self) -> None:
        held = {s.code: s for s in Scenario.objects.filter(plan=self.plan)}

        def save_row(row, scenario):
            wanted = self._wanted("scenarios", row)
            current = row_of(scenario, "scenarios") if scenario else {}

            def update(_changed):
                full = {
                    name: getattr(scenario, name)
                    for name in (
                        "code", "name_ar", "name_en", "assumptions_ar", "assumptions_en", "order",
                    )
                }  # fmt: skip
                full.update(wanted)
                return scenario_services.scenario_update(scenario=scenario, by=self.by, **full)

            return self._created_or_changed(
                "scenarios", row, scenario, current, wanted,
                lambda: scenario_services.scenario_create(by=self.by, plan=self.plan, **wanted),
                update,
            )  # fmt: skip

        self._items("scenarios", held, save_row)

    def _scenario_targets(self) -> None:
        plan = self.plan
        held = {
            (t.scenario_id, t.indicator_id, t.year): t.value
            for t in ScenarioTarget.objects.filter(scenario__plan=plan)
        }
        outcome = self._outcome.get("scenario_targets")
        grids: dict[str, dict] = defaultdict(dict)
        first_row: dict[str, Row] = {}
        seen: dict[tuple, Row] = {}
        for row in self.rows["scenario_targets"]:
            key = tuple(row.values.get(name) for name in ("scenario", "indicator", "year"))
            if None not in key:
                if key in seen:
                    row.problem(
                        "year",
                        _(
                            "This scenario already has a target for this indicator and year, "
                            "on row %(row)s."
                        )
                        % {"row": seen[key].number},
                    )
                    continue
                seen[key] = row
            if not self._usable("scenario_targets", row):
                continue
            year = row.values["year"]
            if year not in plan.years:
                row.problem(
                    "year",
                    _("The year must be inside the plan (%(first)s–%(last)s).")
                    % {"first": plan.first_year, "last": plan.last_year},
                )
            scenario = self._refer(row, "scenario", "scenarios")
            indicator = self._refer(row, "indicator", "indicators")
            if indicator is not _SKIP:
                _percent_ok(row, indicator.code, indicator.measure)
            if scenario is _SKIP or indicator is _SKIP or row.problems:
                continue
            value = row.values["value"]
            label = f"{scenario.code} · {indicator.code} · {year}"
            old = held.get((scenario.pk, indicator.pk, year))
            if old is None:
                outcome.created.append(label)
            elif old != value:
                outcome.changed.append((label, [f"{_number(old)} → {_number(value)}"]))
            else:
                outcome.unchanged += 1
                continue
            grids[scenario.code][(indicator.pk, year)] = value
            first_row.setdefault(scenario.code, row)
        for code, cells in grids.items():
            scenario = self.made["scenarios"][code]
            self._service(
                first_row[code],
                lambda scenario=scenario, cells=cells: scenario_services.scenario_targets_save(
                    scenario=scenario, by=self.by, cells=cells
                ),
            )
        if outcome is not None:
            listed = {
                (self.made["scenarios"][s].pk, self.made["indicators"][i].pk, y)
                for (s, i, y) in seen
                if s in self.made["scenarios"] and i in self.made["indicators"]
            }
            outcome.absent = len(set(held) - listed)


_SKIP = object()

# Measures whose values are percentages (a ratio is shown as one): a target, baseline or
# tolerance of theirs may sit in a cell formatted as a percentage, read as what it shows.
PERCENT_MEASURES = (Measure.PERCENTAGE, Measure.RATIO)


def _percent_ok(row: Row, code: str, measure: str) -> bool:
    """A cell formatted as a percentage (read as the percentage it shows: 45% is 45) holds a
    value of an indicator measured as a percentage or a ratio; for any other measure it is
    a problem of the cell, since 45% of a count of schools means nothing."""
    if measure in PERCENT_MEASURES:
        return True
    wrong = sorted(row.percent & {"value", "baseline_value", "tolerance"})
    for key in wrong:
        row.problem(key, percent_cell_problem(code, measure))
    return not wrong


def percent_cell_problem(code: str, measure: str) -> str:
    """What is said of a percentage-formatted cell holding a value of an indicator that is
    not measured as a percentage (the plan's and the quarter's workbooks say the same)."""
    return _(
        "This cell is formatted as a percentage, but the indicator “%(code)s” is "
        "measured as “%(measure)s”: format the cell as a number and type the value "
        "itself."
    ) % {"code": code, "measure": Measure(measure).label}


def _located(row: Row, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            key = name if name in row.cells else ""
            for message in messages:
                row.problem(key, message)
    else:
        for message in error.messages:
            row.problem("", message)


def _unknown(code: str, target: str) -> str:
    """A reference to nothing, in the words of what it should have been."""
    sheet = str(spec.BY_KEY[target].title)
    messages = {
        "units": _("No unit has the code “%(code)s”, on the sheet “%(sheet)s” or in Marsad."),
        "goals": _("No goal has the code “%(code)s”, on the sheet “%(sheet)s” or in the plan."),
        "objectives": _(
            "No objective has the code “%(code)s”, on the sheet “%(sheet)s” or in the plan."
        ),
        "indicators": _(
            "No indicator has the code “%(code)s”, on the sheet “%(sheet)s” or in the plan."
        ),
        "scenarios": _(
            "No scenario has the code “%(code)s”, on the sheet “%(sheet)s” or in the plan."
        ),
    }
    return messages[target] % {"code": code, "sheet": sheet}


def _same(a, b) -> bool:
    if a in (None, "") and b in (None, ""):
        return True
    return a == b


def _only(values: dict, names) -> dict:
    return {name: values[name] for name in names if name in values}


def _codes(objectives) -> str | None:
    return ", ".join(sorted(o.code for o in objectives)) or None


def _span(year: int, quarter: int | None) -> str:
    return str(year) if quarter is None else period_label(year, quarter)


def _number(value: Decimal) -> str:
    value = Decimal(value)
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
