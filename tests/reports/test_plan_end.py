"""The distance to the plan's end target in a report (issue 17): each indicator's actual so
far against the target of the plan's whole span, what is left and the share reached
(``engine.to_plan_end``, docs/achievement.md example 17), and each objective's and goal's
share rolled up, in the HTML, the PDF and the Excel."""

import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse

from reports.assembly import assemble_report
from reports.excel import render_xlsx
from reports.render import render_pdf
from tests import builders
from tests.reports.test_reports import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()


@pytest.fixture
def distances(world):
    """A plan 2019–2023, 2021 Q1–Q2 closed. A count with 100 a year (end target 500) and
    30 + 50 so far; a level (last) with targets 50…90 (end target 90) at 45."""
    q1 = builders.period(world.plan, 2021, 1)
    q2 = builders.period(world.plan, 2021, 2)
    count = world.indicator_a
    level = builders.indicator(
        world.objective, world.unit_a, "G1.1.9", measure="percentage", aggregation="last"
    )
    for year, value in zip(range(2019, 2024), (50, 60, 70, 80, 90), strict=True):
        builders.target(count, year, 100)
        builders.target(level, year, value)
    builders.entry(count, q1, 30)
    builders.entry(count, q2, 50)
    builders.entry(level, q1, 40)
    builders.entry(level, q2, 45)
    return world, count, level


def test_each_indicator_stands_against_the_plan_end_target(distances):
    world, count, level = distances
    report = assemble_report(world.plan, year=2021, quarter=2, language="en")
    rows = {row.code: row for row in report.rows}
    end = rows[count.code].end
    # 80 so far of 5 × 100: 16 % reached, 420 left.
    assert (end.actual, end.target, end.reached, end.remaining) == (D(80), D(500), D(16), D(420))
    end = rows[level.code].end
    # 45 against the final year's 90: 50 % reached, 45 left.
    assert (end.actual, end.target, end.reached, end.remaining) == (D(45), D(90), D(50), D(45))
    assert rows[world.indicator_b.code].end.reached is None  # no target, no value
    # The objective and the goal: the weighted mean of the indicators' shares, (16 + 50) ÷ 2;
    # the plan to date (160 % clipped, and 45 ÷ 2021's 70) is another figure.
    (goal,) = report.goals
    (objective,) = goal.sections
    assert objective.plan_end == goal.plan_end == D(33)
    assert objective.to_plan_end == D(67)
    assert objective.plan_to_date == (D(100) + D(45) * 100 / D(70)) / 2


def test_the_html_pdf_and_excel_show_the_distance(distances, client_for):
    world, count, level = distances
    page = client_for(world.viewer).get(
        reverse("achievement_report") + "?year=2021&quarter=2&lang=en"
    )
    body = page.content.decode()
    table = body[body.index('id="plan-end"') :]
    table = table[: table.index("</section>")]
    assert "Distance to the plan&#x27;s end target" in table or "plan's end target" in table
    for figure in ("500", "420", "16.0%", "90", "50.0%", "33.0%", "67.0 points"):
        assert figure in table, figure

    report = assemble_report(world.plan, year=2021, quarter=2, language="en")
    text = " ".join(pdf_text(render_pdf(report)).split())
    part = text[text.index("Distance to the plan's end target", text.index("Contents") + 200) :]
    assert f"{count.code} " in part and "80 500 420 16.0%" in part
    assert "45 90 45 50.0%" in part

    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    sheet = workbook["Plan's end target"]
    lines = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    assert lines[count.code][2:6] == (80, 500, 420, 0.16)
    assert lines[level.code][2:6] == (45, 90, 45, 0.5)
    assert lines[world.objective.code][5] == pytest.approx(0.33)
    compared = workbook["Compared"]
    header = [c.value for c in compared[1]]
    row = next(r for r in compared.iter_rows(min_row=2, values_only=True) if r[0] == "G1.1")
    assert row[header.index("Of the plan's end target")] == pytest.approx(0.33)
    assert row[header.index("Left to the end target (points)")] == pytest.approx(67)
