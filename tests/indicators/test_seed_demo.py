"""The demo command: the demo users and plan the README promises, and idempotent."""

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command

from indicators.models import Indicator, ProgressEntry, TargetRevision
from plans.models import Activity, Membership, OrgUnit, ReportingPeriod, StrategicPlan

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in ("plans", "indicators", "auth")
        for model in apps.get_app_config(app).get_models()
    }


def test_running_twice_changes_nothing():
    call_command("seed_demo", verbosity=0)
    first = row_counts()
    call_command("seed_demo", verbosity=0)
    assert row_counts() == first
    assert first["indicators.Indicator"] == 62


def test_if_empty_leaves_a_database_with_a_plan_alone(world):
    call_command("seed_demo", "--if-empty", verbosity=0)
    assert StrategicPlan.objects.count() == 1
    assert not OrgUnit.objects.filter(code="civil-defence").exists()


def test_demo_users_sign_in_with_their_roles():
    call_command("seed_demo", verbosity=0)
    expected = {
        "planner": ("admin", "planning"),
        "head.civil-defence": ("head", "civil-defence"),
        "officer.civil-defence": ("officer", "civil-defence"),
        "officer.borders": ("officer", "borders"),
        "viewer": ("viewer", "moi"),
    }
    for username, (role, unit) in expected.items():
        user = authenticate(username=username, password="marsad-demo")
        assert user is not None, username
        membership = Membership.objects.get(user=user)
        assert (membership.role, membership.unit.code) == (role, unit)


def test_demo_plan_covers_what_the_engine_must_handle():
    call_command("seed_demo", verbosity=0)
    plan = StrategicPlan.objects.get()
    assert plan.is_illustrative and (plan.first_year, plan.last_year) == (2019, 2023)
    assert plan.goals.count() == 5
    assert all(3 <= goal.objectives.count() <= 5 for goal in plan.goals.all())
    indicators = Indicator.objects.filter(plan=plan)
    assert 60 <= indicators.count() <= 100
    for field, values in {
        "direction": {"increase", "decrease", "maintain"},
        "aggregation": {"sum", "last", "average"},
        "measure": {"number", "percentage", "ratio"},
        "method": {"ratio", "baseline"},
    }.items():
        assert values <= set(indicators.values_list(field, flat=True)), field
    assert indicators.filter(baseline_value__isnull=True).exists()
    assert indicators.filter(targets__quarter__isnull=False).distinct().count() >= 2
    assert TargetRevision.objects.exclude(old_value=None).exclude(reason="").exists()


def test_demo_periods_values_gaps_and_returns():
    call_command("seed_demo", verbosity=0)
    periods = ReportingPeriod.objects.all()
    assert periods.filter(state="closed").count() == 19  # 2019 Q1 – 2023 Q3
    open_period = periods.get(state="open")
    assert (open_period.year, open_period.quarter) == (2023, 4)
    entries = ProgressEntry.objects.all()
    assert entries.filter(status="returned").exists()
    assert entries.filter(period=open_period, status="draft").exists()
    assert entries.filter(period=open_period, status="submitted").exists()
    closed_slots = 62 * 19
    assert entries.exclude(period=open_period).count() < closed_slots  # there are gaps
    ratio_entries = entries.filter(indicator__measure="ratio")
    assert not ratio_entries.filter(denominator__isnull=True).exists()


def test_demo_action_plans_include_the_erbil_course():
    call_command("seed_demo", verbosity=0)
    course = Activity.objects.get(title_en__contains="Erbil")
    assert course.action_plan.unit.code == "planning"
    assert (course.planned_start.isoformat(), course.planned_end.isoformat()) == (
        "2021-03-09",
        "2021-03-17",
    )
    assert Activity.objects.values("action_plan__unit").distinct().count() == 8


def test_demo_risks_and_scenarios():
    from indicators.models import Scenario, ScenarioTarget
    from plans.models import Risk, RiskAction, RiskAssessment

    call_command("seed_demo", verbosity=0)
    assert 15 <= Risk.objects.count() <= 25
    assert set(Risk.objects.values_list("kind", flat=True)) == {"risk", "threat"}
    assert Risk.objects.values("unit").distinct().count() >= 6
    years = set(RiskAssessment.objects.values_list("period__year", flat=True))
    assert years == {2019, 2020, 2021, 2022, 2023}
    assert RiskAction.objects.exists()
    scenarios = Scenario.objects.all()
    assert [s.code for s in scenarios] == ["baseline", "optimistic", "pessimistic"]
    assert all(s.assumptions_ar and s.assumptions_en for s in scenarios)
    assert not ScenarioTarget.objects.filter(scenario__code="baseline").exists()
