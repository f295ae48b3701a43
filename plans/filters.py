"""FilterSets of the plans app, shared by the API lists (and any HTML list that needs one)."""

import django_filters

from plans.models import (
    ActionPlan,
    Activity,
    Goal,
    Objective,
    OrgUnit,
    ReportingPeriod,
    StrategicPlan,
)


class UnitFilter(django_filters.FilterSet):
    class Meta:
        model = OrgUnit
        fields = ["parent", "kind", "code"]


class PlanFilter(django_filters.FilterSet):
    class Meta:
        model = StrategicPlan
        fields = ["status", "code"]


class GoalFilter(django_filters.FilterSet):
    class Meta:
        model = Goal
        fields = ["plan", "code"]


class ObjectiveFilter(django_filters.FilterSet):
    unit = django_filters.NumberFilter(field_name="lead_unit")

    class Meta:
        model = Objective
        fields = ["plan", "goal", "unit", "code"]


class PeriodFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(field_name="state", choices=ReportingPeriod.State.choices)

    class Meta:
        model = ReportingPeriod
        fields = ["plan", "year", "quarter", "state", "status"]


class ActionPlanFilter(django_filters.FilterSet):
    class Meta:
        model = ActionPlan
        fields = ["plan", "unit", "year"]


class ActivityFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="action_plan__plan")
    unit = django_filters.NumberFilter(field_name="action_plan__unit")
    year = django_filters.NumberFilter(field_name="action_plan__year")

    class Meta:
        model = Activity
        fields = ["action_plan", "objective", "plan", "unit", "year"]
