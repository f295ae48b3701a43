"""Forms of the scenario builder: a scenario, and its target grid (the plan's indicators ×
the plan's years), read with the entry page's number parser (Arabic-Indic digits too)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plans.inputs import parse_optional


class ScenarioForm(forms.Form):
    code = forms.SlugField(label=_("code"), max_length=30)
    name_ar = forms.CharField(label=_("name (Arabic)"), max_length=200)
    name_en = forms.CharField(label=_("name (English)"), max_length=200, required=False)
    assumptions_ar = forms.CharField(
        label=_("assumptions (Arabic)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    assumptions_en = forms.CharField(
        label=_("assumptions (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    order = forms.IntegerField(label=_("order"), min_value=0, max_value=2**31 - 1, initial=0)

    @classmethod
    def initial_from(cls, scenario) -> dict:
        return {name: getattr(scenario, name) for name in cls.base_fields}


def cell_name(indicator_id: int, year: int) -> str:
    return f"t-{indicator_id}-{year}"


def read_target_grid(
    data, indicators, years
) -> tuple[dict[tuple[int, int], Decimal | None], dict[str, str]]:
    """The grid as typed: ``{(indicator_id, year): value or None}`` for every cell, and
    ``{cell name: message}`` for the cells that are not numbers. Cells left out of the
    submitted form are left out of the result (they are not emptied)."""
    cells: dict[tuple[int, int], Decimal | None] = {}
    errors: dict[str, str] = {}
    for indicator in indicators:
        for year in years:
            name = cell_name(indicator.pk, year)
            if name not in data:
                continue
            try:
                cells[(indicator.pk, year)] = parse_optional(data.get(name))
            except ValidationError as error:
                errors[name] = " ".join(error.messages)
    return cells, errors
