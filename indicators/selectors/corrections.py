"""Reads about corrections: which values were reopened after an approval, and the sequence
of values that were in force."""

from django.db.models import Count, F, Q

from indicators import engine
from indicators.models import ApprovedValue, Indicator, ProgressEntry

CORRECTED = "corrected"  # approved again after a reopening: the figure in force changed
UNDER_CORRECTION = "under_correction"  # reopened: the last approved figure is in force
SELF_APPROVED = "self_approved"  # the figure in force was approved by who submitted it


def corrections(
    plan, quarters: list[engine.Quarter], unit_ids: set[int] | None = None
) -> dict[tuple[int, engine.Quarter], tuple[str, ...]]:
    """``{(indicator id, (year, quarter)): notes}`` for the entries of the span's quarters
    whose figure in force deserves a note in a report: CORRECTED or UNDER_CORRECTION (its
    approved value was reopened), SELF_APPROVED (approved by the person who submitted it,
    as the plan allowed). 1 query; none for an empty span."""
    if not quarters:
        return {}
    years = {year for year, _quarter in quarters}
    rows = (
        ProgressEntry.objects.filter(
            indicator__plan=plan, period__year__in=years, approved_at__isnull=False
        )
        .annotate(approvals=Count("approved_values"))
        .filter(
            Q(approvals__gt=1)
            | ~Q(status=ProgressEntry.Status.APPROVED)
            | Q(approved_by_id=F("submitted_by_id"))
        )
        .order_by()
    )
    if unit_ids is not None:
        rows = rows.filter(indicator__unit_id__in=unit_ids)
    wanted = set(quarters)
    found = {}
    for indicator_id, year, quarter, status, approvals, approver, submitter in rows.values_list(
        "indicator_id", "period__year", "period__quarter", "status", "approvals",
        "approved_by_id", "submitted_by_id",
    ):  # fmt: skip
        if (year, quarter) not in wanted:
            continue
        notes = []
        if status != ProgressEntry.Status.APPROVED:
            notes.append(UNDER_CORRECTION)
        elif approvals > 1:
            notes.append(CORRECTED)
        if approver is not None and approver == submitter:
            notes.append(SELF_APPROVED)
        found[(indicator_id, (year, quarter))] = tuple(notes)
    return found


def approved_values(indicator: Indicator) -> list[ApprovedValue]:
    """Every value ever in force for the indicator's entries, by period and then in the
    order they were approved (1 query)."""
    return list(
        ApprovedValue.objects.filter(entry__indicator=indicator)
        .select_related("entry__period", "approved_by")
        .order_by("-entry__period__year", "-entry__period__quarter", "approved_at", "id")
    )


def reopenable_entries(period, unit_ids: set[int] | None) -> list[ProgressEntry]:
    """The period's approved entries of these units (all when None), which a reviewer may
    reopen for correction (1 query)."""
    rows = ProgressEntry.objects.filter(
        period=period, status=ProgressEntry.Status.APPROVED
    ).select_related("indicator", "indicator__unit", "approved_by")
    if unit_ids is not None:
        rows = rows.filter(indicator__unit_id__in=unit_ids)
    return list(rows.order_by("indicator__unit__order", "indicator__code"))
