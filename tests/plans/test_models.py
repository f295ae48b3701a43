"""The database itself refuses what the domain forbids."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from indicators.models import Target
from plans.models import ActionPlan, Goal, ReportingPeriod
from tests import builders

pytestmark = pytest.mark.django_db


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_goal_code_is_unique_within_a_plan(world):
    assert refused(lambda: builders.goal(world.plan, "G1"))


def test_same_goal_code_is_allowed_in_another_plan(world):
    other = builders.plan(code="next", first_year=2024, last_year=2028)
    assert builders.goal(other, "G1").code == "G1"


def test_objective_code_is_unique_within_a_plan(world):
    goal2 = builders.goal(world.plan, "G2")
    assert refused(lambda: builders.objective(goal2, world.unit_a, "G1.1"))


def test_indicator_code_is_unique_within_a_plan(world):
    assert refused(lambda: builders.indicator(world.objective, world.unit_a, "G1.1.1"))


def test_period_year_outside_the_plan_is_refused(world):
    assert refused(lambda: builders.period(world.plan, 2018, 4))
    assert refused(lambda: builders.period(world.plan, 2024, 1))
    assert builders.period(world.plan, 2023, 4).year == 2023


def test_changing_a_period_year_out_of_the_plan_is_refused(world):
    period = builders.period(world.plan, 2020, 1)

    def move():
        ReportingPeriod.objects.filter(pk=period.pk).update(year=2030)

    assert refused(move)


def test_target_year_outside_the_plan_is_refused(world):
    assert refused(lambda: builders.target(world.indicator_a, 2024, 10))
    assert builders.target(world.indicator_a, 2019, 10).year == 2019


def test_action_plan_year_outside_the_plan_is_refused(world):
    assert refused(
        lambda: ActionPlan.objects.create(
            plan=world.plan, unit=world.unit_a, year=2030, title_ar="خطة"
        )
    )


def test_period_quarter_must_be_1_to_4(world):
    assert refused(lambda: builders.period(world.plan, 2020, 5))
    assert refused(lambda: builders.period(world.plan, 2020, 0))


def test_one_yearly_target_per_indicator_and_year(world):
    builders.target(world.indicator_a, 2020, 10)
    assert refused(lambda: builders.target(world.indicator_a, 2020, 12))


def test_one_quarterly_target_per_indicator_year_and_quarter(world):
    builders.target(world.indicator_a, 2020, 3, quarter=2)
    assert refused(lambda: builders.target(world.indicator_a, 2020, 4, quarter=2))
    # A yearly target and a quarterly one for the same year live side by side.
    assert builders.target(world.indicator_a, 2020, 10).quarter is None


def test_target_quarter_must_be_1_to_4(world):
    assert refused(lambda: builders.target(world.indicator_a, 2020, 3, quarter=5))


def test_weights_must_be_positive(world):
    assert refused(lambda: builders.goal(world.plan, "G9", weight=Decimal(0)))
    assert refused(
        lambda: builders.indicator(world.objective, world.unit_a, "G1.1.9", weight=Decimal(-1))
    )


def test_percentage_indicators_cannot_be_summed(world):
    assert refused(
        lambda: builders.indicator(
            world.objective, world.unit_a, "G1.1.8", measure="percentage", aggregation="sum"
        )
    )


def test_baseline_method_needs_a_baseline(world):
    assert refused(
        lambda: builders.indicator(world.objective, world.unit_a, "G1.1.7", method="baseline")
    )


def test_plan_years_must_be_in_order():
    assert refused(lambda: builders.plan(first_year=2023, last_year=2019))


def test_plan_thresholds_must_be_in_order():
    assert refused(lambda: builders.plan(green_threshold=60, amber_threshold=70))


def test_bilingual_names_follow_the_language(world):
    from django.utils import translation

    with translation.override("en"):
        assert world.unit_a.name == "Directorate A"
    with translation.override("ar"):
        assert world.unit_a.name == "مديرية أ"
    goal = Goal.objects.create(plan=world.plan, code="G7", title_ar="عنوان فقط")
    with translation.override("en"):
        assert goal.title == "عنوان فقط"  # no English: the Arabic is shown


def test_target_string_names_the_span(world):
    target = Target(indicator=world.indicator_a, year=2020, quarter=3, value=Decimal("5"))
    assert str(target) == "G1.1.1 2020 Q3: 5"
