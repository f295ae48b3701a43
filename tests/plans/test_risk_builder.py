"""The risk builder: risks, their objectives and mitigation actions — services, pages, every
persona, cross-plan references refused, direct score changes recorded, fixed queries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from plans.models import Risk, RiskAction, RiskAssessment, RiskScoreChange, StrategicPlan
from plans.services import risks as risk_services
from tests import builders
from tests.builder_pages import PERSONAS, persona

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are compared in English (pages too); the Arabic ones are checked apart."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def risk_fields(world, **changes):
    fields = {
        "code": "R9", "kind": "threat", "category": "security", "title_ar": "تهديد",
        "title_en": "Threat", "description_ar": "وصف", "objectives": [world.objective],
        "unit": world.unit_a, "likelihood": 4, "impact": 3, "mitigation_ar": "تخفيف",
        "owner_ar": "قسم", "review_on": datetime.date(2021, 6, 30), "status": "open",
    }  # fmt: skip
    fields.update(changes)
    return fields


def revision(plan):
    return StrategicPlan.objects.get(pk=plan.pk).revision


def test_admin_creates_a_risk_with_its_objectives(world):
    before = revision(world.plan)
    risk = risk_services.risk_create(by=world.admin, plan=world.plan, **risk_fields(world))
    risk = Risk.objects.get(pk=risk.pk)
    assert (risk.code, risk.kind, risk.score, risk.unit, risk.review_on) == (
        "R9", "threat", 12, world.unit_a, datetime.date(2021, 6, 30)
    )  # fmt: skip
    assert list(risk.objectives.all()) == [world.objective]
    assert revision(world.plan) == before + 1


@pytest.mark.parametrize("persona", ["head_a", "officer_a", "viewer", "outsider"])
def test_only_a_planning_admin_creates_a_risk(world, persona):
    with pytest.raises(PermissionDenied):
        risk_services.risk_create(by=getattr(world, persona), plan=world.plan, **risk_fields(world))
    assert not Risk.objects.exists()


def test_an_objective_of_another_plan_is_refused(world):
    other = builders.plan(2024, 2028)
    foreign = builders.objective(builders.goal(other, "G1"), world.unit_a, "G1.1")
    with pytest.raises(ValidationError) as caught:
        risk_services.risk_create(
            by=world.admin, plan=world.plan, **risk_fields(world, objectives=[foreign])
        )
    assert caught.value.message_dict["objectives"] == [
        "Every objective must belong to the risk's plan; G1.1 belong to another plan."
    ]
    assert not Risk.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title_ar": ""}, "title_ar", "Enter the title in Arabic."),
        ({"code": " "}, "code", "Enter a code."),
        ({"likelihood": 6}, "likelihood", "Choose a whole number from 1 to 5."),
        ({"impact": 0}, "impact", "Choose a whole number from 1 to 5."),
        ({"impact": "3"}, "impact", "Choose a whole number from 1 to 5."),
        ({"category": "weather"}, "category", None),
        ({"status": "forgotten"}, "status", None),
        ({"unit": None}, "unit", "Choose the responsible unit."),
    ],
)
def test_bad_risk_input_is_a_message_and_nothing_is_written(world, changes, field, message):
    before = revision(world.plan)
    with pytest.raises(ValidationError) as caught:
        risk_services.risk_create(by=world.admin, plan=world.plan, **risk_fields(world, **changes))
    assert field in caught.value.message_dict
    if message:
        assert caught.value.message_dict[field] == [message]
    assert (Risk.objects.count(), revision(world.plan)) == (0, before)


def test_risk_codes_are_unique_in_a_plan_only(world):
    risk_services.risk_create(by=world.admin, plan=world.plan, **risk_fields(world))
    with pytest.raises(ValidationError) as caught:
        risk_services.risk_create(by=world.admin, plan=world.plan, **risk_fields(world))
    assert caught.value.message_dict["code"] == ["Another risk of this plan already has this code."]
    other = builders.plan(2024, 2028)
    risk_services.risk_create(by=world.admin, plan=other, **risk_fields(world, objectives=[]))
    assert Risk.objects.filter(code="R9").count() == 2


def test_a_direct_score_change_is_recorded_and_assessments_stay(cycle):
    world = cycle.world
    risk = risk_services.risk_create(by=world.admin, plan=world.plan, **risk_fields(world))
    RiskAssessment.objects.create(risk=risk, period=cycle.closed_period, likelihood=4, impact=3)
    risk_services.risk_update(
        risk=risk, by=world.admin, reason="new intelligence",
        **risk_fields(world, likelihood=5, impact=5, objectives=[]),
    )  # fmt: skip
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact, list(risk.objectives.all())) == (5, 5, [])
    change = RiskScoreChange.objects.get(risk=risk)
    assert (change.old_likelihood, change.old_impact, change.new_likelihood, change.new_impact,
            change.reason, change.by) == (4, 3, 5, 5, "new intelligence", world.admin)  # fmt: skip
    assert RiskAssessment.objects.get(risk=risk).likelihood == 4
    risk_services.risk_update(
        risk=risk, by=world.admin, **risk_fields(world, likelihood=5, impact=5)
    )
    assert RiskScoreChange.objects.filter(risk=risk).count() == 1  # no change, nothing recorded


def test_a_risk_with_assessments_is_not_deleted(cycle):
    world = cycle.world
    risk = risk_services.risk_create(by=world.admin, plan=world.plan, **risk_fields(world))
    RiskAssessment.objects.create(risk=risk, period=cycle.closed_period, likelihood=4, impact=3)
    with pytest.raises(ValidationError) as caught:
        risk_services.risk_delete(risk=risk, by=world.admin)
    assert caught.value.messages == [
        "This risk has quarterly assessments and cannot be deleted; set its status to closed "
        "instead."
    ]
    assert Risk.objects.filter(pk=risk.pk).exists()


def test_a_risk_without_assessments_is_deleted_with_its_actions(world):
    risk = risk_services.risk_create(by=world.admin, plan=world.plan, **risk_fields(world))
    risk_services.risk_action_create(by=world.admin, risk=risk, title_ar="إجراء")
    risk_services.risk_delete(risk=risk, by=world.admin)
    assert (Risk.objects.count(), RiskAction.objects.count()) == (0, 0)


def test_mitigation_actions_are_created_changed_and_deleted(world):
    risk = risk_services.risk_create(by=world.admin, plan=world.plan, **risk_fields(world))
    action = risk_services.risk_action_create(
        by=world.admin, risk=risk, title_ar="تدريب", owner_ar="قسم",
        due_on=datetime.date(2021, 9, 30),
    )  # fmt: skip
    risk_services.risk_action_update(
        action=action, by=world.admin, title_ar="تدريب ميداني", status="done"
    )
    action.refresh_from_db()
    assert (action.title_ar, action.status, action.due_on) == ("تدريب ميداني", "done", None)
    with pytest.raises(ValidationError) as caught:
        risk_services.risk_action_update(action=action, by=world.admin, title_ar="", status="x")
    assert set(caught.value.message_dict) == {"title_ar", "status"}
    with pytest.raises(PermissionDenied):
        risk_services.risk_action_delete(action=action, by=world.head_a)
    risk_services.risk_action_delete(action=action, by=world.admin)
    assert not RiskAction.objects.exists()


# --- Pages ----------------------------------------------------------------------------------


def risk_post(world, **changes):
    data = {"code": "R9", "kind": "risk", "category": "security", "title_ar": "خطر",
            "title_en": "Typed title", "objectives": [world.objective.pk],
            "unit": world.unit_a.pk, "likelihood": "4", "impact": "3", "status": "open",
            "review_on": "2021-06-30"}  # fmt: skip
    data.update(changes)
    return data


@pytest.mark.parametrize(("who", "status"), PERSONAS)
def test_risk_builder_pages_by_persona(world, client_for, who, status):
    risk = builders.risk(world.plan, world.unit_a, "R1", [world.objective])
    action = RiskAction.objects.create(risk=risk, title_ar="إجراء")
    client = client_for(persona(world, who))
    urls = [
        reverse("risk_builder_list", args=[world.plan.pk]),
        reverse("risk_builder_edit", args=[risk.pk]),
        reverse("risk_action_edit", args=[action.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == status, url
        if status != 200:
            posted = client.post(url, {**risk_post(world, code="R1"), "action": "delete"})
            assert posted.status_code == status, url
    if status != 200:
        assert (Risk.objects.count(), RiskAction.objects.count()) == (1, 1)


def test_a_risk_is_added_from_the_plans_risk_page(world, client_for):
    client = client_for(world.admin)
    response = client.post(reverse("risk_builder_list", args=[world.plan.pk]), risk_post(world))
    risk = Risk.objects.get(code="R9")
    assert response.status_code == 302
    assert (risk.plan, risk.score, list(risk.objectives.all())) == (
        world.plan,
        12,
        [world.objective],
    )


def test_the_objective_picker_offers_only_the_plans_objectives_labelled_with_the_plan(
    world, client_for
):
    other = builders.plan(2024, 2028, name_en="Next plan")
    foreign = builders.objective(builders.goal(other, "G1"), world.unit_a, "G1.1")
    client = client_for(world.admin)
    response = client.get(reverse("risk_builder_list", args=[world.plan.pk]))
    choices = list(response.context["form"].fields["objectives"].choices)
    assert [(value.value, label) for value, label in choices] == [
        (world.objective.pk, f"G1.1 {world.objective.title_en} — {world.plan.name_en}")
    ]
    response = client.post(
        reverse("risk_builder_list", args=[world.plan.pk]),
        risk_post(world, objectives=[foreign.pk]),
    )
    assert response.status_code == 400
    assert "objectives" in response.context["form"].errors
    assert not Risk.objects.exists()


def test_a_bad_risk_submit_keeps_the_typed_input(world, client_for):
    client = client_for(world.admin)
    response = client.post(
        reverse("risk_builder_list", args=[world.plan.pk]),
        risk_post(world, title_ar="", likelihood="9"),
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"title_ar", "likelihood"}
    assert 'value="Typed title"' in response.content.decode()
    assert not Risk.objects.exists()


def test_a_risk_is_changed_with_its_score_change_recorded(world, client_for):
    risk = builders.risk(world.plan, world.unit_a, "R1", [world.objective], likelihood=2, impact=2)
    client = client_for(world.admin)
    url = reverse("risk_builder_edit", args=[risk.pk])
    response = client.post(
        url, {**risk_post(world, code="R1", likelihood="5"), "reason": "border", "action": "save"}
    )
    assert response.status_code == 302
    change = RiskScoreChange.objects.get(risk=risk)
    assert (change.old_likelihood, change.new_likelihood, change.reason) == (2, 5, "border")
    assert "border" in client.get(url).content.decode()


def test_mitigation_actions_from_the_risk_page(world, client_for):
    risk = builders.risk(world.plan, world.unit_a, "R1")
    client = client_for(world.admin)
    url = reverse("risk_builder_edit", args=[risk.pk])
    bad = client.post(url, {"action": "add_action", "new-title_ar": "", "new-status": "planned"})
    assert bad.status_code == 400
    assert "title_ar" in bad.context["action_form"].errors
    client.post(url, {"action": "add_action", "new-title_ar": "دوريات", "new-status": "planned",
                      "new-due_on": "2021-09-30"})  # fmt: skip
    action = RiskAction.objects.get(risk=risk)
    assert (action.title_ar, action.due_on) == ("دوريات", datetime.date(2021, 9, 30))
    edit = reverse("risk_action_edit", args=[action.pk])
    client.post(edit, {"title_ar": "دوريات ليلية", "status": "done", "action": "save"})
    action.refresh_from_db()
    assert (action.title_ar, action.status) == ("دوريات ليلية", "done")
    assert client.post(edit, {"action": "delete"}).status_code == 302
    assert not RiskAction.objects.exists()


def test_deleting_a_risk_with_assessments_says_why(cycle, client_for):
    world = cycle.world
    risk = builders.risk(world.plan, world.unit_a, "R1")
    RiskAssessment.objects.create(risk=risk, period=cycle.closed_period, likelihood=1, impact=1)
    client = client_for(world.admin)
    response = client.post(
        reverse("risk_builder_edit", args=[risk.pk]), {"action": "delete"}, follow=True
    )
    assert "cannot be deleted" in response.content.decode()
    assert Risk.objects.filter(pk=risk.pk).exists()


@pytest.mark.parametrize("rows", [1, 5])
def test_risk_builder_queries_are_fixed(world, client_for, django_assert_num_queries, rows):
    for i in range(rows):
        risk = builders.risk(world.plan, world.unit_a, f"R{i}", [world.objective])
        RiskAction.objects.create(risk=risk, title_ar=f"إجراء {i}")
        RiskScoreChange.objects.create(risk=risk, old_likelihood=1, old_impact=1,
                                       new_likelihood=2, new_impact=2, by=world.admin)  # fmt: skip
    builders.objective(world.goal, world.unit_b, "G1.2")
    client = client_for(world.admin)
    client.get(reverse("risk_builder_list", args=[world.plan.pk]))
    with django_assert_num_queries(9):  # +1: the bell's unread count in the header
        client.get(reverse("risk_builder_list", args=[world.plan.pk]))
    with django_assert_num_queries(10):  # +1: the bell's unread count in the header
        client.get(reverse("risk_builder_edit", args=[risk.pk]))
