"""FilterSets of the indicators app, shared by the API lists."""

import django_filters

from indicators.models import Indicator, ProgressEntry, Target
from plans.filters import FilterSet


class IndicatorFilter(FilterSet):
    goal = django_filters.NumberFilter(field_name="objective__goal")

    class Meta:
        model = Indicator
        fields = ["plan", "goal", "objective", "unit", "measure", "direction", "code"]


class TargetFilter(FilterSet):
    plan = django_filters.NumberFilter(field_name="indicator__plan")
    unit = django_filters.NumberFilter(field_name="indicator__unit")

    class Meta:
        model = Target
        fields = ["indicator", "plan", "unit", "year", "quarter"]


class ProgressFilter(FilterSet):
    plan = django_filters.NumberFilter(field_name="period__plan")
    unit = django_filters.NumberFilter(field_name="indicator__unit")
    year = django_filters.NumberFilter(field_name="period__year")
    quarter = django_filters.NumberFilter(field_name="period__quarter")

    class Meta:
        model = ProgressEntry
        fields = ["indicator", "period", "plan", "unit", "year", "quarter", "status"]
