"""The shared chart drawing (plans.charts) rounds as the engine does."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from indicators import engine
from plans import charts


@given(st.decimals(min_value=-1000, max_value=1000, places=4, allow_nan=False))
def test_chart_labels_round_as_the_engine_displays(value):
    assert charts.display(value) == engine.display(value)


def test_a_half_rounds_away_from_zero_in_chart_labels():
    assert charts.display(Decimal("0.05")) == "0.1"
    assert charts.display(Decimal("-0.05")) == "-0.1"
