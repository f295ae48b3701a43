"""The action plan builder: action plans and their activities — services, pages, every
persona, cross-plan objectives refused, nothing with progress deleted, fixed queries."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from plans.models import ActionPlan, Activity, ActivityProgress, StrategicPlan
from plans.services import action_plans as ap_services
from tests import builders
from tests.builder_pages import PERSONAS, persona

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are compared in English (pages too); the Arabic ones are checked apart."""
    settings.LANGUAGE_CODE = "en"
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


# --- Pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), PERSONAS)
def test_action_plan_builder_pages_by_persona(world, client_for, who, status):
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021, activities=1)
    activity = action_plan.activities.get()
    client = client_for(persona(world, who))
    urls = [
        reverse("action_plan_builder_list", args=[world.plan.pk]),
        reverse("action_plan_builder_edit", args=[action_plan.pk]),
        reverse("activity_builder_edit", args=[activity.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == status, url
        if status != 200:
            assert client.post(url, {"action": "delete"}).status_code == status, url
    assert (ActionPlan.objects.count(), Activity.objects.count()) == (1, 1)


def test_an_action_plan_and_its_activities_from_the_pages(world, client_for):
    client = client_for(world.admin)
    response = client.post(
        reverse("action_plan_builder_list", args=[world.plan.pk]),
        {"unit": world.unit_b.pk, "year": "٢٠٢٢", "title_ar": "خطة عمل ب"},
    )
    action_plan = ActionPlan.objects.get(unit=world.unit_b)
    assert response.status_code == 302
    assert action_plan.year == 2022
    url = reverse("action_plan_builder_edit", args=[action_plan.pk])
    data = {"action": "add_activity", "new-code": "B1", "new-title_ar": "تدريب",
            "new-owner_ar": "قسم التدريب", "new-objective": world.objective.pk,
            "new-planned_start": "2022-01-01", "new-planned_end": "2022-06-30",
            "new-weight": "١٫٥", "new-budget_planned": "١٢٠٠٠",
            "new-budget_spent": "0"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    activity = Activity.objects.get(code="B1")
    assert (activity.weight, activity.budget_planned) == (D("1.5"), D("12000"))
    bad = client.post(url, {**data, "new-planned_end": "2021-12-31", "new-weight": "0"})
    assert bad.status_code == 400
    assert set(bad.context["activity_form"].errors) == {"code", "planned_end", "weight"}
    assert 'value="تدريب"' in bad.content.decode()
    edit = reverse("activity_builder_edit", args=[activity.pk])
    response = client.post(edit, {**{k[4:]: v for k, v in data.items() if k.startswith("new-")},
                                  "title_ar": "تدريب ميداني", "action": "save"})  # fmt: skip
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title_ar == "تدريب ميداني"
    assert client.post(edit, {"action": "delete"}).status_code == 302
    assert client.post(url, {"action": "delete"}).status_code == 302
    assert not ActionPlan.objects.filter(pk=action_plan.pk).exists()


def test_a_year_outside_the_plan_is_refused_on_the_page_in_arabic(world, client_for):
    client = client_for(world.admin)
    response = client.post(
        reverse("action_plan_builder_list", args=[world.plan.pk]),
        {"unit": world.unit_b.pk, "year": "2030", "title_ar": "خطة"},
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    assert response.status_code == 400
    assert response.context["form"].errors["year"] == [
        "يجب أن تقع السنة ضمن سنوات الخطة (2019–2023)."
    ]
    assert not ActionPlan.objects.exists()


def test_the_activity_objective_picker_offers_only_the_plans_objectives(world, client_for):
    other = builders.plan(2024, 2028)
    foreign = builders.objective(builders.goal(other, "G1"), world.unit_a, "G1.1")
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021, activities=0)
    client = client_for(world.admin)
    url = reverse("action_plan_builder_edit", args=[action_plan.pk])
    field = client.get(url).context["activity_form"].fields["objective"]
    assert [value for value, _label in field.choices if value] == [world.objective.pk]
    response = client.post(url, {"action": "add_activity", "new-objective": foreign.pk})
    assert "objective" in response.context["activity_form"].errors
    assert not Activity.objects.exists()


def test_deleting_an_activity_with_progress_says_why(cycle, client_for):
    world = cycle.world
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021, activities=1)
    activity = action_plan.activities.get()
    ActivityProgress.objects.create(
        activity=activity, period=cycle.closed_period, percent_complete=10, status="in_progress"
    )
    client = client_for(world.admin)
    response = client.post(
        reverse("activity_builder_edit", args=[activity.pk]), {"action": "delete"}, follow=True
    )
    assert "Progress has been reported on this activity" in response.content.decode()
    response = client.post(
        reverse("action_plan_builder_edit", args=[action_plan.pk]), {"action": "delete"},
        follow=True,
    )  # fmt: skip
    assert "cannot be deleted" in response.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()


@pytest.mark.parametrize("rows", [1, 5])
def test_action_plan_builder_queries_are_fixed(world, client_for, django_assert_num_queries, rows):
    for i in range(rows):
        action_plan = builders.action_plan(world.plan, builders.unit(f"ap-{i}"), 2021, activities=3)
    builders.objective(world.goal, world.unit_b, "G1.2")
    client = client_for(world.admin)
    client.get(reverse("action_plan_builder_list", args=[world.plan.pk]))
    with django_assert_num_queries(7):  # +1: the bell's unread count in the header
        client.get(reverse("action_plan_builder_list", args=[world.plan.pk]))
    with django_assert_num_queries(8):  # +1: the bell's unread count in the header
        client.get(reverse("action_plan_builder_edit", args=[action_plan.pk]))
