"""The filters of scores (plan, year, quarter, unit, goal, scenario, provisional): one form
for the dashboard, the reports and the API, so that they read and refuse the same parameters.

It is a plain form, not a FilterSet: the achievement selectors apply the span and the unit's
sub-units themselves, so there is no queryset to filter.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import Scenario
from plans.models import Goal, OrgUnit, StrategicPlan
from plans.selectors import default_plan
from plans.vocabulary import quarter_label_lazy


class ScoreFilterForm(forms.Form):
    plan = forms.ModelChoiceField(
        queryset=StrategicPlan.objects.all(), label=_("Plan"), required=False
    )
    year = forms.IntegerField(label=_("Year"), required=False)
    quarter = forms.TypedChoiceField(
        choices=[("", _("Whole year"))] + [(q, quarter_label_lazy(q)) for q in (1, 2, 3, 4)],
        coerce=int,
        empty_value=None,
        label=_("Quarter"),
        required=False,
    )
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.all(), label=_("Unit"), required=False)
    goal = forms.ModelChoiceField(queryset=Goal.objects.all(), label=_("Goal"), required=False)
    scenario = forms.ModelChoiceField(
        queryset=Scenario.objects.all(), label=_("Scenario"), required=False
    )
    provisional = forms.NullBooleanField(
        label=_("Include submitted values (provisional)"),
        widget=forms.CheckboxInput,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("plan") is None and "plan" not in self.errors:
            data["plan"] = default_plan()  # the newest active plan, checked like a chosen one
        plan, year, quarter = data.get("plan"), data.get("year"), data.get("quarter")
        if year is not None and plan is not None and not plan.first_year <= year <= plan.last_year:
            self.add_error(
                "year",
                _("The year must be inside the plan (%(first)s–%(last)s).")
                % {"first": plan.first_year, "last": plan.last_year},
            )
        if quarter and year is None:
            self.add_error("quarter", _("A quarter needs a year."))
        goal = data.get("goal")
        if goal is not None and plan is not None and goal.plan_id != plan.pk:
            self.add_error("goal", _("This goal belongs to another plan."))
        scenario = data.get("scenario")
        if scenario is not None and plan is not None and scenario.plan_id != plan.pk:
            self.add_error("scenario", _("This scenario belongs to another plan."))
        return data


def limit_choices(form: ScoreFilterForm, *, units, plan) -> ScoreFilterForm:
    """Offer only the units the user may look at and the goals and scenarios of the chosen
    plan, each labelled with the plan's code (one plan, one world)."""
    fields = form.fields
    fields["unit"].queryset = units
    fields["goal"].queryset = (
        Goal.objects.filter(plan=plan).order_by("order", "code") if plan else Goal.objects.none()
    )
    fields["scenario"].queryset = (
        Scenario.objects.filter(plan=plan).order_by("order", "code")
        if plan
        else Scenario.objects.none()
    )
    if plan is not None:
        fields["goal"].label_from_instance = lambda goal: f"{goal} · {plan.code}"
        fields["scenario"].label_from_instance = lambda scenario: f"{scenario} · {plan.code}"
    return form
