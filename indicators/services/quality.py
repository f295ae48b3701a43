"""Data quality on saving a value: the plausible range and the jump check
(indicators.quality), and the note that confirms a flagged value (docs/data-quality.md)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from indicators import quality
from indicators.models import Indicator, ProgressEntry
from indicators.quality import Flag
from plans.models import ReportingPeriod

MAX_NOTE = 4000


def previous_value(indicator: Indicator, period: ReportingPeriod) -> ProgressEntry | None:
    """The indicator's latest reported (submitted or approved) entry before ``period``
    (1 query)."""
    return (
        ProgressEntry.objects.filter(
            indicator=indicator,
            status__in=[ProgressEntry.Status.SUBMITTED, ProgressEntry.Status.APPROVED],
            period__in=ReportingPeriod.objects.filter(plan_id=period.plan_id).before(period),
            value__isnull=False,
        )
        .select_related("period")
        .order_by("-period__year", "-period__quarter")
        .first()
    )


def _number(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def explain(flags, *, indicator: Indicator, previous: ProgressEntry | None, factor) -> str:
    """The flags in words, for the officer who must confirm the value."""
    parts = []
    for flag in flags:
        if flag == Flag.BELOW_RANGE:
            parts.append(
                _("The value is below the lowest plausible value (%(bound)s).")
                % {"bound": _number(indicator.plausible_min)}
            )
        elif flag == Flag.ABOVE_RANGE:
            parts.append(
                _("The value is above the highest plausible value (%(bound)s).")
                % {"bound": _number(indicator.plausible_max)}
            )
        elif flag == Flag.JUMP_UP:
            parts.append(
                _(
                    "The value is more than %(factor)s times the previous one "
                    "(%(previous)s in %(period)s)."
                )
                % {
                    "factor": _number(factor),
                    "previous": _number(previous.value),
                    "period": str(previous.period),
                }
            )
        elif flag == Flag.JUMP_DOWN:
            parts.append(
                _(
                    "The value is less than the previous one (%(previous)s in %(period)s) "
                    "divided by %(factor)s."
                )
                % {
                    "factor": _number(factor),
                    "previous": _number(previous.value),
                    "period": str(previous.period),
                }
            )
    return " ".join(parts)


def check_value(
    *, indicator: Indicator, period: ReportingPeriod, value: Decimal, note: str
) -> tuple[str, str]:
    """The quality flags a value earns and the note that confirms it, as they are stored on
    the entry: (flags, note). A flagged value without a note is refused with a
    ValidationError that explains the flags; an unflagged value keeps no note. A note
    confirms the value it was written for: when the value changes, the entry's old note
    does not confirm the new one.

    Side effects: none (up to 3 queries: the entry's note, the previous value, and the
    period's plan when not already read).
    """
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"quality_note": _("The note is too long.")})
    if note:
        # A note confirms the value it was written for: a changed value needs a new one.
        current = (
            ProgressEntry.objects.filter(indicator=indicator, period=period)
            .values_list("value", "quality_note")
            .first()
        )
        if current is not None and current[0] != value and current[1] == note:
            note = ""
    previous = previous_value(indicator, period)
    factor = period.plan.jump_factor  # the same plan as the indicator's (checked before)
    flags = quality.quality_flags(
        value,
        previous=previous.value if previous else None,
        plausible_min=indicator.plausible_min,
        plausible_max=indicator.plausible_max,
        jump_factor=factor,
    )
    if not flags:
        return "", ""
    if not note:
        explained = explain(flags, indicator=indicator, previous=previous, factor=factor)
        raise ValidationError(
            {
                "value": _("%(explained)s If it is right, confirm it with a note saying why.")
                % {"explained": explained},
                "quality_note": _("Say why this value is right."),
            }
        )
    return quality.encode(flags), note
