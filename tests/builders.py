"""Small builder functions for tests: each makes one valid object, with overridable fields."""

import datetime
import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model

from indicators.models import Indicator, ProgressEntry, Target
from plans.models import (
    ActionPlan,
    Activity,
    Goal,
    Membership,
    Objective,
    OrgUnit,
    ReportingPeriod,
    StrategicPlan,
)

_seq = itertools.count(1)


def unit(code=None, parent=None, kind="directorate", **fields) -> OrgUnit:
    n = next(_seq)
    return OrgUnit.objects.create(
        code=code or f"unit-{n}",
        parent=parent,
        kind=kind,
        name_ar=fields.pop("name_ar", f"وحدة {n}"),
        name_en=fields.pop("name_en", f"Unit {n}"),
        **fields,
    )


def user(username=None, role=None, unit=None, password="pw-for-tests", **fields):
    account = get_user_model().objects.create_user(
        username=username or f"user{next(_seq)}", password=password, **fields
    )
    if role is not None:
        Membership.objects.create(user=account, unit=unit, role=role)
    return account


def plan(first_year=2019, last_year=2023, **fields) -> StrategicPlan:
    n = next(_seq)
    return StrategicPlan.objects.create(
        code=fields.pop("code", f"plan-{n}"),
        name_ar=fields.pop("name_ar", f"خطة {n}"),
        name_en=fields.pop("name_en", f"Plan {n}"),
        first_year=first_year,
        last_year=last_year,
        status=fields.pop("status", StrategicPlan.Status.ACTIVE),
        **fields,
    )


def goal(plan, code=None, **fields) -> Goal:
    n = next(_seq)
    return Goal.objects.create(
        plan=plan,
        code=code or f"G{n}",
        title_ar=fields.pop("title_ar", f"هدف {n}"),
        title_en=fields.pop("title_en", f"Goal {n}"),
        **fields,
    )


def objective(goal, lead_unit, code=None, **fields) -> Objective:
    n = next(_seq)
    return Objective.objects.create(
        plan_id=goal.plan_id,
        goal=goal,
        lead_unit=lead_unit,
        code=code or f"{goal.code}.{n}",
        title_ar=fields.pop("title_ar", f"هدف فرعي {n}"),
        title_en=fields.pop("title_en", f"Objective {n}"),
        **fields,
    )


def indicator(objective, unit, code=None, **fields) -> Indicator:
    n = next(_seq)
    defaults = {
        "measure": "number",
        "direction": "increase",
        "aggregation": "sum",
        "method": "ratio",
        "title_ar": f"مؤشر {n}",
        "title_en": f"Indicator {n}",
    }
    defaults.update(fields)
    return Indicator.objects.create(
        plan_id=objective.plan_id,
        objective=objective,
        unit=unit,
        code=code or f"{objective.code}.{n}",
        **defaults,
    )


def target(indicator, year, value, quarter=None) -> Target:
    return Target.objects.create(
        indicator=indicator, year=year, quarter=quarter, value=Decimal(str(value))
    )


def period(plan, year, quarter, state="closed") -> ReportingPeriod:
    opens = datetime.date(year, 1, 1) + datetime.timedelta(days=91 * quarter)
    return ReportingPeriod.objects.create(
        plan=plan,
        year=year,
        quarter=quarter,
        state=state,
        opens_on=opens,
        closes_on=opens + datetime.timedelta(days=30),
    )


def entry(indicator, period, value, status="approved", **fields) -> ProgressEntry:
    fields.setdefault("unit_id", indicator.unit_id)
    return ProgressEntry.objects.create(
        indicator=indicator,
        period=period,
        value=None if value is None else Decimal(str(value)),
        status=status,
        **fields,
    )


def action_plan(plan, unit, year=2021, activities=1) -> ActionPlan:
    result = ActionPlan.objects.create(
        plan=plan, unit=unit, year=year, title_ar=f"خطة عمل {year}", title_en=f"Plan {year}"
    )
    objective_ = Objective.objects.filter(plan=plan).first()
    for i in range(activities):
        Activity.objects.create(
            action_plan=result,
            objective=objective_,
            code=f"A{i + 1}",
            title_ar=f"نشاط {i + 1}",
            title_en=f"Activity {i + 1}",
            owner_ar="قسم",
            planned_start=datetime.date(year, 1, 1),
            planned_end=datetime.date(year, 6, 30),
            budget_planned=Decimal(1000),
        )
    return result


def risk(plan, unit, code=None, objectives=(), likelihood=3, impact=4, **fields):
    from plans.models import Risk

    n = next(_seq)
    result = Risk.objects.create(
        plan=plan,
        code=code or f"R{n}",
        category=fields.pop("category", "security"),
        title_ar=fields.pop("title_ar", f"خطر {n}"),
        title_en=fields.pop("title_en", f"Risk {n}"),
        unit=unit,
        likelihood=likelihood,
        impact=impact,
        **fields,
    )
    result.objectives.set(objectives)
    return result


def scenario(plan, code=None, **fields):
    from indicators.models import Scenario

    n = next(_seq)
    return Scenario.objects.create(
        plan=plan,
        code=code or f"scenario-{n}",
        name_ar=fields.pop("name_ar", f"سيناريو {n}"),
        name_en=fields.pop("name_en", f"Scenario {n}"),
        **fields,
    )
