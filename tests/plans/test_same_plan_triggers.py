"""One plan, one world: the database refuses every reference across plans (on SQLite and on
PostgreSQL; run this file with DATABASE_URL=postgres://… for the second)."""

import datetime
from dataclasses import dataclass

import pytest
from django.db import IntegrityError, transaction

from indicators.models import Indicator, ProgressEntry, Scenario, ScenarioTarget
from plans.models import (
    ActionPlan,
    Activity,
    ActivityProgress,
    Goal,
    Objective,
    Risk,
    RiskAssessment,
)
from tests import builders

pytestmark = pytest.mark.django_db


def refused(change) -> bool:
    try:
        with transaction.atomic():
            change()
    except IntegrityError:
        return True
    return False


@dataclass
class Two:
    """The world's 2019–2023 plan and a 2024–2028 one, each with one of everything."""

    world: object
    plan: object
    goal: object
    objective: object
    indicator: object
    action_plan: object
    scenario: object
    risk: object
    period: object
    old_action_plan: object
    old_scenario: object
    old_risk: object
    old_period: object


def _risk(plan, unit, objective):
    risk = Risk.objects.create(
        plan=plan, code="R1", category="security", title_ar="خطر", unit=unit, likelihood=2, impact=3
    )
    risk.objectives.set([objective])
    return risk


@pytest.fixture
def two(world) -> Two:
    plan = builders.plan(code="next", first_year=2024, last_year=2028, status="draft")
    goal = builders.goal(plan, "G1")
    objective = builders.objective(goal, world.unit_a, "G1.1")
    return Two(
        world=world,
        plan=plan,
        goal=goal,
        objective=objective,
        indicator=builders.indicator(objective, world.unit_a, "G1.1.1"),
        action_plan=builders.action_plan(plan, world.unit_a, 2024),
        scenario=Scenario.objects.create(plan=plan, code="up", name_ar="متفائل"),
        risk=_risk(plan, world.unit_a, objective),
        period=builders.period(plan, 2024, 1, state="open"),
        old_action_plan=builders.action_plan(world.plan, world.unit_a, 2021),
        old_scenario=Scenario.objects.create(plan=world.plan, code="up", name_ar="متفائل"),
        old_risk=_risk(world.plan, world.unit_a, world.objective),
        old_period=builders.period(world.plan, 2021, 1, state="open"),
    )


def test_the_fixture_itself_is_accepted_inside_each_plan(two):
    # Everything above was created through the same tables the triggers guard.
    assert Activity.objects.filter(action_plan__plan=two.plan).count() == 1
    assert two.risk.objectives.get() == two.objective


def test_an_objective_under_another_plans_goal_is_refused(two):
    def create():
        Objective.objects.create(
            plan=two.world.plan, goal=two.goal, lead_unit=two.world.unit_a, code="X", title_ar="س"
        )

    assert refused(create)
    assert refused(
        lambda: Objective.objects.filter(pk=two.objective.pk).update(goal=two.world.goal)
    )


def test_an_indicator_under_another_plans_objective_is_refused(two):
    def create():
        Indicator.objects.create(
            plan=two.world.plan,
            objective=two.objective,
            unit=two.world.unit_a,
            code="X",
            title_ar="س",
            measure="number",
            direction="increase",
            aggregation="sum",
        )

    assert refused(create)
    moved = Indicator.objects.filter(pk=two.indicator.pk)
    assert refused(lambda: moved.update(objective=two.world.objective))


def test_an_activity_for_another_plans_objective_is_refused(two):
    activity = two.action_plan.activities.get()
    assert refused(
        lambda: Activity.objects.filter(pk=activity.pk).update(objective=two.world.objective)
    )

    def create():
        Activity.objects.create(
            action_plan=two.action_plan,
            objective=two.world.objective,
            code="A9",
            title_ar="نشاط",
            owner_ar="قسم",
            planned_start=datetime.date(2024, 1, 1),
            planned_end=datetime.date(2024, 6, 30),
        )

    assert refused(create)


