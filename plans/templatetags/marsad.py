"""Template filters shared by every page: numbers, left-to-right islands in Arabic text,
and the words of a vocabulary (plans/vocabulary.py)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms, template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from plans import vocabulary
from plans.services.periods import period_writing

register = template.Library()


@register.filter
def word(value, name):
    """The words for ``value`` in the vocabulary ``name``, in the active language:
    ``{{ band|word:"band" }}`` → «حرج». Empty for None or an unknown value."""
    return vocabulary.word(name, value)


@register.filter
def writing(period, user):
    """How ``user`` may write into ``period``: "open", "late" (a planning admin's late entry
    in a closed period, with a reason) or "" (not at all), asked of the service
    (``plans.services.periods.period_writing``): ``{% with writing=period|writing:user %}``."""
    return period_writing(period, user) or ""


@register.filter
def ltr(value):
    """Isolate a left-to-right run (a code, a year range) so that Arabic text around it
    cannot turn it around: 2019–2023 stays 2019–2023."""
    if value is None or value == "":
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def typed(value):
    """Isolate what a person typed (a comment, a note, a reason) in its own direction: it
    is data, in whatever language its writer used, not a label of the page. The language
    scan (tests/config/test_language_leaks.py) reads no ``<bdi>``."""
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def period_name(period):
    """A period (anything with ``year`` and ``quarter``) in the active language: "2023 Q4",
    «الربع الرابع 2023» (never «الربع 4»)."""
    return vocabulary.period_label(period.year, period.quarter)


@register.filter
def period_key_name(key):
    """A quarter's key ("2023-Q4", as the dashboards keep it) in the active language."""
    return vocabulary.period_key_label(key)


@register.filter
def quarter_name(quarter):
    """A quarter alone in the active language: "Q3", «الربع الثالث»."""
    return vocabulary.quarter_label(int(quarter))


@register.filter
def year_range(plan):
    """A plan's years as an isolated left-to-right range."""
    return ltr(f"{plan.first_year}–{plan.last_year}")


def format_decimal(value, places: int | None = None) -> str:
    """A decimal for reading: thousands separated, no trailing zeros (unless ``places``).

    With ``places``, rounded half away from zero like the engine's ``display`` and
    ``figure_places`` (94.25 → "94.3"), so that a figure shown with the places that
    ``figure_places`` asks for is the figure it checked."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        return f"{number:,.{places}f}"
    normal = number.normalize()
    if normal == normal.to_integral():
        return f"{normal.to_integral():,.0f}"
    digits = -normal.as_tuple().exponent
    return f"{normal:,.{digits}f}"


@register.filter
def num(value, places=None):
    """A decimal for reading; ``num:2`` with exactly two decimals (an indicator's actual and
    target are shown with ``num:row.places``, the places ``engine.figure_places`` found)."""
    if places in (None, ""):
        return format_decimal(value)
    return format_decimal(value, int(places))


@register.filter
def keys_changed(pair) -> int:
    """How many keys of a trail's (before, after) pair of mappings differ: a grid's cells
    are told as "3 cells changed", not as two dictionaries."""
    before, after = (side if isinstance(side, dict) else {} for side in pair)
    return sum(1 for key in set(before) | set(after) if before.get(key) != after.get(key))


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (None when absent)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def percent(fraction, places=0):
    """A fraction (0.92) as a percentage ("92%"); empty for None."""
    if fraction is None or fraction == "":
        return "—"
    return f"{format_decimal(Decimal(fraction) * 100, int(places))}%"


@register.filter
def approx(value, places=1):
    """Rounded to ``places`` decimals (half away from zero), trailing zeros dropped:
    42000 → "42,000", 12.34 → "12.3"."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(value).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    return format_decimal(number)


def applied_filters(form) -> list[tuple[str, str]]:
    """(label, words) of each filter ``form`` applied, read from its ``cleaned_data`` (no
    query: a chosen row is already there), in the active language."""
    data = getattr(form, "cleaned_data", None) or {}
    applied = []
    for name, field in form.fields.items():
        value = data.get(name)
        if value is None or value == "" or value is False or value == []:
            continue
        if isinstance(field, forms.ModelChoiceField):
            text = str(value)
        elif isinstance(field, forms.ChoiceField):
            text = str(dict(field.choices).get(value, value))
        elif value is True:
            text = gettext("yes")
        else:
            text = str(value)
        applied.append((str(field.label or name), text))
    return applied


@register.simple_tag(takes_context=True)
def print_line(context, *pairs, form=None):
    """The line a printed page starts with and the screen never shows (``.print-only``):
    the filters applied (``label, value`` pairs, then those of ``form``) and who printed it
    when. ``{% print_line _("Plan") plan.name form=filterset.form %}``."""
    applied = [
        (str(label), str(value))
        for label, value in zip(pairs[::2], pairs[1::2], strict=True)
        if value is not None and value != ""
    ]
    if form is not None:
        applied += applied_filters(form)
    request = context.get("request")
    user = getattr(request, "user", None)
    printed = mark_safe(  # the message escaped, then its escaped values put in
        conditional_escape(gettext("Printed on %(date)s by %(user)s."))
        % {
            "date": conditional_escape(date_format(timezone.localdate(), "DATE_FORMAT")),
            "user": ltr(user.get_username() if user is not None else ""),
        }
    )
    return format_html(
        '<p class="print-only applied-filters">{}: {}<br><span class="muted">{}</span></p>',
        gettext("Filters applied"),
        format_html_join(" · ", "{}: {}", applied) if applied else gettext("none"),
        printed,
    )
