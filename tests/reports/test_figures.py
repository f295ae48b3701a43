"""Figures that add up on paper: wherever an indicator's actual and target stand beside its
achievement (dashboard, indicator and review pages, the report in HTML, PDF and Excel) they
are shown with the decimals a reader needs to recompute the achievement shown, and whole
numbers stay whole. The worked example is docs/achievement.md's example 16: 75.04 against
74.96 is 100.1 %, which "actual 75, target 75" would not explain."""

import io
import re
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse

from indicators import services
from reports.assembly import assemble_report
from reports.excel import number_format, render_xlsx
from reports.render import render_pdf
from tests import builders
from tests.reports.test_reports import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()


@pytest.fixture
def figures(world):
    """2021 Q1 closed: a level of 75.04 against 74.96 (100.1 %), and a count of 113 against
    a quarter's 120 of a yearly 480 (94.2 %)."""
    period = builders.period(world.plan, 2021, 1, state="closed")
    level = builders.indicator(world.objective, world.unit_a, "G1.1.8", aggregation="last")
    builders.target(level, 2021, "74.96")
    builders.entry(level, period, "75.04")
    count = world.indicator_a
    builders.target(count, 2021, 480)
    builders.entry(count, period, 113)
    return world, level, count


def report(world, language="en"):
    return assemble_report(world.plan, year=2021, quarter=1, language=language)


def test_the_report_rows_carry_the_places_that_make_them_add_up(figures):
    world, level, count = figures
    rows = {row.code: row for row in report(world).rows}
    shown = rows[level.code]
    assert (shown.target, shown.actual) == (D("74.96"), D("75.04"))
    assert (shown.places, shown.quarter_places, shown.quarters_places) == (2, 2, [2])
    assert (rows[count.code].places, rows[count.code].quarters_places) == (0, [0])


def test_the_html_report_shows_the_decimals_needed(figures, client_for):
    world, level, count = figures
    html = (
        client_for(world.admin)
        .get(
            reverse("achievement_report"),
            {"plan": world.plan.pk, "year": 2021, "quarter": 1, "lang": "en"},
        )
        .content.decode()
    )
    cells = re.findall(r'<td class="num">([^<]*)</td>', html)
    # Baseline, target, actual, achievement, the quarter alone: the level, then the count.
    assert ["—", "74.96", "75.04", "100.1%", "100.1%"] in _runs(cells, 5)
    assert ["—", "120", "113", "94.2%", "94.2%"] in _runs(cells, 5)


def _runs(cells, size):
    return [cells[i : i + size] for i in range(len(cells) - size + 1)]


def test_the_pdf_shows_the_decimals_needed(figures):
    world, _level, _count = figures
    flat = " ".join(pdf_text(render_pdf(report(world))).split())
    assert "— 74.96 75.04 100.1% 100.1%" in flat
    assert "— 120 113 94.2% 94.2%" in flat
    assert " 75 75 " not in flat and "75.0 " not in flat


def test_the_pdf_in_arabic_shows_them_too(figures):
    world, _level, _count = figures
    flat = " ".join(pdf_text(render_pdf(report(world, "ar"))).split())
    assert "74.96" in flat and "75.04" in flat and "100.1%" in flat


def test_excel_cells_keep_the_value_and_show_exactly_those_places(figures):
    world, level, count = figures
    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(report(world))))
    sheet = workbook["Indicators"]
    header = [cell.value for cell in sheet[1]]
    columns = [
        header.index(name)
        for name in ("Target", "Actual", "Quarter target", "Quarter actual", "Baseline")
    ]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    shown = [(rows[level.code][i].value, rows[level.code][i].number_format) for i in columns]
    assert shown[:4] == [
        (74.96, "#,##0.00"), (75.04, "#,##0.00"), (74.96, "#,##0.00"), (75.04, "#,##0.00"),
    ]  # fmt: skip
    assert shown[4][0] is None
    whole = [(rows[count.code][i].value, rows[count.code][i].number_format) for i in columns]
    assert whole[:4] == [(120, "#,##0"), (113, "#,##0"), (120, "#,##0"), (113, "#,##0")]
    matrix = workbook["Tracking matrix"]
    lines = {row[0].value: row for row in matrix.iter_rows(min_row=3)}
    assert [(c.value, c.number_format) for c in lines[level.code][2:4]] == [
        (74.96, "#,##0.00"), (75.04, "#,##0.00"),
    ]  # fmt: skip
    assert [(c.value, c.number_format) for c in lines[count.code][2:4]] == [
        (120, "#,##0"), (113, "#,##0"),
    ]  # fmt: skip
    # No cell anywhere shows a whole number with a trailing separator ("250.").
    formats = {
        cell.number_format for ws in workbook.worksheets for row in ws.iter_rows() for cell in row
    }
    assert not any(".#" in shown for shown in formats)


