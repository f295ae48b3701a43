"""Building a plan's indicators and their target grids (the plan, periods, goals and
objectives: plans.services.structure, whose rules and helpers these share).

Only the planning admin calls these (PermissionDenied otherwise). Bad input raises
``ValidationError({field: message})`` with nothing written; the engine's rules are checked
here so that an indicator the engine cannot compute is refused as a form error. Every write
bumps the plan's revision.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from indicators.models import (
    Aggregation,
    Dimension,
    Direction,
    Indicator,
    Measure,
    Method,
    Target,
    TargetRevision,
)
from indicators.services.dimensions import check_indicator_dimensions
from indicators.services.revisions import indicators_touch
from indicators.services.targets import target_set
from plans.models import Objective, OrgUnit
from plans.services.periods import plan_touch
from plans.services.structure import (
    ITEM_FIELDS,
    assign,
    code_taken,
    next_order,
    positive_weight_error,
    refuse_delete,
    reorder,
    require_planning_admin,
    required,
    validated,
)

INDICATOR_FIELDS = (
    *ITEM_FIELDS,
    "objective", "unit", "measure", "direction", "aggregation", "method", "baseline_value",
    "baseline_year", "tolerance", "frequency", "data_source_ar", "data_source_en",
    "verification_ar", "verification_en", "numerator_label_ar", "numerator_label_en",
    "denominator_label_ar", "denominator_label_en",
)  # fmt: skip
# Disaggregation: the plan's dimensions the indicator is broken down by (docs/disaggregation.md).
DIMENSION_FIELDS = ("dimension_1", "dimension_2")


# --- Indicators -----------------------------------------------------------------------------


def _indicator_required(indicator: Indicator) -> dict[str, str]:
    errors = required(
        indicator,
        {
            "code": _("Enter a code."),
            "title_ar": _("Enter the Arabic title."),
            "measure": _("Choose the unit of measure."),
            "direction": _("Choose the direction."),
            "aggregation": _("Choose how quarters make a year."),
        },
    )
    if indicator.unit_id is None:
        errors["unit"] = _("Choose the responsible unit.")
    return errors


def _indicator_rules(indicator: Indicator, codes_taken: set[str] | None = None) -> dict[str, str]:
    """The engine's rules, so that every saved indicator can be computed; the code must be
    free in the plan (``codes_taken``: the plan's codes, known already, saves the query)."""
    errors = positive_weight_error(indicator)
    errors.update(check_indicator_dimensions(indicator))
    if indicator.objective.plan_id != indicator.plan_id:
        errors["objective"] = _("The objective belongs to another plan.")
    if indicator.measure == Measure.PERCENTAGE and indicator.aggregation == Aggregation.SUM:
        errors["aggregation"] = _(
            "A percentage is a level, not a count: it cannot be summed. Choose last or average."
        )
    if indicator.method == Method.BASELINE and indicator.baseline_value is None:
        errors["baseline_value"] = _("Progress from baseline needs a baseline value.")
    if indicator.tolerance is not None:
        if indicator.tolerance < 0:
            errors["tolerance"] = _("The tolerance cannot be negative.")
        elif indicator.direction != Direction.MAINTAIN:
            errors["tolerance"] = _(
                "A tolerance applies only to an indicator that maintains a level; leave it empty."
            )
    if indicator.baseline_year is not None:
        last = indicator.objective.plan.last_year
        if indicator.baseline_year > last:
            errors["baseline_year"] = _(
                "The baseline year must be inside the plan or before it (up to %(last)s)."
            ) % {"last": last}
    if codes_taken is None:
        errors.update(code_taken(Indicator.objects.filter(plan_id=indicator.plan_id), indicator))
    elif indicator.code in codes_taken:
        errors["code"] = _("This code is already used in this plan.")
    return errors


def _check_refs(values: Mapping[str, Any]) -> None:
    for name, kind in (
        ("objective", Objective), ("unit", OrgUnit),
        ("dimension_1", Dimension), ("dimension_2", Dimension),
    ):  # fmt: skip
        if name in values and values[name] is not None and not isinstance(values[name], kind):
            raise ValidationError({name: _("Choose one from the list.")})


@transaction.atomic
def indicator_create(*, objective: Objective, by, fields: Mapping[str, Any]) -> Indicator:
    """Add an indicator under an objective (in the objective's plan), last unless ``order``
    is given. ``fields`` may hold every field of INDICATOR_FIELDS but ``objective``.

    Side effects: one Indicator row; the plan's revision.
    """
    require_planning_admin(by)
    _check_refs(fields)
    if "objective" in fields:
        raise ValidationError({"objective": _("This field is not known.")})
    indicator = Indicator(
        plan_id=objective.plan_id, objective=objective, weight=Decimal(1), method=Method.RATIO
    )
    assign(indicator, fields, (*INDICATOR_FIELDS, *DIMENSION_FIELDS))
    if fields.get("order") is None:
        indicator.order = next_order(Indicator.objects.filter(objective=objective))
    validated(indicator, _indicator_required(indicator), _indicator_rules)
    indicator.save()
    plan_touch(objective.plan_id)
    return indicator


def indicators_create_many(
    *, plan, by, items: list[tuple[Objective, Mapping[str, Any]]]
) -> list[tuple[Indicator | None, dict[str, str]]]:
    """``indicator_create`` for many indicators of one plan at once (the plan workbook's
    import): ``items`` are (objective, fields) pairs as ``indicator_create`` takes them.
    The same checks with the same messages — field types, choices and lengths, the engine's
    rules, a code unique in the plan (and among ``items``) — worked out in memory from a
    few reads, then one bulk insert. The database's constraints stay the last guard: should
    the bulk insert break one, every item is created one by one with ``indicator_create``,
    whose refusal lands on its item. Returns, for each item in order, (the indicator, {}) or
    (None, {field: [messages]}).

    Side effects: an Indicator row per item without errors; the plan's revision, once.
    """
    require_planning_admin(by)
    taken = set(Indicator.objects.filter(plan=plan).values_list("code", flat=True))
    tops = dict(
        Indicator.objects.filter(plan=plan)
        .values("objective_id")
        .annotate(top=Max("order"))
        .values_list("objective_id", "top")
    )
    results: list[tuple[Indicator | None, dict[str, str]]] = []
    for objective, fields in items:
        try:
            _check_refs(fields)
        except ValidationError as error:
            results.append((None, error.message_dict))
            continue
        if "objective" in fields:
            results.append((None, {"objective": [_("This field is not known.")]}))
            continue
        indicator = Indicator(
            plan_id=objective.plan_id, objective=objective, weight=Decimal(1), method=Method.RATIO
        )
        assign(indicator, fields, INDICATOR_FIELDS)
        errors = _indicator_required(indicator)
        try:  # references are instances checked above: no query for them
            indicator.clean_fields(exclude={*errors, "plan", "objective", "unit"})
        except ValidationError as error:
            errors.update(error.message_dict)
        if not errors:
            errors.update(_indicator_rules(indicator, codes_taken=taken))
        if errors:
            results.append((None, ValidationError(errors).message_dict))
            continue
        taken.add(indicator.code)
        if fields.get("order") is None:
            indicator.order = (tops.get(objective.pk) or 0) + 1
        tops[objective.pk] = max(tops.get(objective.pk) or 0, indicator.order)
        results.append((indicator, {}))
    made = [indicator for indicator, _errors in results if indicator is not None]
    if not made:
        return results
    try:
        with transaction.atomic():
            Indicator.objects.bulk_create(made, batch_size=1000)
    except IntegrityError:
        return [
            _one_by_one(by, objective, fields) if indicator is not None else (None, errors)
            for (objective, fields), (indicator, errors) in zip(items, results, strict=True)
        ]
    plan_touch(plan.pk)
    return results


def _one_by_one(by, objective, fields) -> tuple[Indicator | None, dict[str, str]]:
    try:
        with transaction.atomic():
            return indicator_create(objective=objective, by=by, fields=fields), {}
    except ValidationError as error:
        return None, error.message_dict


@transaction.atomic
def indicator_update(*, indicator: Indicator, by, changes: Mapping[str, Any]) -> Indicator:
    """Change an indicator's fields; a new ``objective`` moves it there (same plan only,
    placed last). Targets and entries stay as they are.

    Side effects: the indicator row; the plan's revision.
    """
    require_planning_admin(by)
    _check_refs(changes)
    indicator = (
        Indicator.objects.select_for_update(of=("self",))
        .select_related("objective", "objective__plan")
        .get(pk=indicator.pk)
    )
    moved = "objective" in changes and changes["objective"].pk != indicator.objective_id
    assign(indicator, changes, (*INDICATOR_FIELDS, *DIMENSION_FIELDS))
    if moved and changes.get("order") is None:
        indicator.order = next_order(Indicator.objects.filter(objective=indicator.objective))
    validated(indicator, _indicator_required(indicator), _indicator_rules)
    indicator.save()  # a fresh stamp: its result is computed again
    plan_touch(indicator.plan_id, scores=False)
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by) -> None:
    """Delete an indicator that nothing depends on; one with targets, progress entries or
    scenario targets is refused (archive it instead).

    Side effects: the indicator row (and its target history, which is empty); the plan's
    revision.
    """
    require_planning_admin(by)
    dependents = []
    for related, label in (
        ("targets", _("targets")),
        ("entries", _("progress entries")),
        ("scenario_targets", _("scenario targets")),
    ):
        if getattr(indicator, related).exists():
            dependents.append(label)
    refuse_delete(dependents)
    indicator.delete()
    plan_touch(indicator.plan_id)


