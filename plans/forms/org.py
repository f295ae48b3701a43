"""Forms of the organisation builder (units, accounts, memberships) and what the risk and
action plan builder forms share: numbers in Arabic-Indic digits, pickers that show only one
plan's items labelled with the plan, and service errors put back on the form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plans.inputs import ARABIC_DIGITS
from plans.models import Membership, Objective, OrgUnit


def western_digits(value):
    """A typed number with Arabic-Indic digits read as Western ones; other values as given."""
    if isinstance(value, str):
        return value.translate(ARABIC_DIGITS).replace(",", "").strip()
    return value


class TypedDecimalField(forms.DecimalField):
    """A decimal typed in Western or Arabic-Indic digits (١٢٥٠٫٥)."""

    widget = forms.TextInput

    def to_python(self, value):
        return super().to_python(western_digits(value))


class TypedIntegerField(forms.IntegerField):
    """A whole number typed in Western or Arabic-Indic digits."""

    widget = forms.TextInput

    def to_python(self, value):
        return super().to_python(western_digits(value))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class UnitChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", "—")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, unit):
        return f"{unit.name} ({unit.code})"


class PlanObjectiveLabel:
    """Objectives labelled with their code, title and plan, so that nobody picks one of
    another plan by mistake."""

    def label_from_instance(self, objective):
        return f"{objective.code} {objective.title} — {objective.plan.name}"


class PlanObjectiveField(PlanObjectiveLabel, forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", "—")
        super().__init__(*args, **kwargs)


class PlanObjectivesField(PlanObjectiveLabel, forms.ModelMultipleChoiceField):
    pass


def plan_objectives(plan_id: int):
    """The objectives a picker offers: the plan's own, in plan order, with the plan."""
    return (
        Objective.objects.filter(plan_id=plan_id)
        .select_related("plan")
        .order_by("goal__order", "goal__code", "order", "code")
    )


def units_in_order():
    return OrgUnit.objects.order_by("order", "code")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where the form has the
    field, at the top otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        if field in form.fields:
            form.add_error(field, messages)
        else:
            form.add_error(None, messages)


class UnitForm(forms.Form):
    code = forms.CharField(label=_("code"), max_length=40)
    name_ar = forms.CharField(label=_("name (Arabic)"), max_length=200)
    name_en = forms.CharField(label=_("name (English)"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=OrgUnit.Kind.choices)
    parent = UnitChoiceField(label=_("parent unit"), queryset=units_in_order(), required=False)
    order = TypedIntegerField(label=_("order"), min_value=0, max_value=2**31 - 1, initial=0)
    email = forms.EmailField(
        label=_("email for notifications"),
        required=False,
        help_text=_("Where notices for this unit are sent; leave empty for none."),
    )

    @classmethod
    def initial_from(cls, unit: OrgUnit) -> dict:
        return {name: getattr(unit, name) for name in cls.base_fields if name != "parent"} | {
            "parent": unit.parent_id
        }


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("user name"), max_length=150)
    full_name = forms.CharField(label=_("full name"), max_length=300, required=False)
    email = forms.EmailField(label=_("email"), required=False)
    password = forms.CharField(
        label=_("password"), widget=forms.PasswordInput(render_value=False), strip=False
    )
    password_again = forms.CharField(
        label=_("password again"), widget=forms.PasswordInput(render_value=False), strip=False
    )
    unit = UnitChoiceField(label=_("unit"), queryset=units_in_order(), required=False)
    role = forms.ChoiceField(
        label=_("role"), choices=[("", "—"), *Membership.Role.choices], required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class MembershipForm(forms.Form):
    unit = UnitChoiceField(label=_("unit"), queryset=units_in_order())
    role = forms.ChoiceField(label=_("role"), choices=Membership.Role.choices)
