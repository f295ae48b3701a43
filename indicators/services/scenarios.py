"""Building a plan's scenarios (baseline, optimistic, pessimistic…) and their target grids.

Only a planning admin calls these. A scenario's targets are yearly values of the plan's own
indicators for the plan's own years; measuring against a scenario uses them where they are
set and the plan's targets elsewhere. Achievement against a scenario is cached under the
plan's revision, so every change touches the plan.
"""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.models import Indicator, Scenario, ScenarioTarget
from plans.inputs import decimal_problem
from plans.models import StrategicPlan
from plans.services.checking import check_and_raise, require_planning_admin, required_text
from plans.services.periods import plan_touch


def _fill_scenario(
    scenario: Scenario,
    *,
    code: str,
    name_ar: str,
    name_en: str,
    assumptions_ar: str,
    assumptions_en: str,
    order: int,
) -> None:
    errors: dict = {}
    scenario.code = required_text(errors, "code", code, _("Enter a code."))
    scenario.name_ar = required_text(errors, "name_ar", name_ar, _("Enter the name in Arabic."))
    scenario.name_en = (name_en or "").strip()
    scenario.assumptions_ar = (assumptions_ar or "").strip()
    scenario.assumptions_en = (assumptions_en or "").strip()
    scenario.order = order
    if (
        scenario.code
        and Scenario.objects.filter(plan_id=scenario.plan_id, code=scenario.code)
        .exclude(pk=scenario.pk)
        .exists()
    ):
        errors["code"] = _("Another scenario of this plan already has this code.")
    check_and_raise(scenario, errors, exclude=("plan",))


@transaction.atomic
def scenario_create(
    *,
    by,
    plan: StrategicPlan,
    code: str,
    name_ar: str,
    name_en: str = "",
    assumptions_ar: str = "",
    assumptions_en: str = "",
    order: int = 0,
) -> Scenario:
    """Add a scenario to a plan (without targets: the plan's targets apply until some are set).

    Side effects: one Scenario row; the plan's revision is bumped.
    """
    require_planning_admin(by)
    scenario = Scenario(plan=plan)
    _fill_scenario(
        scenario, code=code, name_ar=name_ar, name_en=name_en, assumptions_ar=assumptions_ar,
        assumptions_en=assumptions_en, order=order,
    )  # fmt: skip
    scenario.save()
    plan_touch(plan.pk)
    return scenario


@transaction.atomic
def scenario_update(
    *,
    scenario: Scenario,
    by,
    code: str,
    name_ar: str,
    name_en: str = "",
    assumptions_ar: str = "",
    assumptions_en: str = "",
    order: int = 0,
) -> Scenario:
    """Change a scenario's code, names, assumptions or order (its plan stays).

    Side effects: the Scenario row; the plan's revision is bumped.
    """
    require_planning_admin(by)
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    _fill_scenario(
        scenario, code=code, name_ar=name_ar, name_en=name_en, assumptions_ar=assumptions_ar,
        assumptions_en=assumptions_en, order=order,
    )  # fmt: skip
    scenario.save()
    plan_touch(scenario.plan_id)
    return scenario


@transaction.atomic
def scenario_delete(*, scenario: Scenario, by) -> None:
    """Delete a scenario with its targets (they are its own; no value depends on them).

    Side effects: the Scenario row and its ScenarioTarget rows; the plan's revision is bumped.
    """
    require_planning_admin(by)
    plan_id = scenario.plan_id
    scenario.delete()
    plan_touch(plan_id)


def _value_error(value) -> str | None:
    if not isinstance(value, Decimal):
        return _("Enter a number, such as 1250 or 12.5.")
    problem = decimal_problem(value)
    return problem[1] if problem is not None else None


@transaction.atomic
def scenario_targets_save(
    *,
    scenario: Scenario,
    by,
    cells: Mapping[tuple[int, int], Decimal | None],
) -> dict[str, int]:
    """Save cells of a scenario's target grid: ``{(indicator_id, year): value}``. A value
    sets (or changes) the target; ``None`` (an emptied cell) deletes it. Every indicator
    must be one of the scenario's plan's and every year inside the plan; otherwise nothing
    is saved. Returns how many targets were ``created``, ``changed`` and ``deleted``.

    Side effects: ScenarioTarget rows created, changed and deleted; the plan's revision is
    bumped when anything changed.
    """
    require_planning_admin(by)
    plan = StrategicPlan.objects.get(pk=scenario.plan_id)
    indicator_ids = {indicator_id for indicator_id, _year in cells}
    in_plan = dict(
        Indicator.objects.filter(pk__in=indicator_ids, plan=plan).values_list("pk", "code")
    )
    errors: dict[str, list[str]] = {}
    strangers = sorted(indicator_ids - set(in_plan), key=str)
    if strangers:
        errors["indicator"] = [
            _("Every indicator must belong to the scenario's plan; these do not: %(ids)s.")
            % {"ids": ", ".join(str(i) for i in strangers)}
        ]
    years = sorted({year for _indicator, year in cells if year not in plan.years}, key=str)
    if years:
        errors["year"] = [
            _("The year must be inside the plan (%(first)s–%(last)s).")
            % {"first": plan.first_year, "last": plan.last_year}
        ]
    for (indicator_id, year), value in cells.items():
        problem = None if value is None else _value_error(value)
        if problem:
            errors.setdefault("value", []).append(
                f"{in_plan.get(indicator_id, indicator_id)} {year}: {problem}"
            )
    if errors:
        raise ValidationError(errors)
    existing = {
        (t.indicator_id, t.year): t
        for t in ScenarioTarget.objects.select_for_update().filter(
            scenario=scenario, indicator_id__in=indicator_ids
        )
    }
    counts = {"created": 0, "changed": 0, "deleted": 0}
    new, gone = [], []
    for key, value in cells.items():
        target = existing.get(key)
        if value is None:
            if target is not None:
                gone.append(target.pk)
        elif target is None:
            new.append(
                ScenarioTarget(scenario=scenario, indicator_id=key[0], year=key[1], value=value)
            )
        elif target.value != value:
            target.value = value
            target.save(update_fields=["value"])
            counts["changed"] += 1
    if new:
        ScenarioTarget.objects.bulk_create(new)
    if gone:
        ScenarioTarget.objects.filter(pk__in=gone).delete()
    counts["created"], counts["deleted"] = len(new), len(gone)
    if any(counts.values()):
        plan_touch(plan.pk)
    return counts
