"""Roll-over: the next plan started from this one (docs/rollover.md).

The new plan is a draft with the same goals, objectives and indicators (same codes, weights,
units, definitions); each new indicator continues its predecessor, and its baseline is
proposed from the predecessor's last approved year. Targets, periods, values, risks,
scenarios and action plans belong to the new plan's own years and are not copied.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators import engine
from indicators.models import Indicator, ProgressEntry
from indicators.selectors.achievement import rules_of
from plans.models import Goal, Objective, StrategicPlan
from plans.permissions import is_planning_admin

# What the new plan takes over from the old one besides its structure.
PLAN_SETTINGS = (
    "green_threshold",
    "amber_threshold",
    "achievement_cap",
    "band_medium",
    "band_high",
    "band_critical",
    "is_illustrative",
)
PLACES = Decimal("0.0001")  # what a baseline holds (4 decimal places)


@dataclass(frozen=True)
class ProposedBaseline:
    code: str
    value: Decimal
    year: int
    quarters: int  # how many of the year's quarters had an approved value


@dataclass
class RolloverResult:
    plan: StrategicPlan
    goals: int = 0
    objectives: int = 0
    indicators: int = 0
    baselines: list[ProposedBaseline] = field(default_factory=list)


def _copy(instance, **changes):
    """An unsaved copy of a model row with every concrete field but its id (so fields added
    later are copied too), with ``changes`` applied."""
    model = type(instance)
    values = {
        f.attname: getattr(instance, f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key
    }
    values.update(changes)
    return model(**values)


# The quarters in which an indicator of each frequency reports (a yearly value in Q4).
DUE_QUARTERS = {"quarterly": 4, "semiannual": 2, "annual": 1}


def last_approved_year(
    rules: engine.Rules, observations: list[engine.Observation], *, due: int = 4
) -> tuple[int, Decimal, int] | None:
    """The last year whose approved values give an actual, as (year, actual, quarters used),
    by the engine's own span actual over that year's quarters.

    A count (summed over the year) from part of a year would understate the year: for counts
    the last year with all its ``due`` values is taken, and only when no year is complete
    the last year with any. Levels, averages and ratios take the last year with values.
    """
    found = []
    for year in sorted({o.year for o in observations}, reverse=True):
        quarters = engine.quarters_between((year, 1), (year, 4))
        actual = engine.span_actual(rules, observations, quarters)
        if actual.value is None:
            continue
        used = len(engine.evaluate(rules, observations, engine.Targets(), quarters).reported)
        if not rules.is_count or used >= due:
            return year, actual.value, used
        found.append((year, actual.value, used))
    return found[0] if found else None


def _validate(plan, *, code, name_ar, first_year, last_year) -> None:
    errors = {}
    if not (name_ar or "").strip():
        errors["name_ar"] = _("Enter the plan's name in Arabic.")
    if first_year is None or last_year is None:
        errors["first_year"] = _("Enter the first and the last year.")
    elif last_year < first_year:
        errors["last_year"] = _("The last year cannot come before the first year.")
    elif first_year <= plan.last_year:
        errors["first_year"] = _(
            "The next plan must start after this one ends (after %(year)s)."
        ) % {"year": plan.last_year}
    if code and StrategicPlan.objects.filter(code=code).exists():
        errors["code"] = _("Another plan already has this code.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_rollover(
    *,
    plan: StrategicPlan,
    by,
    code: str,
    name_ar: str,
    name_en: str = "",
    first_year: int,
    last_year: int,
) -> RolloverResult:
    """Start the next plan from ``plan``; planning admins only.

    Side effects: creates one draft ``StrategicPlan`` (with ``plan``'s thresholds, cap, risk
    bands and illustrative mark), a copy of each goal, objective (with its lead unit) and
    indicator (every field: definition, weight, responsible unit, frequency…) under the same
    codes; sets each new indicator's ``predecessor`` and, where the predecessor has approved
    values, its ``baseline_value`` and ``baseline_year`` from the last such year (for a
    count, the last complete one: see ``last_approved_year``). Nothing of
    ``plan`` changes; targets, periods, entries, risks, scenarios and action plans are not
    copied. The new plan starts at revision 0, so no cache is touched.
    """
    if not is_planning_admin(by):
        raise PermissionDenied(_("Only a planning admin can start a new plan."))
    code = (code or "").strip()
    name_ar, name_en = (name_ar or "").strip(), (name_en or "").strip()
    _validate(plan, code=code, name_ar=name_ar, first_year=first_year, last_year=last_year)
    new_plan = StrategicPlan(
        code=code,
        name_ar=name_ar,
        name_en=name_en,
        first_year=first_year,
        last_year=last_year,
        status=StrategicPlan.Status.DRAFT,
        **{name: getattr(plan, name) for name in PLAN_SETTINGS},
    )
    new_plan.full_clean()
    new_plan.save()
    result = RolloverResult(plan=new_plan)

    goals = list(Goal.objects.filter(plan=plan).order_by("pk"))
    new_goals = Goal.objects.bulk_create([_copy(g, plan_id=new_plan.pk) for g in goals])
    goal_map = {old.pk: new.pk for old, new in zip(goals, new_goals, strict=True)}

    objectives = list(Objective.objects.filter(plan=plan).order_by("pk"))
    new_objectives = Objective.objects.bulk_create(
        [_copy(o, plan_id=new_plan.pk, goal_id=goal_map[o.goal_id]) for o in objectives]
    )
    objective_map = {old.pk: new.pk for old, new in zip(objectives, new_objectives, strict=True)}

    indicators = list(Indicator.objects.filter(plan=plan).order_by("pk"))
    observations = defaultdict(list)
    for indicator_id, year, quarter, value, numerator, denominator in ProgressEntry.objects.filter(
        indicator__plan=plan, status=ProgressEntry.Status.APPROVED
    ).values_list(
        "indicator_id", "period__year", "period__quarter", "value", "numerator", "denominator"
    ):
        observations[indicator_id].append(
            engine.Observation(year, quarter, value, numerator, denominator)
        )
    copies = []
    for old in indicators:
        new = _copy(
            old,
            plan_id=new_plan.pk,
            objective_id=objective_map[old.objective_id],
            predecessor_id=old.pk,
        )
        found = last_approved_year(
            rules_of(old), observations.get(old.pk, []), due=DUE_QUARTERS.get(old.frequency, 4)
        )
        if found is not None:
            year, actual, used = found
            new.baseline_value = actual.quantize(PLACES, rounding=ROUND_HALF_UP)
            new.baseline_year = year
            result.baselines.append(ProposedBaseline(old.code, new.baseline_value, year, used))
        copies.append(new)
    Indicator.objects.bulk_create(copies)

    result.goals, result.objectives, result.indicators = len(goals), len(objectives), len(copies)
    return result
