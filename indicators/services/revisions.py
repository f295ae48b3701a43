"""Marking the indicators whose results a change moved (see docs/architecture.md, "Where each
rule lives": the indicator results kept in memory)."""

from collections.abc import Iterable

from indicators.models import Indicator
from plans.models import new_stamp
from plans.services.periods import plan_touch


def indicators_touch(*, plan_id: int, indicator_ids: Iterable[int]) -> None:
    """Record that these indicators' results may have changed (a value saved, submitted,
    approved, returned, reopened for correction; a target set or revised; the indicator's
    rules edited): each gets a fresh ``stamp``, so that its kept result is computed again,
    and the plan a new revision (its dashboards are built again, from the other indicators'
    kept results and these ones' new ones). 1 query for the indicators, 1 for the plan."""
    Indicator.objects.filter(pk__in=list(indicator_ids), plan_id=plan_id).update(stamp=new_stamp())
    plan_touch(plan_id, scores=False)
