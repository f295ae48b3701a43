"""Building a plan: the plan itself, its reporting periods, its goals and objectives.

Only the planning admin builds a plan (PermissionDenied otherwise). Bad input raises
``ValidationError({field: message})`` before anything is written; the database constraints
are mirrored here so that a bad value is a form error, never an IntegrityError. Deleting an
item that something depends on raises ``Conflict`` (archive it instead). Every write bumps
the plan's revision (``plan_touch``), since weights, order, years, thresholds and archiving
all move scores or what they are computed from. Indicators and targets are built by
``indicators.services.structure`` on the same helpers.
"""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plans.errors import Conflict
from plans.models import Goal, Objective, OrgUnit, ReportingPeriod, StrategicPlan
from plans.permissions import is_planning_admin
from plans.services.periods import plan_touch

PLAN_FIELDS = (
    "code", "name_ar", "name_en", "vision_ar", "vision_en", "mission_ar", "mission_en",
    "first_year", "last_year", "status", "green_threshold", "amber_threshold",
    "achievement_cap", "band_medium", "band_high", "band_critical",
)  # fmt: skip
ITEM_FIELDS = (
    "code", "title_ar", "title_en", "description_ar", "description_en", "weight", "order",
)  # fmt: skip
GOAL_FIELDS = ITEM_FIELDS
OBJECTIVE_FIELDS = (*ITEM_FIELDS, "goal", "lead_unit")

# A quarter's reporting window by default: it opens the day after the quarter ends and
# closes this many days later (the planning admin edits the dates in the periods grid).
REPORTING_WINDOW_DAYS = 30


# --- Shared helpers (also used by indicators.services.structure) ----------------------------


def require_planning_admin(user) -> None:
    if not is_planning_admin(user):
        raise PermissionDenied(_("Only a planning admin can change the plan's structure."))


def assign(instance: models.Model, values: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """Copy ``values`` onto ``instance``; a name outside ``allowed`` is bad input. Text is
    stripped, so that a name of spaces counts as empty."""
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValidationError({name: _("This field is not known.") for name in unknown})
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(instance, name, value)


def required(instance, names_and_messages: Mapping[str, str]) -> dict[str, str]:
    return {
        name: message
        for name, message in names_and_messages.items()
        if getattr(instance, name, None) in (None, "")
    }


def validated(instance: models.Model, errors: dict, checks) -> None:
    """Field checks (types, choices, lengths), then the caller's rules (``checks`` returns
    {field: message}), then the model's own constraints as a last guard; raises one
    ValidationError with every message, or returns with nothing written."""
    try:
        instance.clean_fields(exclude=set(errors))
    except ValidationError as error:
        errors.update(error.message_dict)
    if not errors:
        errors.update(checks(instance))
    if not errors:
        try:
            instance.validate_constraints()
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)


def positive_weight_error(instance) -> dict[str, str]:
    if instance.weight is not None and instance.weight <= 0:
        return {"weight": _("The weight must be greater than zero.")}
    return {}


def code_taken(queryset, instance) -> dict[str, str]:
    if queryset.filter(code=instance.code).exclude(pk=instance.pk).exists():
        return {"code": _("This code is already used in this plan.")}
    return {}


def next_order(queryset) -> int:
    return (queryset.aggregate(top=Max("order"))["top"] or 0) + 1


