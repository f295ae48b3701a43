"""Forms of the action plan builder: an action plan (unit and year of one plan) and an
activity (with an objective of the same plan)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.forms.org import (
    DateInput,
    PlanObjectiveField,
    TypedDecimalField,
    TypedIntegerField,
    UnitChoiceField,
    plan_objectives,
    units_in_order,
)
from plans.models import ActionPlan, Activity


class ActionPlanForm(forms.Form):
    unit = UnitChoiceField(label=_("unit"), queryset=units_in_order())
    year = TypedIntegerField(label=_("year"))
    title_ar = forms.CharField(label=_("title (Arabic)"), max_length=300)
    title_en = forms.CharField(label=_("title (English)"), max_length=300, required=False)

    @classmethod
    def initial_from(cls, action_plan: ActionPlan) -> dict:
        return {
            "unit": action_plan.unit_id,
            "year": action_plan.year,
            "title_ar": action_plan.title_ar,
            "title_en": action_plan.title_en,
        }


class ActivityForm(forms.Form):
    code = forms.CharField(label=_("code"), max_length=30)
    title_ar = forms.CharField(label=_("title (Arabic)"), max_length=300)
    title_en = forms.CharField(label=_("title (English)"), max_length=300, required=False)
    owner_ar = forms.CharField(label=_("owner (Arabic)"), max_length=200)
    owner_en = forms.CharField(label=_("owner (English)"), max_length=200, required=False)
    objective = PlanObjectiveField(label=_("objective"), queryset=plan_objectives(0))
    planned_start = forms.DateField(label=_("planned start"), widget=DateInput())
    planned_end = forms.DateField(label=_("planned end"), widget=DateInput())
    weight = TypedDecimalField(label=_("weight"), max_digits=8, decimal_places=2, initial=1)
    budget_planned = TypedDecimalField(
        label=_("planned budget (IQD)"), max_digits=16, decimal_places=0, initial=0
    )
    budget_spent = TypedDecimalField(
        label=_("spent budget (IQD)"), max_digits=16, decimal_places=0, initial=0
    )

    def __init__(self, *args, plan_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = plan_objectives(plan_id)

    @classmethod
    def initial_from(cls, activity: Activity) -> dict:
        names = [n for n in cls.base_fields if n != "objective"]
        return {name: getattr(activity, name) for name in names} | {
            "objective": activity.objective_id
        }
