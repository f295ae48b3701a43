"""Honest gaps: a due quarter without an approved value is missing whether its period is
open or closed, overdue once the period is closed, and lowers coverage at every level; the
dashboard, the report (HTML and Excel) and the API say the same."""

import datetime
import io
from decimal import Decimal as D

import openpyxl
import pytest

from indicators.selectors import achievement_tree
from plans.services.periods import period_close
from reports.assembly import assemble_report
from reports.excel import render_xlsx
from reports.selectors import Organisation, dashboard_from_tree
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def gaps(cycle):
    """2021: Q1 closed, Q2 open. Yearly targets of 100 (25 a quarter).

    G1.1.1 (unit A, quarterly): Q1 30, Q2 25 approved.
    G1.1.2 (unit A1, quarterly): Q1 20 approved, Q2 only submitted.
    G1.1.3 (unit B, half-yearly, due Q2 only in the span): nothing.
    """
    world = cycle.world
    world.indicator_b.frequency = "semiannual"
    world.indicator_b.save(update_fields=["frequency"])
    builders.entry(world.indicator_a, cycle.closed_period, 30)
    builders.entry(world.indicator_a, cycle.open_period, 25)
    builders.entry(world.indicator_a1, cycle.closed_period, 20)
    builders.entry(world.indicator_a1, cycle.open_period, 22, status="submitted")
    return cycle


def board_of(cycle, today):
    plan = cycle.world.plan
    tree = achievement_tree(plan, year=2021, quarter=2)
    return tree, dashboard_from_tree(
        plan, tree, Organisation.load(), unit=None, goal_id=None, today=today, limit=None
    )


def listed(block):
    return [(line.code, line.quarters) for line in block.items]


def test_missing_quarters_and_coverage_at_every_level(gaps):
    tree, _board = board_of(gaps, gaps.open_period.opens_on)
    by_code = {i.indicator.code: i for i in tree.indicators}
    assert {code: i.result.missing for code, i in by_code.items()} == {
        "G1.1.1": (),
        "G1.1.2": ((2021, 2),),
        "G1.1.3": ((2021, 2),),
    }
    assert {code: i.coverage for code, i in by_code.items()} == {
        "G1.1.1": D(1),
        "G1.1.2": D("0.5"),
        "G1.1.3": D(0),
    }
    # G1.1.1: 55 / 50 = 110 % (100 clipped); G1.1.2: 20 / 25 = 80 %; G1.1.3 undefined.
    objective = tree.goals[0].children[0]
    assert (objective.score, objective.coverage) == (D(90), D("0.5"))  # (1 + 0.5 + 0) / 3
    assert (tree.goals[0].score, tree.goals[0].coverage) == (D(90), D("0.5"))
    assert (tree.score, tree.coverage) == (D(90), D("0.5"))
    world = gaps.world
    assert tree.unit_rollup({world.unit_a.pk, world.unit_a1.pk}).coverage == D("0.75")
    assert tree.unit_rollup({world.unit_b.pk}).coverage == D(0)
    assert tree.due_values == (3, 5)


def test_closing_a_period_turns_its_gaps_overdue_and_keeps_them(gaps):
    before_close = gaps.open_period.opens_on
    _tree, board = board_of(gaps, before_close)
    assert listed(board.attention["missing"]) == [
        ("G1.1.2", ("2021-Q2",)),
        ("G1.1.3", ("2021-Q2",)),
    ]
    assert listed(board.attention["overdue"]) == []
    # Past its closing date but still open: overdue.
    late = gaps.open_period.closes_on + datetime.timedelta(days=1)
    assert [c for c, _q in listed(board_of(gaps, late)[1].attention["overdue"])] == [
        "G1.1.2",
        "G1.1.3",
    ]
    period_close(period=gaps.open_period, by=gaps.world.admin)
    tree, board = board_of(gaps, before_close)
    assert listed(board.attention["overdue"]) == [
        ("G1.1.2", ("2021-Q2",)),
        ("G1.1.3", ("2021-Q2",)),
    ]
    assert listed(board.attention["missing"]) == []
    assert (tree.coverage, tree.score) == (D("0.5"), D(90))  # closing changes no figure
    # The year (now through the latest closed quarter, Q2) shows the same gaps.
    year = achievement_tree(gaps.world.plan, year=2021)
    assert year.quarters == [(2021, 1), (2021, 2)]
    assert [i.result.missing for i in year.indicators] == [(), ((2021, 2),), ((2021, 2),)]
    assert year.coverage == D("0.5")


