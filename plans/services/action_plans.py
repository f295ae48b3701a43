"""Building directorate action plans (one per plan, unit and year) and their activities.

Only a planning admin calls these. An activity's objective belongs to its action plan's
plan. What has quarterly progress reported is never deleted (its history would go with
it). Activity progress feeds the plan's reports, so every change touches the plan.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.models import ActionPlan, Activity, ActivityProgress, Objective, OrgUnit, StrategicPlan
from plans.services.checking import (
    check_and_raise,
    in_plan_years,
    require_planning_admin,
    required_text,
)
from plans.services.periods import plan_touch


def _fill_action_plan(
    action_plan: ActionPlan,
    errors: dict,
    *,
    unit: OrgUnit | None,
    year: int,
    title_ar: str,
    title_en: str,
) -> None:
    plan = action_plan.plan
    action_plan.title_ar = required_text(
        errors, "title_ar", title_ar, _("Enter the title in Arabic.")
    )
    action_plan.title_en = (title_en or "").strip()
    in_plan_years(errors, "year", plan, year)
    action_plan.year = year
    if unit is None:
        errors["unit"] = _("Choose the unit.")
    else:
        action_plan.unit = unit
        taken = ActionPlan.objects.filter(plan=plan, unit=unit, year=year).exclude(
            pk=action_plan.pk
        )
        if "year" not in errors and taken.exists():
            errors["year"] = _("This unit already has an action plan for this year of the plan.")
    check_and_raise(action_plan, errors, exclude=("plan",))


@transaction.atomic
def action_plan_create(
    *, by, plan: StrategicPlan, unit: OrgUnit, year: int, title_ar: str, title_en: str = ""
) -> ActionPlan:
    """Add a unit's action plan for one year of the plan.

    Side effects: one ActionPlan row; the plan's revision is bumped.
    """
    require_planning_admin(by)
    action_plan = ActionPlan(plan=plan)
    _fill_action_plan(action_plan, {}, unit=unit, year=year, title_ar=title_ar, title_en=title_en)
    action_plan.save()
    plan_touch(plan.pk)
    return action_plan


@transaction.atomic
def action_plan_update(
    *, action_plan: ActionPlan, by, unit: OrgUnit, year: int, title_ar: str, title_en: str = ""
) -> ActionPlan:
    """Change an action plan's unit, year or title (its plan stays). Once progress has been
    reported on its activities, its unit and year stay too.

    Side effects: the ActionPlan row; the plan's revision is bumped.
    """
    require_planning_admin(by)
    action_plan = (
        ActionPlan.objects.select_for_update(of=("self",))
        .select_related("plan")
        .get(pk=action_plan.pk)
    )
    errors: dict = {}
    moved = (getattr(unit, "pk", None), year) != (action_plan.unit_id, action_plan.year)
    if moved and ActivityProgress.objects.filter(activity__action_plan=action_plan).exists():
        errors["year"] = _(
            "Progress has been reported on this action plan; "
            "its unit and year can no longer change."
        )
    _fill_action_plan(
        action_plan, errors, unit=unit, year=year, title_ar=title_ar, title_en=title_en
    )
    action_plan.save()
    plan_touch(action_plan.plan_id)
    return action_plan


@transaction.atomic
def action_plan_delete(*, action_plan: ActionPlan, by) -> None:
    """Delete an action plan and its activities, unless progress has been reported on any.

    Side effects: the ActionPlan row and its Activity rows; the plan's revision is bumped.
    """
    require_planning_admin(by)
    if ActivityProgress.objects.filter(activity__action_plan=action_plan).exists():
        raise ValidationError(
            _("Progress has been reported on this action plan's activities; it cannot be deleted.")
        )
    plan_id = action_plan.plan_id
    action_plan.delete()
    plan_touch(plan_id)


# --- Activities ---------------------------------------------------------------------------


def _fill_activity(
    activity: Activity,
    *,
    code: str,
    title_ar: str,
    title_en: str,
    owner_ar: str,
    owner_en: str,
    objective: Objective | None,
    planned_start: datetime.date | None,
    planned_end: datetime.date | None,
    weight: Decimal,
    budget_planned: Decimal,
    budget_spent: Decimal,
) -> None:
    errors: dict = {}
    action_plan = activity.action_plan
    activity.code = required_text(errors, "code", code, _("Enter a code."))
    activity.title_ar = required_text(errors, "title_ar", title_ar, _("Enter the title in Arabic."))
    activity.title_en = (title_en or "").strip()
    activity.owner_ar = required_text(errors, "owner_ar", owner_ar, _("Enter the owner in Arabic."))
    activity.owner_en = (owner_en or "").strip()
    if objective is None:
        errors["objective"] = _("Choose the objective.")
    elif objective.plan_id != action_plan.plan_id:
        errors["objective"] = _("The objective must belong to the action plan's plan.")
    else:
        activity.objective = objective
    if planned_start is None:
        errors["planned_start"] = _("Enter the planned start.")
    if planned_end is None:
        errors["planned_end"] = _("Enter the planned end.")
    if planned_start and planned_end and planned_end < planned_start:
        errors["planned_end"] = _("The planned end cannot be before the planned start.")
    activity.planned_start, activity.planned_end = planned_start, planned_end
    if weight is None or weight <= 0:
        errors["weight"] = _("The weight must be more than zero.")
    activity.weight = weight
    for name, value in (("budget_planned", budget_planned), ("budget_spent", budget_spent)):
        if value is None or value < 0:
            errors[name] = _("A budget cannot be negative.")
        setattr(activity, name, value)
    if (
        activity.code
        and Activity.objects.filter(action_plan=action_plan, code=activity.code)
        .exclude(pk=activity.pk)
        .exists()
    ):
        errors["code"] = _("Another activity of this action plan already has this code.")
    check_and_raise(activity, errors, exclude=("action_plan",))


@transaction.atomic
def activity_create(
    *,
    by,
    action_plan: ActionPlan,
    code: str,
    title_ar: str,
    owner_ar: str,
    objective: Objective,
    planned_start: datetime.date,
    planned_end: datetime.date,
    title_en: str = "",
    owner_en: str = "",
    weight: Decimal = Decimal("1"),
    budget_planned: Decimal = Decimal("0"),
    budget_spent: Decimal = Decimal("0"),
) -> Activity:
    """Add an activity to an action plan, for an objective of the same plan.

    Side effects: one Activity row; the plan's revision is bumped.
    """
    require_planning_admin(by)
    activity = Activity(action_plan=action_plan)
    _fill_activity(
        activity, code=code, title_ar=title_ar, title_en=title_en, owner_ar=owner_ar,
        owner_en=owner_en, objective=objective, planned_start=planned_start,
        planned_end=planned_end, weight=weight, budget_planned=budget_planned,
        budget_spent=budget_spent,
    )  # fmt: skip
    activity.save()
    plan_touch(action_plan.plan_id)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    by,
    code: str,
    title_ar: str,
    owner_ar: str,
    objective: Objective,
    planned_start: datetime.date,
    planned_end: datetime.date,
    title_en: str = "",
    owner_en: str = "",
    weight: Decimal = Decimal("1"),
    budget_planned: Decimal = Decimal("0"),
    budget_spent: Decimal = Decimal("0"),
) -> Activity:
    """Change an activity (it stays in its action plan).

    Side effects: the Activity row; the plan's revision is bumped.
    """
    require_planning_admin(by)
    activity = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("action_plan")
        .get(pk=activity.pk)
    )
    _fill_activity(
        activity, code=code, title_ar=title_ar, title_en=title_en, owner_ar=owner_ar,
        owner_en=owner_en, objective=objective, planned_start=planned_start,
        planned_end=planned_end, weight=weight, budget_planned=budget_planned,
        budget_spent=budget_spent,
    )  # fmt: skip
    activity.save()
    plan_touch(activity.action_plan.plan_id)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, by) -> None:
    """Delete an activity on which no progress has been reported.

    Side effects: the Activity row; the plan's revision is bumped.
    """
    require_planning_admin(by)
    if activity.progress.exists():
        raise ValidationError(
            _("Progress has been reported on this activity; it cannot be deleted.")
        )
    plan_id = activity.action_plan.plan_id
    activity.delete()
    plan_touch(plan_id)
