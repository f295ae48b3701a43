"""The pages ask the service who may write into a period (``period_writing``) and which
period is the current open one (``ReportingPeriod.objects.current_open``), instead of
working it out again from the period's state."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from plans.services.periods import period_close, period_reopen
from tests import builders

pytestmark = pytest.mark.django_db


def approved(cycle, period):
    return builders.entry(cycle.world.indicator_a, period, 5, status="approved")


def submitted(cycle, period):
    return builders.entry(cycle.world.indicator_a, period, 5, status="submitted")


def reopen_form(html, entry):
    return f'action="{reverse("entry_reopen", args=[entry.pk])}"' in html


@pytest.mark.parametrize(("who", "form", "late"), [("admin", True, True), ("head_a", False, False)])
def test_the_indicator_page_offers_a_correction_only_to_who_may_write(
    cycle, client_for, who, form, late
):
    # A closed period: the head's reopen was refused by the service (409) after the page
    # had offered it; now the page offers it only to the planning admin, with the reason.
    entry = approved(cycle, cycle.closed_period)
    client = client_for(getattr(cycle.world, who))
    client.cookies["marsad_language"] = "en"
    html = client.get(reverse("indicator_detail", args=[cycle.world.indicator_a.pk])).content
    html = html.decode()
    assert reopen_form(html, entry) is form
    assert (f'id="late-{entry.pk}"' in html) is late
    if not form:
        assert "The period is closed: only a planning admin can still correct it." in html


def test_in_an_open_period_the_head_is_offered_the_correction_without_a_late_reason(
    cycle, client_for
):
    entry = approved(cycle, cycle.open_period)
    html = (
        client_for(cycle.world.head_a)
        .get(reverse("indicator_detail", args=[cycle.world.indicator_a.pk]))
        .content.decode()
    )
    assert reopen_form(html, entry)
    assert f'id="late-{entry.pk}"' not in html


def test_the_review_page_of_a_closed_period_is_read_only_for_a_head(cycle, client_for):
    entry = submitted(cycle, cycle.closed_period)
    client = client_for(cycle.world.head_a)
    client.cookies["marsad_language"] = "en"
    html = client.get(reverse("review", args=[cycle.closed_period.pk])).content.decode()
    assert "This period is not open: its entries can be read but not reviewed." in html
    assert f'id="entry-{entry.pk}"' in html  # still listed, to be read
    assert 'value="approve"' not in html and 'value="approve_selected"' not in html


def test_the_review_page_of_a_closed_period_asks_the_admin_for_a_late_reason(cycle, client_for):
    submitted(cycle, cycle.closed_period)
    html = (
        client_for(cycle.world.admin)
        .get(reverse("review", args=[cycle.closed_period.pk]))
        .content.decode()
    )
    assert 'name="late_reason"' in html and 'value="approve"' in html
    assert "This period is not open" not in html


def test_the_review_page_of_an_open_period_asks_no_late_reason(cycle, client_for):
    submitted(cycle, cycle.open_period)
    html = (
        client_for(cycle.world.head_a)
        .get(reverse("review", args=[cycle.open_period.pk]))
        .content.decode()
    )
    assert 'value="approve"' in html and 'name="late_reason"' not in html


# --- Two periods open at once -------------------------------------------------------------


@pytest.fixture
def two_open(cycle):
    """Q1 reopened for a late correction while Q2 is open."""
    cache.clear()
    period_reopen(period=cycle.closed_period, by=cycle.world.admin, reason="Audit")
    return cycle


def test_the_dashboard_names_the_newest_open_period(two_open, client_for):
    # It named the first open one of the plan's periods, the older, reopened Q1.
    board = client_for(two_open.world.admin).get(reverse("home")).context["board"]
    assert board.open_period == (two_open.open_period.pk, 2021, 2)


def test_the_risk_page_assesses_the_newest_open_period(two_open, client_for):
    risk = builders.risk(two_open.world.plan, two_open.world.unit_a)
    response = client_for(two_open.world.officer_a).get(reverse("risk_detail", args=[risk.pk]))
    assert response.context["period"] == two_open.open_period


def test_the_plan_list_offers_entry_into_every_open_period(two_open, client_for):
    html = client_for(two_open.world.officer_a).get(reverse("plan_list")).content.decode()
    for period in (two_open.closed_period, two_open.open_period):
        assert f'href="{reverse("entry", args=[period.pk])}"' in html
    assert f'href="{reverse("entry", args=[two_open.planned_period.pk])}"' not in html


def test_with_no_open_period_the_dashboard_names_none(cycle, client_for):
    cache.clear()
    period_close(period=cycle.open_period, by=cycle.world.admin)
    board = client_for(cycle.world.admin).get(reverse("home")).context["board"]
    assert board.open_period is None