@transaction.atomic
def indicator_archive(*, indicator: Indicator, by, archived: bool = True) -> Indicator:
    """Archive (or bring back) an indicator: archived, it is left out of scores, reports
    and entry pages, and keeps its targets, values and history.

    Side effects: the indicator's ``is_archived``; the plan's revision.
    """
    require_planning_admin(by)
    Indicator.objects.filter(pk=indicator.pk).update(is_archived=archived)
    indicator.is_archived = archived
    plan_touch(indicator.plan_id)
    return indicator


@transaction.atomic
def indicator_move(
    *,
    indicator: Indicator,
    by,
    direction: str | None = None,
    objective: Objective | None = None,
) -> Indicator:
    """Move an indicator up or down under its objective, or to another objective of the
    same plan.

    Side effects: the indicator's objective and order (siblings renumbered); the plan's
    revision.
    """
    require_planning_admin(by)
    if objective is not None:
        return indicator_update(indicator=indicator, by=by, changes={"objective": objective})
    siblings = list(
        Indicator.objects.select_for_update()
        .filter(objective_id=indicator.objective_id)
        .order_by("order", "code")
    )
    reorder(indicator, siblings, direction or "")
    plan_touch(indicator.plan_id)
    return indicator


# --- Target grids ---------------------------------------------------------------------------


