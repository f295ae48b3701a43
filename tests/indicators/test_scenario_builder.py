"""The scenario builder: scenarios and their target grids — services, pages, every persona,
cross-plan indicators and years outside the plan refused, fixed queries."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from indicators.models import Scenario, ScenarioTarget
from indicators.services import scenarios as scenario_services
from plans.models import StrategicPlan
from tests import builders
from tests.builder_pages import PERSONAS, persona

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are compared in English (pages too); the Arabic ones are checked apart."""
    settings.LANGUAGE_CODE = "en"
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
        (t.indicator_id, t.year): t.value for t in ScenarioTarget.objects.filter(scenario=scenario)
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


# --- Pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), PERSONAS)
def test_scenario_builder_pages_by_persona(world, client_for, who, status):
    scenario = builders.scenario(world.plan, "base")
    client = client_for(persona(world, who))
    for url in (
        reverse("scenario_builder_list", args=[world.plan.pk]),
        reverse("scenario_builder_edit", args=[scenario.pk]),
    ):
        assert client.get(url).status_code == status, url
        if status != 200:
            posted = client.post(url, {"action": "targets", f"t-{world.indicator_a.pk}-2021": "5"})
            assert posted.status_code == status, url
    assert (Scenario.objects.count(), ScenarioTarget.objects.count()) == (1, 0)


def test_a_scenario_is_added_and_changed_from_the_pages(world, client_for):
    client = client_for(world.admin)
    response = client.post(
        reverse("scenario_builder_list", args=[world.plan.pk]),
        {"code": "optimistic", "name_ar": "متفائل", "name_en": "Optimistic", "order": "1"},
    )
    scenario = Scenario.objects.get(code="optimistic")
    assert response.status_code == 302
    url = reverse("scenario_builder_edit", args=[scenario.pk])
    bad = client.post(url, {"action": "save", "code": "optimistic", "name_ar": "",
                            "name_en": "Typed", "order": "1"})  # fmt: skip
    assert bad.status_code == 400
    assert "name_ar" in bad.context["form"].errors
    assert 'value="Typed"' in bad.content.decode()
    client.post(url, {"action": "save", "code": "high", "name_ar": "مرتفع", "order": "2"})
    scenario.refresh_from_db()
    assert (scenario.code, scenario.name_ar) == ("high", "مرتفع")


def test_the_target_grid_accepts_arabic_digits_and_empties_delete(world, client_for):
    scenario = builders.scenario(world.plan, "base")
    ScenarioTarget.objects.create(
        scenario=scenario, indicator=world.indicator_b, year=2022, value=D("7")
    )
    client = client_for(world.admin)
    url = reverse("scenario_builder_edit", args=[scenario.pk])
    page = client.get(url).content.decode()
    assert f'name="t-{world.indicator_b.pk}-2022" value="7"' in page
    a, b = world.indicator_a.pk, world.indicator_b.pk
    response = client.post(url, {"action": "targets", f"t-{a}-2021": "١٢٥٠٫٥",
                                 f"t-{a}-2023": "1,000", f"t-{b}-2022": ""})  # fmt: skip
    assert response.status_code == 302
    assert targets(scenario) == {(a, 2021): D("1250.5"), (a, 2023): D("1000")}


def test_a_bad_grid_cell_saves_nothing_and_keeps_what_was_typed(world, client_for):
    scenario = builders.scenario(world.plan, "base")
    client = client_for(world.admin)
    url = reverse("scenario_builder_edit", args=[scenario.pk])
    a = world.indicator_a.pk
    response = client.post(url, {"action": "targets", f"t-{a}-2021": "12", f"t-{a}-2022": "abc"})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'name="t-{a}-2022" value="abc"' in page
    assert f'name="t-{a}-2021" value="12"' in page
    assert "Enter a number, such as 1250 or 12.5." in page
    assert not ScenarioTarget.objects.exists()


def test_the_grid_offers_only_the_plans_indicators(world, client_for):
    other = builders.plan(2024, 2028)
    foreign = builders.indicator(
        builders.objective(builders.goal(other, "G1"), world.unit_a, "G1.1"), world.unit_a
    )
    scenario = builders.scenario(world.plan, "base")
    client = client_for(world.admin)
    url = reverse("scenario_builder_edit", args=[scenario.pk])
    rows = client.get(url).context["rows"]
    assert [row["indicator"].code for row in rows] == ["G1.1.1", "G1.1.2", "G1.1.3"]
    assert [cell["year"] for cell in rows[0]["cells"]] == [2019, 2020, 2021, 2022, 2023]
    client.post(url, {"action": "targets", f"t-{foreign.pk}-2024": "5"})
    assert not ScenarioTarget.objects.exists()


@pytest.mark.parametrize("rows", [1, 5])
def test_scenario_builder_queries_are_fixed(world, client_for, django_assert_num_queries, rows):
    for i in range(rows):
        scenario = builders.scenario(world.plan, f"s{i}")
        for indicator in (world.indicator_a, world.indicator_b):
            ScenarioTarget.objects.create(
                scenario=scenario, indicator=indicator, year=2021, value=1
            )
    objective = builders.objective(world.goal, world.unit_b, "G1.2")
    for i in range(rows):
        builders.indicator(objective, world.unit_b, f"G1.2.{i}")
    client = client_for(world.admin)
    client.get(reverse("scenario_builder_list", args=[world.plan.pk]))
    with django_assert_num_queries(6):  # +1: the bell's unread count in the header
        client.get(reverse("scenario_builder_list", args=[world.plan.pk]))
    with django_assert_num_queries(7):  # +1: the bell's unread count in the header
        client.get(reverse("scenario_builder_edit", args=[scenario.pk]))
