"""Forms of the plan builder: a plan, a goal, an objective, the periods' dates.

The forms only read what was typed; the rules live in ``plans.services.structure`` and come
back onto the form with ``show_service_errors``, so the page, the API and the admin refuse
the same things with the same words.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plans.models import Goal, Objective, OrgUnit, StrategicPlan
from plans.services.structure import GOAL_FIELDS, OBJECTIVE_FIELDS, PLAN_FIELDS

CHOOSE = _("— choose —")


class ServiceForm(forms.ModelForm):
    """A ModelForm that parses input but leaves every rule to the service: the model is
    neither changed nor validated here. Fields are left optional (but ``required_fields``)
    so that every missing one gets the service's message at once, the same words on the
    page and in the API."""

    required_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = name in self.required_fields
            if isinstance(field.widget, forms.NumberInput):
                # A browser's number input refuses Arabic-Indic digits; a text one takes them.
                field.widget = forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"})
            if hasattr(field, "empty_label"):
                field.empty_label = CHOOSE
            elif isinstance(field, forms.ChoiceField):
                field.choices = [
                    (value, CHOOSE if value == "" else label) for value, label in field.choices
                ]

    def _post_clean(self):
        pass


def show_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where the form has the
    field, otherwise above the form."""
    messages = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for name, texts in messages.items():
        target = name if name in form.fields else None
        for text in texts:
            form.add_error(target, text)


class PlanForm(ServiceForm):
    class Meta:
        model = StrategicPlan
        fields = list(PLAN_FIELDS)
        widgets = {
            "vision_ar": forms.Textarea(attrs={"rows": 2}),
            "vision_en": forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
            "mission_ar": forms.Textarea(attrs={"rows": 2}),
            "mission_en": forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
            "name_en": forms.TextInput(attrs={"dir": "ltr"}),
            "code": forms.TextInput(attrs={"dir": "ltr"}),
        }


class GoalForm(ServiceForm):
    """A goal; its place among the plan's goals is changed with the tree's move buttons."""

    class Meta:
        model = Goal
        fields = [name for name in GOAL_FIELDS if name != "order"]
        widgets = {
            "description_ar": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
            "title_en": forms.TextInput(attrs={"dir": "ltr"}),
            "code": forms.TextInput(attrs={"dir": "ltr"}),
        }


class ObjectiveForm(ServiceForm):
    """An objective; its goal is chosen among the same plan's goals (moving it there)."""

    required_fields = ("goal",)

    class Meta:
        model = Objective
        fields = [name for name in OBJECTIVE_FIELDS if name != "order"]
        widgets = GoalForm.Meta.widgets

    def __init__(self, *args, plan: StrategicPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(plan=plan).order_by("order", "code")
        self.fields["goal"].label_from_instance = lambda goal: f"{goal.code} {goal.title}"
        self.fields["lead_unit"].queryset = OrgUnit.objects.order_by("order", "code")


class PeriodDatesForm(forms.Form):
    """The opening and closing dates of every period of a plan, in one grid."""

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = periods
        for period in periods:
            for name in ("opens_on", "closes_on"):
                self.fields[f"{name}-{period.pk}"] = forms.DateField(
                    label=f"{period} {name}",
                    initial=getattr(period, name),
                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                    error_messages={"required": _("Enter both dates.")},
                )

    def rows(self):
        return [
            (period, self[f"opens_on-{period.pk}"], self[f"closes_on-{period.pk}"])
            for period in self.periods
        ]

    def dates(self) -> dict:
        data = self.cleaned_data
        return {
            period.pk: (data.get(f"opens_on-{period.pk}"), data.get(f"closes_on-{period.pk}"))
            for period in self.periods
        }

    def show_errors(self, error: ValidationError) -> None:
        for period_id, texts in error.message_dict.items():
            name = f"closes_on-{period_id}"
            for text in texts:
                self.add_error(name if name in self.fields else None, text)
