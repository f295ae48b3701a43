"""The risk builder: risks, their objectives and mitigation actions — services, pages, every
persona, cross-plan references refused, direct score changes recorded, fixed queries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from plans.models import Risk, RiskAction, RiskAssessment, RiskScoreChange, StrategicPlan
from plans.services import risks as risk_services
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
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
        risk_services.risk_create(
            by=getattr(world, persona), plan=world.plan, **risk_fields(world)
        )
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
    risk_services.risk_update(risk=risk, by=world.admin, **risk_fields(world, likelihood=5, impact=5))
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