@pytest.mark.parametrize(
    ("places", "shown"), [(0, "#,##0"), (1, "#,##0.0"), (2, "#,##0.00"), (4, "#,##0.0000")]
)
def test_number_formats(places, shown):
    assert number_format(places) == shown


def test_a_baseline_method_row_shows_its_span_baseline_with_the_rows_places(world):
    # A count measured from a yearly baseline of 401 against a yearly target of 601.5: in
    # Q1 the baseline is 100.25 and the target 150.375; 130 → (130 − 100.25) ÷ 50.125 =
    # 59.35 %, shown 59.4 %. Whole, 100 and 150 would say 60 %; with one decimal, 100.3
    # and 150.4 say 59.28 %; with two, 100.25 and 150.38 say 59.35 %.
    period = builders.period(world.plan, 2021, 1, state="closed")
    indicator = builders.indicator(
        world.objective, world.unit_a, "G1.1.7", method="baseline", baseline_value=D(401)
    )
    builders.target(indicator, 2021, "601.5")
    builders.entry(indicator, period, 130)
    row = {row.code: row for row in report(world).rows}[indicator.code]
    assert (row.baseline, row.target, row.actual) == (D("100.25"), D("150.375"), D(130))
    assert f"{row.achievement:.2f}" == "59.35"
    assert row.places == row.baseline_places == 2
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(report(world))))["Indicators"]
    line = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == indicator.code)
    assert [(c.value, c.number_format) for c in line[5:8]] == [
        (100.25, "#,##0.00"), (150.375, "#,##0.00"), (130, "#,##0.00"),
    ]  # fmt: skip


def test_the_dashboard_shows_the_decimals_needed(figures, client_for):
    world, _level, _count = figures
    client = client_for(world.admin)
    html = client.get(
        "/", {"plan": world.plan.pk, "year": 2021, "quarter": 1, "goal": world.goal.pk}
    ).content.decode()
    cells = re.findall(r'<td class="num">([^<]*)</td>', html)
    assert ["74.96", "75.04"] in _runs(cells, 2)
    assert ["120", "113"] in _runs(cells, 2)


def test_the_indicator_pages_scenarios_show_the_decimals_needed(figures, client_for):
    world, level, _count = figures
    builders.scenario(world.plan, "base")
    html = client_for(world.admin).get(reverse("indicator_detail", args=[level.pk])).content
    assert b'<td class="num">74.96</td><td class="num">75.04</td>' in html


def test_the_review_page_shows_the_value_as_typed_and_the_target_to_match(world, client_for):
    period = builders.period(world.plan, 2021, 2, state="open")
    level = builders.indicator(world.objective, world.unit_a, "G1.1.8", aggregation="last")
    builders.target(level, 2021, "74.96")
    count = world.indicator_a
    builders.target(count, 2021, "74.96")  # 18.74 a quarter
    for indicator, value in ((level, "75.045"), (count, "7")):
        entry = services.progress_save(
            indicator=indicator, period=period, by=world.officer_a, value=D(value)
        )
        services.progress_submit(entry=entry, by=world.officer_a, expected_version=1)
    html = client_for(world.head_a).get(reverse("review", args=[period.pk])).content.decode()
    cells = re.findall(r'<td class="num"[^>]*>\s*([^<]*?)\s*<', html)
    # 75.045 ÷ 74.96 = 100.11 %: the typed value whole, the target with as many decimals.
    assert "74.960" in cells and "75.045" in cells
    # 7 ÷ 18.74 = 37.35 %, shown 37.4 %: 7 ÷ 19 would say 36.8 %, 7.0 ÷ 18.7 says 37.4 %.
    assert "18.7" in cells and "7.0" in cells
