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