def reorder(item, siblings: list, direction: str) -> None:
    """Move ``item`` one place up or down among ``siblings`` (in their current order, the
    item included) and number them 1, 2, 3… so that equal orders cannot tie again."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Choose up or down.")})
    ids = [sibling.pk for sibling in siblings]
    here = ids.index(item.pk)
    there = here - 1 if direction == "up" else here + 1
    if 0 <= there < len(siblings):
        siblings[here], siblings[there] = siblings[there], siblings[here]
    changed = []
    for number, sibling in enumerate(siblings, start=1):
        if sibling.order != number:
            sibling.order = number
            changed.append(sibling)
        if sibling.pk == item.pk:
            item.order = number
    type(item).objects.bulk_update(changed, ["order"])


def refuse_delete(dependents: list[str], archive_hint: bool = True) -> None:
    """Conflict naming what depends on the item, when anything does."""
    if not dependents:
        return
    what = pgettext("list separator", ", ").join(dependents)
    if archive_hint:
        raise Conflict(
            _("This cannot be deleted: it has %(what)s. Archive it instead.") % {"what": what}
        )
    raise Conflict(_("This cannot be deleted: it has %(what)s.") % {"what": what})


# --- Plans ----------------------------------------------------------------------------------


def _plan_rules(plan: StrategicPlan) -> dict[str, str]:
    errors = {}
    if plan.last_year < plan.first_year:
        errors["last_year"] = _("The last year cannot be before the first year.")
    if plan.amber_threshold <= 0:
        errors["amber_threshold"] = _("Amber must start above zero.")
    elif plan.green_threshold < plan.amber_threshold:
        errors["green_threshold"] = _("Green cannot start below amber.")
    if plan.achievement_cap < 100:
        errors["achievement_cap"] = _("The cap cannot be below 100%.")
    if plan.band_medium < 1:
        errors["band_medium"] = _("The medium band must start at 1 or above.")
    elif plan.band_high <= plan.band_medium:
        errors["band_high"] = _("The high band must start above the medium band.")
    elif plan.band_critical <= plan.band_high:
        errors["band_critical"] = _("The critical band must start above the high band.")
    elif plan.band_critical > 25:
        errors["band_critical"] = _("The critical band must start at 25 or below.")
    if StrategicPlan.objects.filter(code=plan.code).exclude(pk=plan.pk).exists():
        errors["code"] = _("Another plan already has this code.")
    if plan.pk and not errors:
        errors.update(_years_in_use(plan))
    return errors


def _years_in_use(plan: StrategicPlan) -> dict[str, str]:
    """What would fall outside the plan's new years: periods, targets, scenario targets,
    action plans, baseline years. The years cannot change until those are moved."""
    first, last = plan.first_year, plan.last_year
    span = f"{first}–{last}"
    problems: dict[str, list[str]] = {"first_year": [], "last_year": []}
    lookups = [
        ("periods__year", _("Some reporting periods lie outside %(span)s; delete them first.")),
        ("indicators__targets__year", _("Some targets lie outside %(span)s; remove them first.")),
        (
            "scenarios__targets__year",
            _("Some scenario targets lie outside %(span)s; remove them first."),
        ),
        ("action_plans__year", _("Some action plans lie outside %(span)s; move them first.")),
    ]
    this_plan = StrategicPlan.objects.filter(pk=plan.pk)
    for lookup, message in lookups:
        if this_plan.filter(**{f"{lookup}__lt": first}).exists():
            problems["first_year"].append(message % {"span": span})
        if this_plan.filter(**{f"{lookup}__gt": last}).exists():
            problems["last_year"].append(message % {"span": span})
    if this_plan.filter(indicators__baseline_year__gt=last).exists():
        problems["last_year"].append(
            _("Some indicators have a baseline year after %(last)s.") % {"last": last}
        )
    return {name: messages for name, messages in problems.items() if messages}


def _plan_required(plan) -> dict[str, str]:
    return required(
        plan,
        {
            "code": _("Enter a code."),
            "name_ar": _("Enter the Arabic name."),
            "first_year": _("Enter the first year."),
            "last_year": _("Enter the last year."),
        },
    )


@transaction.atomic
def plan_create(*, by, fields: Mapping[str, Any]) -> StrategicPlan:
    """Create a plan (in draft unless ``status`` says otherwise).

    Side effects: one StrategicPlan row. No periods, goals or anything else.
    """
    require_planning_admin(by)
    plan = StrategicPlan()
    assign(plan, fields, PLAN_FIELDS)
    validated(plan, _plan_required(plan), _plan_rules)
    plan.save()
    return plan


@transaction.atomic
def plan_update(*, plan: StrategicPlan, by, changes: Mapping[str, Any]) -> StrategicPlan:
    """Change a plan's fields. Its years change only when no period, target, scenario
    target, action plan or baseline year would fall outside them.

    Side effects: the plan row; the plan's revision (thresholds and cap move statuses).
    """
    require_planning_admin(by)
    plan = StrategicPlan.objects.select_for_update().get(pk=plan.pk)
    assign(plan, changes, PLAN_FIELDS)
    validated(plan, _plan_required(plan), _plan_rules)
    plan.save()
    plan_touch(plan.pk)
    plan.refresh_from_db(fields=["revision"])
    return plan


@transaction.atomic
def plan_delete(*, plan: StrategicPlan, by) -> None:
    """Delete an empty plan; a plan with goals, periods, action plans, risks or scenarios
    is refused (set it to closed instead).

    Side effects: the plan row.
    """
    require_planning_admin(by)
    dependents = []
    for related, label in (
        ("goals", _("goals")),
        ("periods", _("reporting periods")),
        ("action_plans", _("action plans")),
        ("risks", _("risks")),
        ("scenarios", _("scenarios")),
    ):
        if getattr(plan, related).exists():
            dependents.append(label)
    refuse_delete(dependents, archive_hint=False)
    plan.delete()


# --- Reporting periods ----------------------------------------------------------------------


def default_period_dates(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """A quarter's default reporting window: from the day after it ends, for
    REPORTING_WINDOW_DAYS days (2024 Q1 → 2024-04-01 to 2024-05-01)."""
    if quarter == 4:
        opens = datetime.date(year + 1, 1, 1)
    else:
        opens = datetime.date(year, quarter * 3 + 1, 1)
    return opens, opens + datetime.timedelta(days=REPORTING_WINDOW_DAYS)


@transaction.atomic
def periods_generate(*, plan: StrategicPlan, by) -> list[ReportingPeriod]:
    """Create the missing reporting periods: every year and quarter of the plan, not yet
    open, with the default dates. Existing periods are left as they are (idempotent).

    Side effects: the new ReportingPeriod rows (returned); the plan's revision.
    """
    require_planning_admin(by)
    existing = set(ReportingPeriod.objects.filter(plan=plan).values_list("year", "quarter"))
    new = []
    for year in plan.years:
        for quarter in (1, 2, 3, 4):
            if (year, quarter) in existing:
                continue
            opens, closes = default_period_dates(year, quarter)
            new.append(
                ReportingPeriod(
                    plan=plan, year=year, quarter=quarter, opens_on=opens, closes_on=closes
                )
            )
    ReportingPeriod.objects.bulk_create(new)
    if new:
        plan_touch(plan.pk)
    return new


def _dates_error(opens_on, closes_on) -> str | None:
    if opens_on is None or closes_on is None:
        return _("Enter both dates.")
    if closes_on < opens_on:
        return _("The closing date cannot be before the opening date.")
    return None


@transaction.atomic
def periods_update(
    *,
    plan: StrategicPlan,
    by,
    dates: Mapping[int, tuple[datetime.date | None, datetime.date | None]],
) -> list[ReportingPeriod]:
    """Change the opening and closing dates of a plan's periods (period id → dates), all or
    nothing. The state is not changed here: only period_open, period_close and
    period_reopen change it, with their trail.

    Side effects: the changed ReportingPeriod rows (returned); the plan's revision, when a
    date changed (a gap is overdue once its period's closing date has passed). Errors are
    keyed by period id.
    """
    require_planning_admin(by)
    periods = {
        period.pk: period
        for period in ReportingPeriod.objects.select_for_update().filter(
            plan=plan, pk__in=list(dates)
        )
    }
    errors = {}
    changed = []
    for period_id, (opens_on, closes_on) in dates.items():
        period = periods.get(period_id)
        if period is None:
            errors[str(period_id)] = _("No such period in this plan.")
            continue
        problem = _dates_error(opens_on, closes_on)
        if problem:
            errors[str(period_id)] = problem
        elif (period.opens_on, period.closes_on) != (opens_on, closes_on):
            period.opens_on, period.closes_on = opens_on, closes_on
            changed.append(period)
    if errors:
        raise ValidationError(errors)
    ReportingPeriod.objects.bulk_update(changed, ["opens_on", "closes_on"])
    if changed:
        plan_touch(plan.pk)
    return changed


@transaction.atomic
def period_create(
    *,
    plan: StrategicPlan,
    by,
    year: int,
    quarter: int,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
) -> ReportingPeriod:
    """Create one period, not yet open (dates default as in periods_generate).

    Side effects: one ReportingPeriod row; the plan's revision.
    """
    require_planning_admin(by)
    errors = {}
    if year is None or not plan.first_year <= year <= plan.last_year:
        errors["year"] = _("The year must be inside the plan (%(first)s–%(last)s).") % {
            "first": plan.first_year,
            "last": plan.last_year,
        }
    if quarter not in (1, 2, 3, 4):
        errors["quarter"] = _("The quarter must be between 1 and 4.")
    if not errors:
        default_opens, default_closes = default_period_dates(year, quarter)
        opens_on, closes_on = opens_on or default_opens, closes_on or default_closes
        problem = _dates_error(opens_on, closes_on)
        if problem:
            errors["closes_on"] = problem
        elif ReportingPeriod.objects.filter(plan=plan, year=year, quarter=quarter).exists():
            errors["quarter"] = _("This plan already has this period.")
    if errors:
        raise ValidationError(errors)
    period = ReportingPeriod.objects.create(
        plan=plan, year=year, quarter=quarter, opens_on=opens_on, closes_on=closes_on
    )
    plan_touch(plan.pk)
    return period


@transaction.atomic
def period_delete(*, period: ReportingPeriod, by) -> None:
    """Delete a period that was never opened and holds nothing.

    Side effects: the period row; the plan's revision.
    """
    require_planning_admin(by)
    if period.state != ReportingPeriod.State.PLANNED or period.events.exists():
        raise Conflict(_("Only a period that was never opened can be deleted."))
    dependents = []
    for related, label in (
        ("entries", _("progress entries")),
        ("activity_progress", _("activity progress")),
        ("risk_assessments", _("risk assessments")),
    ):
        if getattr(period, related).exists():
            dependents.append(label)
    refuse_delete(dependents, archive_hint=False)
    period.delete()
    plan_touch(period.plan_id)


# --- Goals ----------------------------------------------------------------------------------


def _item_required(item) -> dict[str, str]:
    return required(item, {"code": _("Enter a code."), "title_ar": _("Enter the Arabic title.")})


def _goal_rules(goal: Goal) -> dict[str, str]:
    return {
        **positive_weight_error(goal),
        **code_taken(Goal.objects.filter(plan_id=goal.plan_id), goal),
    }


@transaction.atomic
def goal_create(*, plan: StrategicPlan, by, fields: Mapping[str, Any]) -> Goal:
    """Add a goal to a plan, last unless ``order`` is given.

    Side effects: one Goal row; the plan's revision.
    """
    require_planning_admin(by)
    goal = Goal(plan=plan, weight=Decimal(1))
    assign(goal, fields, GOAL_FIELDS)
    if "order" not in fields or fields["order"] is None:
        goal.order = next_order(Goal.objects.filter(plan=plan))
    validated(goal, _item_required(goal), _goal_rules)
    goal.save()
    plan_touch(plan.pk)
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, by, changes: Mapping[str, Any]) -> Goal:
    """Change a goal's code, titles, descriptions, weight or order.

    Side effects: the goal row; the plan's revision.
    """
    require_planning_admin(by)
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    assign(goal, changes, GOAL_FIELDS)
    validated(goal, _item_required(goal), _goal_rules)
    goal.save()
    plan_touch(goal.plan_id)
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, by) -> None:
    """Delete a goal without objectives; otherwise refused (archive it instead).

    Side effects: the goal row; the plan's revision.
    """
    require_planning_admin(by)
    refuse_delete([_("objectives")] if goal.objectives.exists() else [])
    goal.delete()
    plan_touch(goal.plan_id)


@transaction.atomic
def goal_archive(*, goal: Goal, by, archived: bool = True) -> Goal:
    """Archive (or bring back) a goal. Its objectives and indicators are not archived with
    it: archive them one by one where that is meant.

    Side effects: the goal's ``is_archived``; the plan's revision.
    """
    require_planning_admin(by)
    Goal.objects.filter(pk=goal.pk).update(is_archived=archived)
    goal.is_archived = archived
    plan_touch(goal.plan_id)
    return goal


@transaction.atomic
def goal_move(*, goal: Goal, by, direction: str) -> Goal:
    """Move a goal one place up or down in its plan.

    Side effects: the order of the plan's goals (renumbered 1…n); the plan's revision.
    """
    require_planning_admin(by)
    siblings = list(
        Goal.objects.select_for_update().filter(plan_id=goal.plan_id).order_by("order", "code")
    )
    reorder(goal, siblings, direction)
    plan_touch(goal.plan_id)
    return goal


# --- Objectives -----------------------------------------------------------------------------


def _objective_rules(objective: Objective) -> dict[str, str]:
    errors = positive_weight_error(objective)
    if objective.goal.plan_id != objective.plan_id:
        errors["goal"] = _("The goal belongs to another plan.")
    errors.update(code_taken(Objective.objects.filter(plan_id=objective.plan_id), objective))
    return errors


def _objective_required(objective) -> dict[str, str]:
    errors = _item_required(objective)
    if objective.lead_unit_id is None:
        errors["lead_unit"] = _("Choose the lead unit.")
    return errors


def _check_refs(values: Mapping[str, Any], **kinds) -> None:
    wrong = {
        name: _("Choose one from the list.")
        for name, kind in kinds.items()
        if name in values and values[name] is not None and not isinstance(values[name], kind)
    }
    if wrong:
        raise ValidationError(wrong)


@transaction.atomic
def objective_create(*, goal: Goal, by, fields: Mapping[str, Any]) -> Objective:
    """Add an objective under a goal (same plan), last unless ``order`` is given.

    Side effects: one Objective row; the plan's revision.
    """
    require_planning_admin(by)
    _check_refs(fields, lead_unit=OrgUnit)
    if "goal" in fields:
        raise ValidationError({"goal": _("This field is not known.")})
    objective = Objective(plan_id=goal.plan_id, goal=goal, weight=Decimal(1))
    assign(objective, fields, OBJECTIVE_FIELDS)
    if fields.get("order") is None:
        objective.order = next_order(Objective.objects.filter(goal=goal))
    validated(objective, _objective_required(objective), _objective_rules)
    objective.save()
    plan_touch(goal.plan_id)
    return objective


@transaction.atomic
def objective_update(*, objective: Objective, by, changes: Mapping[str, Any]) -> Objective:
    """Change an objective; a new ``goal`` moves it there (same plan only, placed last).

    Side effects: the objective row; the plan's revision.
    """
    require_planning_admin(by)
    _check_refs(changes, goal=Goal, lead_unit=OrgUnit)
    objective = Objective.objects.select_for_update().select_related("goal").get(pk=objective.pk)
    moved = "goal" in changes and changes["goal"].pk != objective.goal_id
    assign(objective, changes, OBJECTIVE_FIELDS)
    if moved and changes.get("order") is None and objective.goal.plan_id == objective.plan_id:
        objective.order = next_order(Objective.objects.filter(goal=objective.goal))
    validated(objective, _objective_required(objective), _objective_rules)
    objective.save()
    plan_touch(objective.plan_id)
    return objective


@transaction.atomic
def objective_delete(*, objective: Objective, by) -> None:
    """Delete an objective that nothing depends on; one with indicators, activities or
    risks is refused (archive it instead).

    Side effects: the objective row; the plan's revision.
    """
    require_planning_admin(by)
    dependents = []
    for related, label in (
        ("indicators", _("indicators")),
        ("activities", _("activities")),
        ("risks", _("risks")),
    ):
        if getattr(objective, related).exists():
            dependents.append(label)
    refuse_delete(dependents)
    objective.delete()
    plan_touch(objective.plan_id)


@transaction.atomic
def objective_archive(*, objective: Objective, by, archived: bool = True) -> Objective:
    """Archive (or bring back) an objective. Its indicators are not archived with it.

    Side effects: the objective's ``is_archived``; the plan's revision.
    """
    require_planning_admin(by)
    Objective.objects.filter(pk=objective.pk).update(is_archived=archived)
    objective.is_archived = archived
    plan_touch(objective.plan_id)
    return objective


@transaction.atomic
def objective_move(
    *, objective: Objective, by, direction: str | None = None, goal: Goal | None = None
) -> Objective:
    """Move an objective up or down under its goal, or to another goal of the same plan.

    Side effects: the objective's goal and order (siblings renumbered); the plan's revision.
    """
    require_planning_admin(by)
    if goal is not None:
        return objective_update(objective=objective, by=by, changes={"goal": goal})
    siblings = list(
        Objective.objects.select_for_update()
        .filter(goal_id=objective.goal_id)
        .order_by("order", "code")
    )
    reorder(objective, siblings, direction or "")
    plan_touch(objective.plan_id)
    return objective