def test_the_report_the_excel_file_and_the_api_agree_on_the_gaps(gaps, client_for):
    world = gaps.world
    period_close(period=gaps.open_period, by=world.admin)
    report = assemble_report(world.plan, year=2021, quarter=2, language="en")
    assert [(row.code, row.missing, row.coverage) for row in report.rows] == [
        ("G1.1.1", [], D(1)),
        ("G1.1.2", ["2021-Q2"], D("0.5")),
        ("G1.1.3", ["2021-Q2"], D(0)),
    ]
    assert report.coverage == D("0.5")
    assert (report.due_values, report.due_share) == ((3, 5), D("0.6"))
    assert [code for code, *_rest in report.missing["overdue"]] == ["G1.1.2", "G1.1.3"]
    assert report.missing["missing"] == []
    assert report.goals[0].coverage == D("0.5")
    assert report.goals[0].sections[0].coverage == D("0.5")

    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    summary = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True)}
    assert (summary["Coverage"], summary["Due values reported"]) == (0.5, 0.6)
    sheet = workbook.worksheets[1]
    header = [cell.value for cell in sheet[1]]
    column = {title: header.index(title) for title in ("Code", "Coverage", "Missing quarters")}
    rows = [
        (r[column["Code"]], r[column["Coverage"]], r[column["Missing quarters"]])
        for r in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert rows == [("G1.1.1", 1.0, None), ("G1.1.2", 0.5, "2021 Q2"), ("G1.1.3", 0.0, "2021 Q2")]
    late = [
        (r[1], r[4])
        for r in workbook.worksheets[4].iter_rows(min_row=2, values_only=True)
        if r[0] == "Overdue entries"
    ]
    assert late == [("G1.1.2", "2021 Q2"), ("G1.1.3", "2021 Q2")]

    page = client_for(world.viewer).get(
        "/reports/achievement/",
        {"plan": world.plan.pk, "year": 2021, "quarter": 2, "format": "html", "lang": "en"},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Due values reported" in html and "60%" in html
    # Two rows and two overdue lines name the missing quarter, in words.
    assert html.count("Missing quarters: 2021 Q2") == 2
    assert html.count(" · 2021 Q2</li>") == 2

    api = client_for(world.viewer).get(
        "/api/v1/achievement/", {"plan": world.plan.pk, "year": 2021, "quarter": 2}
    )
    assert api.status_code == 200
    body = api.json()
    assert (body["score"], body["coverage"]) == ("90.0", "0.50")
    goal = body["goals"][0]
    assert (goal["coverage"], goal["objectives"][0]["coverage"]) == ("0.50", "0.50")
    assert [
        (i["code"], i["coverage"], i["missing"]) for i in goal["objectives"][0]["indicators"]
    ] == [
        ("G1.1.1", "1.00", []),
        ("G1.1.2", "0.50", ["2021-Q2"]),
        ("G1.1.3", "0.00", ["2021-Q2"]),
    ]


def test_the_report_lists_gaps_of_indicators_whose_code_does_not_start_with_the_goal(gaps):
    # An indicator coded SEC-07 under goal G1 shows on the dashboard and must show in the
    # report too (the lists were once joined on the code's prefix).
    world = gaps.world
    odd = builders.indicator(world.objective, world.unit_b, "SEC-07")
    builders.target(odd, 2021, 100)
    period_close(period=gaps.open_period, by=world.admin)
    report = assemble_report(world.plan, year=2021, quarter=2, language="en")
    assert [code for code, *_rest in report.missing["overdue"]] == [
        "G1.1.2",
        "G1.1.3",
        "SEC-07",
    ]
    by_goal = assemble_report(world.plan, year=2021, quarter=2, goal=world.goal, language="en")
    assert "SEC-07" in [code for code, *_rest in by_goal.missing["overdue"]]
