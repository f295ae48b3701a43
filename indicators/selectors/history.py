"""History that stays true: which unit answered for an indicator in a span, read from the
units its entries recorded (ProgressEntry.unit), not from its current unit alone
(docs/history.md)."""

from collections import defaultdict

from django.db.models import F, Q

from indicators import engine
from indicators.models import ProgressEntry


def in_units(unit_ids, span_period_ids, *, span_over: bool) -> Q:
    """A filter on indicators: those the units answer for in the span.

    An indicator belongs to the units when they entered a value of it in the span, or when
    its current unit is one of them, unless the span is over and every entry of the span was
    made by other units (it was moved away from them afterwards: the past stays theirs).
    Two subqueries, no extra query.
    """
    period_ids = list(span_period_ids)
    theirs = ProgressEntry.objects.filter(unit_id__in=unit_ids, period_id__in=period_ids)
    current = Q(unit_id__in=unit_ids)
    if span_over:
        others = ProgressEntry.objects.filter(period_id__in=period_ids).exclude(
            unit_id__in=unit_ids
        )
        current &= ~Q(pk__in=others.order_by().values("indicator_id"))
    return Q(pk__in=theirs.order_by().values("indicator_id")) | current


def foreign_entry_units(
    plan_id: int, span_period_ids, unit_ids
) -> dict[int, dict[engine.Quarter, int]]:
    """{indicator id: {(year, quarter): unit id}} for the span's entries that were made by a
    unit other than the indicator's current one (only those of ``unit_ids`` when given):
    few rows, since indicators are seldom moved (1 query)."""
    rows = ProgressEntry.objects.filter(
        period__plan_id=plan_id, period_id__in=list(span_period_ids)
    ).exclude(unit_id=F("indicator__unit_id"))
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    found: dict[int, dict[engine.Quarter, int]] = defaultdict(dict)
    for indicator_id, year, quarter, unit_id in rows.order_by().values_list(
        "indicator_id", "period__year", "period__quarter", "unit_id"
    ):
        found[indicator_id][(year, quarter)] = unit_id
    return dict(found)
