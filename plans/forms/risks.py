"""Forms of the risk builder: a risk (with the objectives of its own plan) and a mitigation
action."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.forms.org import (
    DateInput,
    PlanObjectivesField,
    UnitChoiceField,
    plan_objectives,
    units_in_order,
)
from plans.models import Risk, RiskAction

SCORES = [(n, str(n)) for n in range(1, 6)]


class RiskForm(forms.Form):
    code = forms.CharField(label=_("code"), max_length=30)
    kind = forms.ChoiceField(label=_("kind"), choices=Risk.Kind.choices)
    category = forms.ChoiceField(label=_("category"), choices=Risk.Category.choices)
    title_ar = forms.CharField(label=_("title (Arabic)"), max_length=300)
    title_en = forms.CharField(label=_("title (English)"), max_length=300, required=False)
    description_ar = forms.CharField(
        label=_("description (Arabic)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    description_en = forms.CharField(
        label=_("description (English)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    objectives = PlanObjectivesField(
        label=_("objectives"),
        queryset=plan_objectives(0),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    unit = UnitChoiceField(label=_("responsible unit"), queryset=units_in_order())
    likelihood = forms.TypedChoiceField(label=_("likelihood"), choices=SCORES, coerce=int)
    impact = forms.TypedChoiceField(label=_("impact"), choices=SCORES, coerce=int)
    reason = forms.CharField(
        label=_("reason for changing the likelihood or impact"),
        max_length=2000,
        required=False,
        help_text=_("Kept with the risk's history when the likelihood or impact changes."),
    )
    mitigation_ar = forms.CharField(
        label=_("mitigation (Arabic)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    mitigation_en = forms.CharField(
        label=_("mitigation (English)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    owner_ar = forms.CharField(label=_("owner (Arabic)"), max_length=200, required=False)
    owner_en = forms.CharField(label=_("owner (English)"), max_length=200, required=False)
    review_on = forms.DateField(label=_("next review"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("status"), choices=Risk.Status.choices)

    def __init__(self, *args, plan_id: int, with_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"].queryset = plan_objectives(plan_id)
        if not with_reason:
            del self.fields["reason"]

    @classmethod
    def initial_from(cls, risk: Risk) -> dict:
        names = [n for n in cls.base_fields if n not in ("objectives", "unit", "reason")]
        return {name: getattr(risk, name) for name in names} | {
            "unit": risk.unit_id,
            "objectives": [o.pk for o in risk.objectives.all()],
        }

    def service_values(self) -> dict:
        values = dict(self.cleaned_data)
        values["objectives"] = list(values["objectives"])
        return values


class RiskActionForm(forms.Form):
    title_ar = forms.CharField(label=_("title (Arabic)"), max_length=300)
    title_en = forms.CharField(label=_("title (English)"), max_length=300, required=False)
    owner_ar = forms.CharField(label=_("owner (Arabic)"), max_length=200, required=False)
    owner_en = forms.CharField(label=_("owner (English)"), max_length=200, required=False)
    due_on = forms.DateField(label=_("due on"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("status"), choices=RiskAction.Status.choices)

    @classmethod
    def initial_from(cls, action: RiskAction) -> dict:
        return {name: getattr(action, name) for name in cls.base_fields}
