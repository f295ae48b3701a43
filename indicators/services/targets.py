"""Targets: setting and revising them, with every change kept as a revision."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.models import Indicator, Target, TargetRevision
from indicators.services.revisions import indicators_touch
from plans.services.periods import check_year_in_plan


def target_check(
    *, indicator: Indicator, year: int, quarter: int | None, revised: bool = False, reason=""
) -> None:
    """What ``target_set`` refuses, for forms that check before they save: a year outside
    the plan, a quarter outside 1–4, and (for a ``revised`` target) a change without reason."""
    check_year_in_plan(indicator.plan, year)
    if quarter is not None and not 1 <= quarter <= 4:
        raise ValidationError({"quarter": _("The quarter must be between 1 and 4.")})
    if revised and not (reason or "").strip():
        raise ValidationError({"reason": _("A revised target needs a reason.")})


@transaction.atomic
def target_set(
    *,
    indicator: Indicator,
    year: int,
    quarter: int | None,
    value: Decimal,
    by=None,
    reason: str = "",
) -> Target:
    """Set (or revise) a target; the old value, who and why are kept as a revision.

    Revising an existing target needs a reason: re-baselining happens, but it is recorded.
    """
    target_check(indicator=indicator, year=year, quarter=quarter)
    target = (
        Target.objects.select_for_update(of=("self",))
        .filter(indicator=indicator, year=year, quarter=quarter)
        .first()
    )
    if target is None:
        target = Target.objects.create(indicator=indicator, year=year, quarter=quarter, value=value)
        TargetRevision.objects.create(
            indicator=indicator,
            year=year,
            quarter=quarter,
            target=target,
            old_value=None,
            new_value=value,
            reason=reason,
            changed_by=by,
        )
        indicators_touch(plan_id=indicator.plan_id, indicator_ids=[indicator.pk])
        return target
    if target.value == value:
        return target
    target_check(indicator=indicator, year=year, quarter=quarter, revised=True, reason=reason)
    TargetRevision.objects.create(
        indicator=indicator,
        year=year,
        quarter=quarter,
        target=target,
        old_value=target.value,
        new_value=value,
        reason=reason,
        changed_by=by,
    )
    target.value = value
    target.save(update_fields=["value"])
    indicators_touch(plan_id=indicator.plan_id, indicator_ids=[indicator.pk])
    return target