@dataclass
class TargetsSaved:
    """What a grid save did, cell by cell: (year, quarter or None) keys."""

    created: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    removed: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.created) + len(self.changed) + len(self.removed)


def cell_key(year: int, quarter: int | None) -> str:
    """The error key of a target cell: "2024" for the yearly target, "2024-Q1" for a quarter."""
    return f"{year}" if quarter is None else f"{year}-Q{quarter}"


def _plan_changes(indicator, cells, existing, errors, key_of):
    """Compare the grid with the stored targets; returns (to_set, to_remove)."""
    plan = indicator.plan
    to_set, to_remove = [], []
    for (year, quarter), value in cells.items():
        key = key_of(year, quarter)
        if not isinstance(year, int) or not plan.first_year <= year <= plan.last_year:
            errors[key] = _("The year must be inside the plan (%(first)s–%(last)s).") % {
                "first": plan.first_year,
                "last": plan.last_year,
            }
            continue
        if quarter is not None and quarter not in (1, 2, 3, 4):
            errors[key] = _("The quarter must be between 1 and 4.")
            continue
        current = existing.get((year, quarter))
        if value is None:
            if current is not None:
                to_remove.append(current)
            continue
        if value < 0:
            errors[key] = _("A target cannot be negative.")
        elif indicator.measure in (Measure.PERCENTAGE, Measure.RATIO) and value > 100:
            errors[key] = _("A percentage cannot be above 100.")
        elif current is None or current.value != value:
            to_set.append((year, quarter, value, current))
    return to_set, to_remove


