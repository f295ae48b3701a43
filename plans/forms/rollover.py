"""The form that starts the next plan from the current one (indicators.services.rollover)."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _


class RolloverForm(forms.Form):
    code = forms.SlugField(label=_("code"), max_length=40)
    name_ar = forms.CharField(label=_("name (Arabic)"), max_length=250)
    name_en = forms.CharField(label=_("name (English)"), max_length=250, required=False)
    first_year = forms.IntegerField(
        label=_("first year"), validators=[MinValueValidator(1990), MaxValueValidator(2200)]
    )
    last_year = forms.IntegerField(
        label=_("last year"), validators=[MinValueValidator(1990), MaxValueValidator(2200)]
    )

    def __init__(self, *args, plan, **kwargs):
        length = plan.last_year - plan.first_year + 1
        kwargs.setdefault(
            "initial",
            {"first_year": plan.last_year + 1, "last_year": plan.last_year + length},
        )
        super().__init__(*args, **kwargs)
        for name in ("code", "first_year", "last_year"):
            self.fields[name].widget.attrs["dir"] = "ltr"
        self.fields["name_ar"].widget.attrs["dir"] = "rtl"
        self.fields["name_en"].widget.attrs["dir"] = "ltr"
