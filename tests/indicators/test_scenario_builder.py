"""The scenario builder: scenarios and their target grids — services, pages, every persona,
cross-plan indicators and years outside the plan refused, fixed queries."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from indicators.models import Scenario, ScenarioTarget
from indicators.services import scenarios as scenario_services
from plans.models import StrategicPlan
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def make_scenario(world, code="optimistic"):
    return scenario_services.scenario_create(
        by=world.admin, plan=world.plan, code=code, name_ar="متفائل", name_en="Optimistic",
        assumptions_ar="تمويل كامل", order=1,
    )  # fmt: skip


def revision(plan):
    return StrategicPlan.objects.get(pk=plan.pk).revision


def targets(scenario):
    return {
        (t.indicator_id, t.year): t.value
        for t in ScenarioTarget.objects.filter(scenario=scenario)
    }


def test_admin_creates_and_changes_a_scenario(world):
    before = revision(world.plan)
    scenario = make_scenario(world)
    scenario_services.scenario_update(
        scenario=scenario, by=world.admin, code="high", name_ar="مرتفع", order=2
    )
    scenario.refresh_from_db()
    assert (scenario.code, scenario.name_ar, scenario.name_en, scenario.order) == (
        "high", "مرتفع", "", 2
    )  # fmt: skip
    assert revision(world.plan) == before + 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name_ar": ""}, "name_ar", "Enter the name in Arabic."),
        ({"code": ""}, "code", "Enter a code."),
        ({"code": "optimistic"}, "code", "Another scenario of this plan already has this code."),
        ({"code": "not a slug"}, "code", None),
    ],
)
def test_bad_scenario_input_is_refused(world, changes, field, message):
    make_scenario(world)
    fields = {"code": "pessimistic", "name_ar": "متشائم"}
    fields.update(changes)
    with pytest.raises(ValidationError) as caught:
        scenario_services.scenario_create(by=world.admin, plan=world.plan, **fields)
    assert field in caught.value.message_dict
    if message:
        assert caught.value.message_dict[field] == [message]
    assert Scenario.objects.count() == 1


@pytest.mark.parametrize("persona", ["head_a", "officer_a", "viewer", "outsider"])
def test_only_a_planning_admin_builds_scenarios(world, persona):
    scenario = make_scenario(world)
    by = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        scenario_services.scenario_create(by=by, plan=world.plan, code="x", name_ar="س")
    with pytest.raises(PermissionDenied):
        scenario_services.scenario_targets_save(
            scenario=scenario, by=by, cells={(world.indicator_a.pk, 2021): D("5")}
        )
    with pytest.raises(PermissionDenied):
        scenario_services.scenario_delete(scenario=scenario, by=by)
    assert (Scenario.objects.count(), ScenarioTarget.objects.count()) == (1, 0)


def test_the_grid_creates_changes_and_deletes_targets(world):
    scenario = make_scenario(world)
    a, b = world.indicator_a.pk, world.indicator_b.pk
    counts = scenario_services.scenario_targets_save(
        scenario=scenario, by=world.admin,
        cells={(a, 2021): D("10"), (a, 2022): D("12.5"), (b, 2021): D("3"), (b, 2022): None},
    )  # fmt: skip
    assert counts == {"created": 3, "changed": 0, "deleted": 0}
    before = revision(world.plan)
    counts = scenario_services.scenario_targets_save(
        scenario=scenario, by=world.admin,
        cells={(a, 2021): D("10"), (a, 2022): D("13"), (b, 2021): None},
    )  # fmt: skip
    assert counts == {"created": 0, "changed": 1, "deleted": 1}
    assert targets(scenario) == {(a, 2021): D("10"), (a, 2022): D("13")}
    assert revision(world.plan) == before + 1
    scenario_services.scenario_targets_save(
        scenario=scenario, by=world.admin, cells={(a, 2021): D("10")}
    )
    assert revision(world.plan) == before + 1  # nothing changed, nothing touched


def test_a_target_of_another_plans_indicator_is_refused_and_nothing_saved(world):
    scenario = make_scenario(world)
    other = builders.plan(2024, 2028)
    foreign = builders.indicator(
        builders.objective(builders.goal(other, "G1"), world.unit_a, "G1.1"), world.unit_a
    )
    with pytest.raises(ValidationError) as caught:
        scenario_services.scenario_targets_save(
            scenario=scenario, by=world.admin,
            cells={(world.indicator_a.pk, 2021): D("1"), (foreign.pk, 2021): D("2")},
        )  # fmt: skip
    assert caught.value.message_dict["indicator"] == [
        f"Every indicator must belong to the scenario's plan; these do not: {foreign.pk}."
    ]
    assert not ScenarioTarget.objects.exists()


@pytest.mark.parametrize("year", [2018, 2024])
def test_a_year_outside_the_plan_is_refused(world, year):
    scenario = make_scenario(world)
    with pytest.raises(ValidationError) as caught:
        scenario_services.scenario_targets_save(
            scenario=scenario, by=world.admin, cells={(world.indicator_a.pk, year): D("1")}
        )
    assert caught.value.message_dict["year"] == ["The year must be inside the plan (2019–2023)."]
    assert not ScenarioTarget.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [(D("1e15"), "This number is too large."), (D("1.23456"), "Use at most four decimal places."),
     (D("NaN"), "Enter a number, such as 1250 or 12.5.")],
)  # fmt: skip
def test_values_the_database_cannot_hold_are_refused(world, value, message):
    scenario = make_scenario(world)
    with pytest.raises(ValidationError) as caught:
        scenario_services.scenario_targets_save(
            scenario=scenario, by=world.admin, cells={(world.indicator_a.pk, 2021): value}
        )
    assert caught.value.message_dict["value"] == [f"G1.1.1 2021: {message}"]


def test_deleting_a_scenario_deletes_its_targets(world):
    scenario = make_scenario(world)
    scenario_services.scenario_targets_save(
        scenario=scenario, by=world.admin, cells={(world.indicator_a.pk, 2021): D("1")}
    )
    scenario_services.scenario_delete(scenario=scenario, by=world.admin)
    assert (Scenario.objects.count(), ScenarioTarget.objects.count()) == (0, 0)
