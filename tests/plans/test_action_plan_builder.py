"""The action plan builder: action plans and their activities — services, pages, every
persona, cross-plan objectives refused, nothing with progress deleted, fixed queries."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from plans.models import ActionPlan, Activity, ActivityProgress, StrategicPlan
from plans.services import action_plans as ap_services
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def activity_fields(world, **changes):
    fields = {
        "code": "A9", "title_ar": "نشاط", "title_en": "Activity", "owner_ar": "قسم",
        "objective": world.objective, "planned_start": datetime.date(2021, 1, 1),
        "planned_end": datetime.date(2021, 3, 31), "weight": D("2"),
        "budget_planned": D("1000"), "budget_spent": D("0"),
    }  # fmt: skip
    fields.update(changes)
    return fields


def revision(plan):
    return StrategicPlan.objects.get(pk=plan.pk).revision


def test_admin_creates_an_action_plan_and_an_activity(world):
    before = revision(world.plan)
    action_plan = ap_services.action_plan_create(
        by=world.admin, plan=world.plan, unit=world.unit_a, year=2021, title_ar="خطة عمل"
    )
    activity = ap_services.activity_create(
        by=world.admin, action_plan=action_plan, **activity_fields(world)
    )
    activity.refresh_from_db()
    assert (activity.code, activity.weight, activity.budget_planned, activity.objective) == (
        "A9", D("2"), D("1000"), world.objective
    )  # fmt: skip
    assert revision(world.plan) == before + 2


@pytest.mark.parametrize("persona", ["head_a", "officer_a", "viewer", "outsider"])
def test_only_a_planning_admin_builds_action_plans(world, persona):
    by = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        ap_services.action_plan_create(
            by=by, plan=world.plan, unit=world.unit_a, year=2021, title_ar="خطة"
        )
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021, activities=1)
    with pytest.raises(PermissionDenied):
        ap_services.activity_create(by=by, action_plan=action_plan, **activity_fields(world))
    with pytest.raises(PermissionDenied):
        ap_services.action_plan_delete(action_plan=action_plan, by=by)
    assert Activity.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"year": 2024}, "year", "The year must be inside the plan (2019–2023)."),
        ({"year": 2018}, "year", "The year must be inside the plan (2019–2023)."),
        ({"title_ar": ""}, "title_ar", "Enter the title in Arabic."),
        ({"unit": None}, "unit", "Choose the unit."),
        ({"year": 2021}, "year", "This unit already has an action plan for this year of the plan."),
    ],
)
def test_bad_action_plan_input_is_refused(world, changes, field, message):
    builders.action_plan(world.plan, world.unit_a, 2021, activities=0)
    fields = {"unit": world.unit_a, "year": 2022, "title_ar": "خطة"}
    fields.update(changes)
    with pytest.raises(ValidationError) as caught:
        ap_services.action_plan_create(by=world.admin, plan=world.plan, **fields)
    assert caught.value.message_dict[field] == [message]
    assert ActionPlan.objects.count() == 1


def test_an_activity_linked_to_another_plans_objective_is_refused(world):
    other = builders.plan(2024, 2028)
    foreign = builders.objective(builders.goal(other, "G1"), world.unit_a, "G1.1")
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021, activities=0)
    with pytest.raises(ValidationError) as caught:
        ap_services.activity_create(
            by=world.admin, action_plan=action_plan, **activity_fields(world, objective=foreign)
        )
    assert caught.value.message_dict["objective"] == [
        "The objective must belong to the action plan's plan."
    ]
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": "A1"}, "code", "Another activity of this action plan already has this code."),
        ({"title_ar": " "}, "title_ar", "Enter the title in Arabic."),
        ({"owner_ar": ""}, "owner_ar", "Enter the owner in Arabic."),
        ({"planned_end": datetime.date(2020, 12, 31)}, "planned_end",
         "The planned end cannot be before the planned start."),
        ({"planned_start": None}, "planned_start", "Enter the planned start."),
        ({"weight": D("0")}, "weight", "The weight must be more than zero."),
        ({"weight": D("-1")}, "weight", "The weight must be more than zero."),
        ({"weight": D("1.125")}, "weight", None),
        ({"budget_planned": D("-5")}, "budget_planned", "A budget cannot be negative."),
        ({"budget_spent": D("-1")}, "budget_spent", "A budget cannot be negative."),
        ({"budget_spent": D("1e20")}, "budget_spent", None),
        ({"objective": None}, "objective", "Choose the objective."),
    ],
)  # fmt: skip
def test_bad_activity_input_is_refused(world, changes, field, message):
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021, activities=1)
    with pytest.raises(ValidationError) as caught:
        ap_services.activity_create(
            by=world.admin, action_plan=action_plan, **activity_fields(world, **changes)
        )
    assert field in caught.value.message_dict
    if message:
        assert caught.value.message_dict[field] == [message]
    assert Activity.objects.count() == 1


def test_nothing_with_progress_is_deleted_or_moved(cycle):
    world = cycle.world
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021, activities=2)
    first = action_plan.activities.order_by("code").first()
    ActivityProgress.objects.create(
        activity=first, period=cycle.closed_period, percent_complete=50, status="in_progress"
    )
    with pytest.raises(ValidationError) as caught:
        ap_services.activity_delete(activity=first, by=world.admin)
    assert caught.value.messages == [
        "Progress has been reported on this activity; it cannot be deleted."
    ]
    with pytest.raises(ValidationError):
        ap_services.action_plan_delete(action_plan=action_plan, by=world.admin)
    with pytest.raises(ValidationError) as caught:
        ap_services.action_plan_update(
            action_plan=action_plan, by=world.admin, unit=world.unit_a, year=2022, title_ar="خطة"
        )
    assert "year" in caught.value.message_dict
    assert Activity.objects.count() == 2
    ap_services.action_plan_update(
        action_plan=action_plan, by=world.admin, unit=world.unit_a, year=2021, title_ar="جديد"
    )
    action_plan.refresh_from_db()
    assert action_plan.title_ar == "جديد"
    second = action_plan.activities.order_by("code").last()
    ap_services.activity_delete(activity=second, by=world.admin)
    assert Activity.objects.count() == 1


def test_an_action_plan_without_progress_is_deleted_with_its_activities(world):
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021, activities=3)
    ap_services.action_plan_delete(action_plan=action_plan, by=world.admin)
    assert (ActionPlan.objects.count(), Activity.objects.count()) == (0, 0)


def test_an_activity_is_changed(world):
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021, activities=1)
    activity = action_plan.activities.get()
    ap_services.activity_update(
        activity=activity, by=world.admin, **activity_fields(world, code="A1", weight=D("3.5"))
    )
    activity.refresh_from_db()
    assert (activity.code, activity.weight, activity.title_ar) == ("A1", D("3.5"), "نشاط")
