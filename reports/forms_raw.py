"""The raw data export's filters: a plan, a unit, a year, a quarter, a review status and a
file format. Every choice is limited to what the user may see."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from indicators.models import ProgressEntry
from plans.models import OrgUnit, StrategicPlan
from plans.vocabulary import quarter_label


class RawExportForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Plan"), queryset=StrategicPlan.objects.order_by("-first_year", "code")
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("All units I may see"),
        help_text=_("The entries the unit and the units below it entered."),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=(),  # set per request, in the active language
        coerce=int,
        empty_value=None,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Every status"))] + list(ProgressEntry.Status.choices),
        required=False,
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[("xlsx", "Excel"), ("csv", "CSV (UTF-8)")], initial="xlsx"
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["quarter"].choices = [("", _("Every quarter"))] + [
            (q, quarter_label(q)) for q in range(1, 5)
        ]

    def clean(self):
        data = super().clean()
        plan, year = data.get("plan"), data.get("year")
        if plan is not None and year is not None and not plan.first_year <= year <= plan.last_year:
            raise ValidationError(
                {
                    "year": _("The year must be inside the plan (%(first)s–%(last)s).")
                    % {"first": plan.first_year, "last": plan.last_year}
                }
            )
        return data