def _apply(indicator, to_set, to_remove, by, reason, saved: TargetsSaved) -> None:
    for year, quarter, value, current in to_set:
        target_set(
            indicator=indicator, year=year, quarter=quarter, value=value, by=by, reason=reason
        )
        (saved.created if current is None else saved.changed).append((year, quarter))
    for target in to_remove:
        TargetRevision.objects.create(
            indicator=indicator,
            year=target.year,
            quarter=target.quarter,
            target=None,
            old_value=target.value,
            new_value=None,
            reason=reason,
            changed_by=by,
        )
        target.delete()
        saved.removed.append((target.year, target.quarter))


def _needs_reason(to_set, to_remove, reason: str) -> bool:
    revising = to_remove or any(current is not None for *_rest, current in to_set)
    return bool(revising) and not reason


@transaction.atomic
def indicator_targets_save(
    *,
    indicator: Indicator,
    by,
    cells: Mapping[tuple[int, int | None], Decimal | None],
    reason: str = "",
) -> TargetsSaved:
    """Save an indicator's target grid in one go: ``cells`` maps (year, quarter or None for
    the yearly target) to a value, or to None for an emptied cell; cells not named are left
    alone. A changed or removed target needs ``reason`` (one for the whole save). Any bad
    cell or a missing reason refuses the whole save: nothing is written. Errors are keyed
    by ``cell_key`` (and ``reason``).

    Side effects: per new or changed cell, ``target_set`` (a Target and its
    TargetRevision); per emptied cell, the Target deleted and a TargetRevision with an
    empty new value kept; the plan's revision.
    """
    require_planning_admin(by)
    reason = (reason or "").strip()
    indicator = Indicator.objects.select_related("plan").get(pk=indicator.pk)
    existing = {
        (t.year, t.quarter): t
        for t in Target.objects.select_for_update().filter(indicator=indicator)
    }
    errors: dict[str, str] = {}
    to_set, to_remove = _plan_changes(indicator, cells, existing, errors, cell_key)
    if _needs_reason(to_set, to_remove, reason):
        errors["reason"] = _("A revised or removed target needs a reason.")
    if errors:
        raise ValidationError(errors)
    saved = TargetsSaved()
    _apply(indicator, to_set, to_remove, by, reason, saved)
    if saved.count:
        indicators_touch(plan_id=indicator.plan_id, indicator_ids=[indicator.pk])
    return saved


