"""How numbers read on pages and in reports: the ``num`` and ``approx`` filters."""

from decimal import Decimal as D

import pytest

from plans.templatetags.marsad import approx, num


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (D("94.25"), 1, "94.3"),  # half away from zero, like the engine's display
        (D("94.35"), 1, "94.4"),
        (D("100.05"), 1, "100.1"),
        (D("-2.5"), 0, "-3"),
        (D("75.04"), 2, "75.04"),
        (D(75), 2, "75.00"),
        (D(250), 0, "250"),  # a whole number, no trailing separator
        (D("12345.678"), 1, "12,345.7"),
    ],
)
def test_num_with_places_rounds_half_away_from_zero(value, places, shown):
    assert num(value, places) == shown


def test_num_without_places_shows_the_value_as_it_is():
    assert num(D("250.0000")) == "250"
    assert num(D("18.7400")) == "18.74"
    assert num(None) == ""


def test_approx_agrees_with_num():
    assert approx(D("94.25")) == "94.3" == num(D("94.25"), 1)
