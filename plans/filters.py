"""FilterSets of the plans app, shared by the API lists (and any HTML list that needs one)."""

from functools import reduce
from operator import or_

import django_filters
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from plans.models import (
    ActionPlan,
    Activity,
    Goal,
    Objective,
    OrgUnit,
    ReportingPeriod,
    Risk,
    StrategicPlan,
)
from plans.vocabulary import BANDS

_capfirst_lazy = lazy(capfirst, str)


class FilterSet(django_filters.FilterSet):
    """A FilterSet whose generated labels stay lazy. django-filter works a label out once,
    in the language active then, and keeps it on the class's filter (the API schema reads
    them first): a page drawn later in Arabic showed "Status:". Here a filter on a model
    field is labelled by its field's verbose name, translated when it is shown."""

    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):
        made = super().filter_for_field(field, field_name, lookup_expr)
        if made is not None and made._label is None and made.lookup_expr == "exact":
            made.label = _capfirst_lazy(field.verbose_name)
        return made


class UnitFilter(FilterSet):
    class Meta:
        model = OrgUnit
        fields = ["parent", "kind", "code"]


class PlanFilter(FilterSet):
    class Meta:
        model = StrategicPlan
        fields = ["status", "code"]


class GoalFilter(FilterSet):
    class Meta:
        model = Goal
        fields = ["plan", "code"]


class ObjectiveFilter(FilterSet):
    unit = django_filters.NumberFilter(field_name="lead_unit")

    class Meta:
        model = Objective
        fields = ["plan", "goal", "unit", "code"]


class PeriodFilter(FilterSet):
    status = django_filters.ChoiceFilter(field_name="state", choices=ReportingPeriod.State.choices)

    class Meta:
        model = ReportingPeriod
        fields = ["plan", "year", "quarter", "state", "status"]


class ActionPlanFilter(FilterSet):
    class Meta:
        model = ActionPlan
        fields = ["plan", "unit", "year"]


class ActivityFilter(FilterSet):
    plan = django_filters.NumberFilter(field_name="action_plan__plan")
    unit = django_filters.NumberFilter(field_name="action_plan__unit")
    year = django_filters.NumberFilter(field_name="action_plan__year")

    class Meta:
        model = Activity
        fields = ["action_plan", "objective", "plan", "unit", "year"]


class RiskFilter(FilterSet):
    """The risk register's filters (band and score are read from likelihood × impact)."""

    objective = django_filters.ModelChoiceFilter(
        queryset=Objective.objects.all(), field_name="objectives", label=_("Objective")
    )
    band = django_filters.ChoiceFilter(
        label=_("Band"), choices=list(BANDS.items()), method="by_band"
    )
    likelihood = django_filters.NumberFilter()
    impact = django_filters.NumberFilter()

    class Meta:
        model = Risk
        fields = ["plan", "unit", "objective", "band", "status", "kind", "category",
                  "likelihood", "impact"]  # fmt: skip

    def by_band(self, queryset, name, value):
        # Bands follow the chosen plan's bounds (the default bounds without a plan); the API
        # filters by the plan's id (config.api_filters), the register page by the plan.
        plan = self.form.cleaned_data.get("plan")
        if plan is not None and not isinstance(plan, StrategicPlan):
            plan = StrategicPlan.objects.filter(pk=plan).first()
        plan = plan or StrategicPlan()
        cells = [
            Q(likelihood=likelihood, impact=impact)
            for likelihood in range(1, 6)
            for impact in range(1, 6)
            if plan.band_of(likelihood * impact) == value
        ]
        return queryset.filter(reduce(or_, cells)) if cells else queryset.none()
