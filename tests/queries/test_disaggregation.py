"""Query-count guards for disaggregated indicators (docs/disaggregation.md): the entry page
and the indicator page take an exact number of queries with one option and with many
options, many broken-down indicators and many entries with cells."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from indicators import services
from indicators.models import Dimension, DimensionOption
from indicators.services import structure as indicator_services
from tests import builders
from tests.queries.measure import request_queries, within_budget

pytestmark = pytest.mark.django_db

# The entry page as in tests/queries/cases.py, plus 1: the options of the dimensions its
# indicators use (indicators.grid.options_by_dimension), read once for the whole page.
ENTRY = 17
# The indicator page, plus 2: the options of its dimensions and its targets by option
# (indicators.selectors.breakdown.indicator_breakdown).
INDICATOR = 15


def _dimension(plan, code, count):
    dimension = Dimension.objects.create(plan=plan, code=code, name_ar=f"بعد {code}")
    DimensionOption.objects.bulk_create(
        DimensionOption(dimension=dimension, code=f"{code}-{i}", name_ar=f"خيار {i}", order=i)
        for i in range(count)
    )
    return dimension


def _fill(world, indicator, period, first, second, late=""):
    cells = {
        f"{a.pk}:{b.pk}": {"value": D(i + 1)}
        for i, (a, b) in enumerate(
            (a, b) for a in first.options.all() for b in second.options.all()
        )
    }
    entry = services.progress_save(
        indicator=indicator, period=period, by=world.admin, cells=cells, late_reason=late
    )
    entry = services.progress_submit(
        entry=entry, by=world.admin, expected_version=entry.version, late_reason=late
    )
    return services.progress_approve(
        entry=entry, by=world.head_a, expected_version=entry.version, late_reason=late
    )


def _broken_down(world, indicator, first, second):
    return indicator_services.indicator_update(
        indicator=indicator, by=world.admin, changes={"dimension_1": first, "dimension_2": second}
    )


def test_entry_and_indicator_pages_at_one_and_at_many_options(cycle, client_for):
    world = cycle.world
    first, second = _dimension(world.plan, "g", 1), _dimension(world.plan, "s", 1)
    indicator = _broken_down(world, world.indicator_a, first, second)
    _fill(world, indicator, cycle.open_period, first, second)
    client = client_for(world.officer_a)
    entry_url = reverse("entry", args=[cycle.open_period.pk])
    page_url = reverse("indicator_detail", args=[indicator.pk])
    within_budget(request_queries(client, entry_url), ENTRY, "entry, one option")
    within_budget(request_queries(client, page_url), INDICATOR, "indicator page, one option")
    # Many: 18 × 2 options, more broken-down indicators, more entries with cells.
    DimensionOption.objects.bulk_create(
        DimensionOption(dimension=first, code=f"g-more-{i}", name_ar=f"محافظة {i}", order=10 + i)
        for i in range(17)
    )
    DimensionOption.objects.create(dimension=second, code="s-more", name_ar="ذكور", order=9)
    other = _broken_down(world, world.indicator_a1, first, second)
    for i in range(5):
        more = builders.indicator(world.objective, world.unit_a, f"G1.1.9{i}")
        _broken_down(world, more, first, second if i % 2 else None)
    earlier = _fill(world, other, cycle.open_period, first, second)
    builders.entry(
        indicator, cycle.closed_period, 40, cells=earlier.cells, approved_cells=earlier.cells
    )
    within_budget(request_queries(client, entry_url), ENTRY, "entry, many options")
    within_budget(request_queries(client, page_url), INDICATOR, "indicator page, many options")
