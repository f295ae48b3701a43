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


def test_a_bar_label_is_cut_at_a_whole_word_and_reads_right_to_left_in_arabic():
    name = "مديرية شؤون الأحوال المدنية والجوازات والإقامة في المحافظات"
    svg = str(charts.bar_chart([(name, Decimal(50), "green")], title="t", rtl=True))
    label = svg.split('direction="rtl" fill="#1d2430">', 1)[1].split("</text>", 1)[0]
    assert label.endswith("…") and len(label) <= 34
    assert name.startswith(label[:-1]) and name[len(label) - 1] == " "  # a whole word ends it
    english = str(
        charts.bar_chart(
            [("Directorate of civil status and passports", Decimal(1), "red")], title="t", rtl=False
        )
    )
    assert ">Directorate of civil status and…</text>" in english
    assert 'direction="rtl"' not in english


def test_a_long_single_word_is_still_cut():
    assert charts._shorten("x" * 50, 10) == "x" * 9 + "…"


def test_the_heat_map_labels_both_axes():
    svg = str(
        charts.heat_map(
            {(2, 3): 1}, lambda score: "low", title="t", rtl=False, axis_labels=("L →", "I ↑")
        )
    )
    assert ">L →</text>" in svg
    assert 'transform="rotate(-90' in svg and ">I ↑</text>" in svg


def test_a_heat_map_with_links_is_a_group_not_an_image():
    linked = str(
        charts.heat_map(
            {(1, 1): 2}, lambda s: "low", title="t", rtl=False, link=lambda likelihood, impact: "/x"
        )
    )
    plain = str(charts.heat_map({(1, 1): 2}, lambda s: "low", title="t", rtl=False))
    assert 'role="group"' in linked and "<a href" in linked
    assert 'role="img"' in plain and "<a href" not in plain


def test_actual_and_target_write_their_figures_with_the_actual_first_in_reading_order():
    years = [("2021", Decimal("42.25"), Decimal("100")), ("2022", None, Decimal("1250"))]
    for rtl in (False, True):
        svg = str(charts.actual_and_target(years, title="t", rtl=rtl, names=("Actual", "Target")))
        assert ">42.3</text>" in svg and ">100</text>" in svg and ">1,250</text>" in svg
        assert ">Actual</text>" in svg and ">Target</text>" in svg
        actual_x = float(
            svg.split('fill="#0b5d4b"><title>2021')[0].rsplit('<rect x="', 1)[1].split('"')[0]
        )
        target_x = float(
            svg.split("<title>2021: 100</title>")[0].rsplit('<rect x="', 1)[1].split('"')[0]
        )
        assert (actual_x > target_x) if rtl else (actual_x < target_x)
    assert svg.count("<title>2022") == 1  # no actual bar for a year without one