@transaction.atomic
def targets_save_many(
    *,
    plan,
    by,
    cells: Mapping[int, Mapping[tuple[int, int | None], Decimal | None]],
    reason: str = "",
) -> tuple[dict[int, TargetsSaved], dict[int, dict[str, str]]]:
    """``indicator_targets_save`` for the grids of many indicators of one plan at once (the
    plan workbook's import): ``cells`` maps the id of an indicator of ``plan`` to its grid.
    The same rules, cell by cell, with the same messages keyed by ``cell_key`` (and
    ``reason``; an indicator of another plan: ``indicator``); what an indicator with a bad
    cell asks for is not written, the other indicators' grids are. Returns (what was saved,
    the errors), both by indicator id.

    Side effects: as ``indicator_targets_save`` for each indicator without an error (Targets
    created, changed or deleted, a TargetRevision for each), in a few bulk statements
    whatever the number of cells; the plan's revision, once.
    """
    require_planning_admin(by)
    reason = (reason or "").strip()
    by_id = {
        indicator.pk: indicator
        for indicator in Indicator.objects.select_related("plan").filter(
            plan=plan, pk__in=list(cells)
        )
    }
    existing: dict[int, dict] = {pk: {} for pk in by_id}
    for target in Target.objects.select_for_update().filter(indicator_id__in=list(by_id)):
        existing[target.indicator_id][(target.year, target.quarter)] = target
    saved: dict[int, TargetsSaved] = {}
    errors: dict[int, dict[str, str]] = {}
    new_targets, new_revisions, changed, removed = [], [], [], []
    for indicator_id, grid in cells.items():
        indicator = by_id.get(indicator_id)
        if indicator is None:
            errors[indicator_id] = {"indicator": _("This indicator does not belong to the plan.")}
            continue
        found: dict[str, str] = {}
        to_set, to_remove = _plan_changes(indicator, grid, existing[indicator_id], found, cell_key)
        if _needs_reason(to_set, to_remove, reason):
            found["reason"] = _("A revised or removed target needs a reason.")
        if found:
            errors[indicator_id] = found
            continue
        done = saved[indicator_id] = TargetsSaved()
        for year, quarter, value, current in to_set:
            revision = TargetRevision(
                indicator=indicator,
                year=year,
                quarter=quarter,
                old_value=None if current is None else current.value,
                new_value=value,
                reason=reason,
                changed_by=by,
            )
            if current is None:
                target = Target(indicator=indicator, year=year, quarter=quarter, value=value)
                new_targets.append((target, revision))
                done.created.append((year, quarter))
            else:
                current.value = value
                revision.target = current
                changed.append(current)
                new_revisions.append(revision)
                done.changed.append((year, quarter))
        for target in to_remove:
            new_revisions.append(
                TargetRevision(
                    indicator=indicator,
                    year=target.year,
                    quarter=target.quarter,
                    target=None,
                    old_value=target.value,
                    new_value=None,
                    reason=reason,
                    changed_by=by,
                )
            )
            removed.append(target.pk)
            done.removed.append((target.year, target.quarter))
    Target.objects.bulk_create([target for target, _revision in new_targets], batch_size=2000)
    for target, revision in new_targets:
        revision.target = target
        new_revisions.append(revision)
    Target.objects.bulk_update(changed, ["value"], batch_size=2000)
    Target.objects.filter(pk__in=removed).delete()
    TargetRevision.objects.bulk_create(new_revisions, batch_size=2000)
    if any(done.count for done in saved.values()):
        plan_touch(plan.pk)
    return saved, errors


def objective_cell_key(indicator_id: int, year: int) -> str:
    return f"{indicator_id}-{year}"


@transaction.atomic
def objective_targets_save(
    *,
    objective: Objective,
    by,
    cells: Mapping[tuple[int, int], Decimal | None],
    reason: str = "",
) -> TargetsSaved:
    """Save the yearly targets of an objective's indicators in one go: ``cells`` maps
    (indicator id, year) to a value or None (emptied). Same rules as
    indicator_targets_save; an indicator outside the objective is refused. Errors are keyed
    by ``objective_cell_key``.

    Side effects: as indicator_targets_save, for every indicator named.
    """
    require_planning_admin(by)
    reason = (reason or "").strip()
    indicators = {
        i.pk: i for i in Indicator.objects.select_related("plan").filter(objective=objective)
    }
    existing: dict[int, dict] = {pk: {} for pk in indicators}
    for target in Target.objects.select_for_update().filter(
        indicator__in=list(indicators), quarter=None
    ):
        existing[target.indicator_id][(target.year, None)] = target
    errors: dict[str, str] = {}
    plans_by_indicator = {}
    for (indicator_id, year), value in cells.items():
        if indicator_id not in indicators:
            errors[objective_cell_key(indicator_id, year)] = _(
                "This indicator does not belong to the objective."
            )
            continue
        plans_by_indicator.setdefault(indicator_id, {})[(year, None)] = value
    work = []
    for indicator_id, indicator_cells in plans_by_indicator.items():
        indicator = indicators[indicator_id]
        to_set, to_remove = _plan_changes(
            indicator,
            indicator_cells,
            existing[indicator_id],
            errors,
            lambda year, _quarter, pk=indicator_id: objective_cell_key(pk, year),
        )
        work.append((indicator, to_set, to_remove))
    if any(_needs_reason(to_set, to_remove, reason) for _i, to_set, to_remove in work):
        errors["reason"] = _("A revised or removed target needs a reason.")
    if errors:
        raise ValidationError(errors)
    saved = TargetsSaved()
    for indicator, to_set, to_remove in work:
        _apply(indicator, to_set, to_remove, by, reason, saved)
    if saved.count:
        plan_touch(objective.plan_id)
    return saved
