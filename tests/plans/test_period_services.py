"""Opening, closing and reopening periods: planning admins only, reasons kept."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from plans import services
from plans.errors import Conflict
from plans.models import PeriodEvent

pytestmark = pytest.mark.django_db


def test_admin_opens_closes_and_reopens_with_a_reason(cycle):
    admin = cycle.world.admin
    period = services.period_open(period=cycle.planned_period, by=admin)
    assert period.state == "open"
    period = services.period_close(period=period, by=admin)
    assert period.state == "closed"
    with pytest.raises(ValidationError):
        services.period_reopen(period=period, by=admin, reason=" ")
    period = services.period_reopen(period=period, by=admin, reason="Late audit findings")
    assert period.state == "open"
    trail = list(PeriodEvent.objects.filter(period=period).values_list("action", "reason"))
    assert trail == [("open", ""), ("close", ""), ("reopen", "Late audit findings")]


@pytest.mark.parametrize("who", ["head_a", "officer_a", "viewer"])
def test_only_the_planning_admin_manages_periods(cycle, who):
    with pytest.raises(PermissionDenied):
        services.period_close(period=cycle.open_period, by=getattr(cycle.world, who))


def test_transitions_out_of_order_are_conflicts(cycle):
    admin = cycle.world.admin
    with pytest.raises(Conflict):
        services.period_open(period=cycle.open_period, by=admin)
    with pytest.raises(Conflict):
        services.period_close(period=cycle.planned_period, by=admin)
    with pytest.raises(Conflict):
        services.period_reopen(period=cycle.open_period, by=admin, reason="why")


# --- Who may write into a period, and the current open period (one rule each) -------------

WRITING = {
    # persona: (planned, open, closed)
    "admin": (None, "open", "late"),
    "head_a": (None, "open", None),
    "officer_a": (None, "open", None),
    "viewer": (None, "open", None),  # whether they may report for a unit is asked apart
    "outsider": (None, "open", None),
}


@pytest.mark.parametrize("who", list(WRITING))
def test_period_writing_is_open_or_a_planning_admins_late_entry(cycle, who):
    from plans.services.periods import period_writing

    user = getattr(cycle.world, who)
    found = tuple(
        period_writing(period, user)
        for period in (cycle.planned_period, cycle.open_period, cycle.closed_period)
    )
    assert found == WRITING[who]


def test_check_period_writable_asks_period_writing(cycle):
    from django.utils import translation

    from plans.services.periods import check_period_writable

    world = cycle.world
    assert check_period_writable(cycle.open_period, world.officer_a, "") is False
    with translation.override("en"):
        with pytest.raises(Conflict, match="not open for entry yet"):
            check_period_writable(cycle.planned_period, world.admin, "why")
        with pytest.raises(Conflict, match="closed"):
            check_period_writable(cycle.closed_period, world.head_a, "why")
    with pytest.raises(ValidationError):
        check_period_writable(cycle.closed_period, world.admin, " ")
    assert check_period_writable(cycle.closed_period, world.admin, "Audit") is True


def test_the_current_open_period_is_the_newest_open_one(cycle):
    from plans.models import ReportingPeriod

    plan_periods = ReportingPeriod.objects.filter(plan=cycle.world.plan)
    assert plan_periods.current_open() == cycle.open_period
    # Q1 reopened for a late correction while Q2 is open: two are open, Q2 is current.
    services.period_reopen(period=cycle.closed_period, by=cycle.world.admin, reason="Audit")
    assert set(plan_periods.open()) == {cycle.closed_period, cycle.open_period}
    assert plan_periods.current_open() == cycle.open_period
    services.period_close(period=cycle.open_period, by=cycle.world.admin)
    assert plan_periods.current_open() == cycle.closed_period
    other = ReportingPeriod.objects.filter(plan__code="no-such-plan")
    assert other.current_open() is None
