"""Reading what people type: numbers in Western or Arabic-Indic digits, and the entry page."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import Indicator
from indicators.services.structure import INDICATOR_FIELDS
from plans.forms.structure import ServiceForm
from plans.inputs import MAX_PLACES, decimal_problem
from plans.models import Objective, OrgUnit

# Arabic-Indic (٠–٩) and Eastern Arabic-Indic (۰–۹) digits, the Arabic decimal separator (٫)
# and thousands separator (٬), the Arabic percent sign.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬٪−", "01234567890123456789.,%-")
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u2066\u2067\u2069"))
_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# A space (or a no-break or thin space) only between groups of three digits: "1 250".
_SPACED = re.compile(r"^[-+]?\d{1,3}(?: \d{3})+(?:\.\d+)?$")
_SPACES = str.maketrans("\u00a0\u202f\u2009", "   ")


def parse_decimal(text) -> Decimal:
    """A number as a person types it: '1250', '1,250.5', '١٢٥٠٫٥', '12.5%'.

    Raises ValidationError with a translated message for anything else.
    """
    raw = str(text or "").translate(_BIDI_MARKS).strip()
    if not raw:
        raise ValidationError(_("Enter a value."), code="required")
    normal = raw.translate(_DIGITS).translate(_SPACES).removesuffix("%").strip()
    if " " in normal:
        if not _SPACED.match(normal):
            raise ValidationError(_("Enter a number, such as 1250 or 12.5."), code="invalid")
        normal = normal.replace(" ", "")
    if not _NUMBER.match(normal):
        raise ValidationError(_("Enter a number, such as 1250 or 12.5."), code="invalid")
    try:
        value = Decimal(normal.replace(",", ""))
    except InvalidOperation as error:
        raise ValidationError(_("Enter a number, such as 1250 or 12.5."), code="invalid") from error
    problem = decimal_problem(value)
    if problem is not None:
        code, message = problem
        raise ValidationError(message, code=code)
    if -value.as_tuple().exponent > MAX_PLACES:
        value = value.quantize(Decimal(1).scaleb(-MAX_PLACES))  # trailing zeros, as in 12.50000
    return value


def parse_optional(text) -> Decimal | None:
    """Like ``parse_decimal``, but an empty field is None."""
    if not str(text or "").strip():
        return None
    return parse_decimal(text)


# --- The plan builder: an indicator and its target grid --------------------------------------


class TypedDecimalField(forms.CharField):
    """A number as a person types it (Western or Arabic-Indic digits); empty is None."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "dir": "ltr"})

    def to_python(self, value):
        return parse_optional(value)

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value or ""
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text


_TEXT_LTR = forms.TextInput(attrs={"dir": "ltr"})


class IndicatorForm(ServiceForm):
    """Every field of an indicator; the objective is chosen among the same plan's."""

    required_fields = ("objective",)

    baseline_value = TypedDecimalField(label=gettext_lazy("baseline value"))
    tolerance = TypedDecimalField(label=gettext_lazy("tolerance"))
    weight = TypedDecimalField(label=gettext_lazy("weight"))

    class Meta:
        model = Indicator
        fields = [name for name in INDICATOR_FIELDS if name != "order"]
        widgets = {
            "code": _TEXT_LTR,
            "title_en": _TEXT_LTR,
            "description_ar": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
            "data_source_en": _TEXT_LTR,
            "verification_en": _TEXT_LTR,
            "numerator_label_en": _TEXT_LTR,
            "denominator_label_en": _TEXT_LTR,
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        objectives = Objective.objects.filter(plan=plan).order_by("goal__order", "order", "code")
        self.fields["objective"].queryset = objectives
        self.fields["objective"].label_from_instance = lambda o: f"{o.code} {o.title}"
        self.fields["unit"].queryset = OrgUnit.objects.order_by("order", "code")
        if self.instance.pk is None:
            self.initial.setdefault("weight", "1")

    def clean_weight(self):
        weight = self.cleaned_data.get("weight")
        if weight is None:
            raise ValidationError(_("Enter the weight."))
        return weight


def target_field_name(year: int, quarter: int | None) -> str:
    return f"target-{year}" if quarter is None else f"target-{year}-q{quarter}"


class TargetGridForm(forms.Form):
    """An indicator's whole target grid: per plan year the yearly target and four optional
    quarterly ones, and one reason for the save (needed when an existing target changes)."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for the revision"),
        required=False,
        max_length=2000,
        help_text=gettext_lazy("Needed only when an existing target is changed or emptied."),
    )

    def __init__(self, *args, years, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(years)
        stored = {(t.year, t.quarter): t.value for t in targets}
        for year in self.years:
            for quarter in (None, 1, 2, 3, 4):
                label = (
                    _("Yearly target %(year)s") % {"year": year}
                    if quarter is None
                    else _("Target %(year)s Q%(quarter)s") % {"year": year, "quarter": quarter}
                )
                self.fields[target_field_name(year, quarter)] = TypedDecimalField(
                    label=label, initial=stored.get((year, quarter))
                )

    def rows(self):
        return [
            (
                year,
                self[target_field_name(year, None)],
                [self[target_field_name(year, q)] for q in (1, 2, 3, 4)],
            )
            for year in self.years
        ]

    def cells(self) -> dict:
        data = self.cleaned_data
        return {
            (year, quarter): data.get(target_field_name(year, quarter))
            for year in self.years
            for quarter in (None, 1, 2, 3, 4)
        }

    def show_errors(self, error: ValidationError) -> None:
        """Service errors keyed "2024" or "2024-Q1" onto their cells."""
        for key, texts in error.message_dict.items():
            name = key
            if key != "reason":
                year, _sep, quarter = key.partition("-Q")
                name = target_field_name(int(year), int(quarter) if quarter else None)
            for text in texts:
                self.add_error(name if name in self.fields else None, text)


def objective_field_name(indicator_id: int, year: int) -> str:
    return f"target-{indicator_id}-{year}"


class ObjectiveTargetsForm(forms.Form):
    """The yearly targets of every indicator of an objective, for fast entry."""

    reason = TargetGridForm.base_fields["reason"]

    def __init__(self, *args, indicators, years, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators, self.years = list(indicators), list(years)
        stored = {(t.indicator_id, t.year): t.value for t in targets if t.quarter is None}
        for indicator in self.indicators:
            for year in self.years:
                self.fields[objective_field_name(indicator.pk, year)] = TypedDecimalField(
                    label=f"{indicator.code} {year}", initial=stored.get((indicator.pk, year))
                )

    def rows(self):
        return [
            (indicator, [self[objective_field_name(indicator.pk, y)] for y in self.years])
            for indicator in self.indicators
        ]

    def cells(self) -> dict:
        return {
            (indicator.pk, year): self.cleaned_data.get(objective_field_name(indicator.pk, year))
            for indicator in self.indicators
            for year in self.years
        }

    def show_errors(self, error: ValidationError) -> None:
        for key, texts in error.message_dict.items():
            name = key if key == "reason" else f"target-{key}"
            for text in texts:
                self.add_error(name if name in self.fields else None, text)