def test_a_scenario_target_for_another_plans_indicator_is_refused(two):
    def create():
        ScenarioTarget.objects.create(
            scenario=two.scenario, indicator=two.world.indicator_a, year=2024, value=1
        )

    assert refused(create)
    target = ScenarioTarget.objects.create(
        scenario=two.scenario, indicator=two.indicator, year=2024, value=1
    )
    assert refused(
        lambda: ScenarioTarget.objects.filter(pk=target.pk).update(scenario=two.old_scenario)
    )


def test_a_risk_linked_to_another_plans_objective_is_refused(two):
    assert refused(lambda: two.risk.objectives.add(two.world.objective))
    assert refused(lambda: two.old_risk.objectives.add(two.objective))
    assert list(two.risk.objectives.all()) == [two.objective]


def test_a_predecessor_in_the_same_or_a_later_plan_is_refused(two):
    world = two.world

    def continues(indicator, predecessor):
        def change():
            Indicator.objects.filter(pk=indicator.pk).update(predecessor=predecessor)

        return change

    assert refused(continues(world.indicator_a, world.indicator_b))  # the same plan
    assert refused(continues(two.indicator, two.indicator))  # itself
    assert refused(continues(world.indicator_a, two.indicator))  # a later plan
    continues(two.indicator, world.indicator_a)()  # an earlier plan: accepted
    assert Indicator.objects.get(pk=two.indicator.pk).predecessor_id == world.indicator_a.pk


def test_an_entry_for_another_plans_period_is_refused(two):
    assert refused(lambda: builders.entry(two.world.indicator_a, two.period, 5))
    assert builders.entry(two.indicator, two.period, 5).value == 5


def test_activity_progress_and_risk_assessment_for_another_plans_period_are_refused(two):
    activity = two.old_action_plan.activities.get()

    def progress():
        ActivityProgress.objects.create(
            activity=activity, period=two.period, percent_complete=10, status="in_progress"
        )

    def assessment():
        RiskAssessment.objects.create(risk=two.old_risk, period=two.period, likelihood=1, impact=1)

    assert refused(progress)
    assert refused(assessment)


@pytest.mark.parametrize(
    ("model", "attribute"),
    [
        (Goal, "goal"),  # with its objective
        (Objective, "objective"),  # with its indicator, activity and risk
        (ActionPlan, "action_plan"),  # with its activity
        (Scenario, "scenario"),  # with its target
        (Risk, "risk"),  # with its objective
        (Indicator, "indicator"),  # with its value
    ],
)
def test_a_parent_cannot_move_to_another_plan_without_its_children(two, model, attribute):
    parent = getattr(two, attribute)
    if model is Scenario:
        ScenarioTarget.objects.create(scenario=parent, indicator=two.indicator, year=2024, value=1)
    if model is Indicator:
        builders.entry(parent, two.period, 5)
    # An empty plan of the same years, so that only the same-plan rule can refuse the move.
    alt = builders.plan(code="alt", first_year=2024, last_year=2028, status="draft")
    # An objective moves with its goal, an indicator with its objective (or the rule of the
    # parent alone would refuse the move).
    alt_goal = builders.goal(alt, "AG")
    extra = {
        Objective: {"goal": alt_goal},
        Indicator: {"objective": builders.objective(alt_goal, two.world.unit_a, "AG.1")},
    }.get(model, {})
    assert refused(lambda: model.objects.filter(pk=parent.pk).update(plan=alt, **extra))
    assert model.objects.get(pk=parent.pk).plan_id == two.plan.pk


def test_a_parent_without_children_may_move(two):
    lonely = Goal.objects.create(plan=two.plan, code="G9", title_ar="هدف")
    Goal.objects.filter(pk=lonely.pk).update(plan=two.world.plan)
    assert Goal.objects.get(pk=lonely.pk).plan_id == two.world.plan.pk
    assert not ProgressEntry.objects.exists()
