"""Reads for data quality: an indicator's recent values (for the review page), and the
flagged values a dashboard lists (docs/data-quality.md). The words for each flag are in
indicators/vocabulary.py."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from indicators.models import ProgressEntry
from indicators.quality import Flag
from indicators.vocabulary import flag_words
from plans.models import ReportingPeriod, pick_language

HISTORY = 4  # how many earlier quarters the review page shows


def recent_values(
    period: ReportingPeriod, indicator_ids
) -> dict[int, list[tuple[ReportingPeriod, ProgressEntry | None]]]:
    """Each indicator's entries of the four quarters before ``period``, oldest first, with
    None where there was none (2 queries)."""
    earlier = list(
        ReportingPeriod.objects.filter(plan_id=period.plan_id)
        .before(period)
        .order_by("-year", "-quarter")[:HISTORY]
    )
    found: dict[int, dict[int, ProgressEntry]] = defaultdict(dict)
    for entry in ProgressEntry.objects.filter(
        indicator_id__in=list(indicator_ids), period__in=earlier
    ).order_by():
        found[entry.indicator_id][entry.period_id] = entry
    return {pk: [(p, found[pk].get(p.pk)) for p in reversed(earlier)] for pk in indicator_ids}


@dataclass(frozen=True)
class FlaggedValue:
    """A value the data-quality checks flagged, as plain values (dashboards are cached)."""

    entry_id: int
    indicator_id: int
    code: str
    title_ar: str
    title_en: str
    unit_id: int
    period_id: int
    period: str  # "2023 Q4"
    value: object  # Decimal
    flags: tuple[str, ...]
    status: str  # submitted or approved

    @property
    def flag_words(self) -> list[str]:
        return flag_words(Flag(code) for code in self.flags)

    @property
    def title(self) -> str:
        return pick_language(self.title_ar, self.title_en)


def flagged_values(plan_id: int, periods, indicator_ids=None) -> list[FlaggedValue]:
    """Flagged values of these periods (ids, or a queryset of periods read as a subquery)
    that await review or were approved, for these indicators (all of the plan's when None),
    by period and code (1 query)."""
    if not isinstance(periods, QuerySet):
        periods = list(periods)
    rows = ProgressEntry.objects.filter(
        period__plan_id=plan_id,
        period__in=periods,
        status__in=[ProgressEntry.Status.SUBMITTED, ProgressEntry.Status.APPROVED],
    ).exclude(quality_flags="")
    if indicator_ids is not None:
        rows = rows.filter(indicator_id__in=list(indicator_ids))
    return [
        FlaggedValue(
            entry_id=pk,
            indicator_id=indicator_id,
            code=code,
            title_ar=title_ar,
            title_en=title_en,
            unit_id=unit_id,
            period_id=period_id,
            period=f"{year} Q{quarter}",
            value=value,
            flags=tuple(code for code in flags.split(",") if code),
            status=status,
        )
        for pk, indicator_id, code, title_ar, title_en, unit_id, period_id, year, quarter, value,
        flags, status in rows.order_by(
            "period__year", "period__quarter", "indicator__code"
        ).values_list(
            "pk", "indicator_id", "indicator__code", "indicator__title_ar",
            "indicator__title_en", "indicator__unit_id", "period_id", "period__year",
            "period__quarter", "value", "quality_flags", "status",
        )
    ]  # fmt: skip
