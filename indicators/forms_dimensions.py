"""Forms of the dimension builder: a dimension, and its options one per line."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DimensionForm(forms.Form):
    code = forms.SlugField(label=_("code"), max_length=30)
    name_ar = forms.CharField(label=_("name (Arabic)"), max_length=200)
    name_en = forms.CharField(label=_("name (English)"), max_length=200, required=False)
    order = forms.IntegerField(label=_("order"), min_value=0, max_value=2**31 - 1, initial=0)

    @classmethod
    def initial_from(cls, dimension) -> dict:
        return {name: getattr(dimension, name) for name in cls.base_fields}


class OptionsForm(forms.Form):
    """The options in order, one per line: code | Arabic name | English name."""

    options = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea(attrs={"rows": 12, "dir": "auto"}),
        required=False,
        help_text=_(
            "One option per line, in order: code | Arabic name | English name. "
            "A line's code keeps the option it names; leave a line out to remove its option."
        ),
    )

    @staticmethod
    def text_of(options) -> str:
        return "\n".join(f"{o.code} | {o.name_ar} | {o.name_en}".rstrip(" |") for o in options)

    def lines(self) -> list[tuple[str, str, str]]:
        found = []
        for line in self.cleaned_data["options"].splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            parts += [""] * (3 - len(parts))
            found.append((parts[0], parts[1], " | ".join(parts[2:]).strip(" |")))
        return found
