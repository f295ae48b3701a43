"""The exports take an exact number of queries, the same with one row of each kind and with
many: the report's assembly for each kind of scope, the report file made from it, and the
reads under them (the budgets are in tests/queries/cases.py). Rendering an assembled
report reads nothing."""

from decimal import Decimal

import pytest

from indicators.models import Scenario, ScenarioTarget
from indicators.selectors import achievement_tree, scenario_trees
from reports.assembly import assemble_report
from reports.excel import render_xlsx
from reports.models import ReportFile
from reports.render import render_pdf
from reports.services import report_file_build
from tests import builders
from tests.queries.measure import call_queries, within_budget
from tests.queries.rows import grow


def _scenarios(rows):
    return list(Scenario.objects.filter(plan=rows.world.plan).order_by("order", "code"))


EXPORTS = [
    # The dashboard's part of a report reads the plan's current open period (1 query, once
    # the open period was read one way everywhere: ReportingPeriod.objects.current_open()).
    # Issue 17: a report also reads the plan so far through its end (an achievement tree),
    # the same point of last year when its span lies inside one year (another tree, one
    # query fewer: its periods were read), the letterhead (1) and, for the whole ministry,
    # the summary and sign-off (1), the span's approved narratives (1); against a scenario
    # the plan-to-date tree reads it too. Disaggregation: which of its indicators are broken
    # down (1; their cells and options 2 more when some are: indicators.selectors.breakdown).
    ("the plan so far", lambda r: assemble_report(r.world.plan, language="en"), 40),
    (
        "a unit's year",
        lambda r: assemble_report(r.world.plan, year=2021, unit=r.world.unit_a, language="en"),
        44,
    ),
    (
        "a quarter, provisional, in Arabic",
        lambda r: assemble_report(r.world.plan, year=2021, quarter=2, include_submitted=True),
        45,
    ),
    ("a goal", lambda r: assemble_report(r.world.plan, goal=r.world.goal, language="en"), 40),
    (
        "against a scenario",
        lambda r: assemble_report(r.world.plan, scenario=r.scenario, language="en"),
        42,
    ),
    ("the achievement tree", lambda r: achievement_tree(r.world.plan), 6),
    (
        "the achievement tree of a unit against a scenario",
        lambda r: achievement_tree(r.world.plan, unit_ids={r.world.unit_a.pk}, scenario=r.scenario),
        7,
    ),
    (
        "every scenario's tree, and the list of scenarios",
        lambda r: scenario_trees(r.world.plan, _scenarios(r)),
        8,
    ),
]


@pytest.mark.parametrize(("what", "export", "budget"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_export_takes_its_budget_at_one_and_at_many_rows(rows, what, export, budget):
    within_budget(call_queries(lambda: export(rows)), budget, f"{what}, one row of each kind")
    grow(rows)
    within_budget(call_queries(lambda: export(rows)), budget, f"{what}, many rows of each kind")


def test_a_report_file_is_made_in_a_fixed_number_of_queries(rows):
    def made(key):
        report_file = ReportFile.objects.create(
            key=key, plan=rows.world.plan, params={"year": 2021, "language": "en"}, format="xlsx"
        )
        counted = call_queries(lambda: report_file_build(report_file.pk))
        report_file.refresh_from_db()
        assert report_file.status == ReportFile.Status.DONE
        return counted

    # 15 more than the report alone took before issue 17: the plan so far and last year at
    # the same point (two achievement trees), the letterhead, the ministry's sign-off and
    # the approved narratives.
    # 53: the report's 52, and 1 for which indicators are broken down (disaggregation).
    within_budget(made("one"), 53, "an Excel file, one row of each kind")
    grow(rows)
    within_budget(made("many"), 53, "an Excel file, many rows of each kind")


def test_rendering_an_assembled_report_reads_nothing(rows):
    grow(rows)
    report = assemble_report(rows.world.plan, language="en")
    assert report.scenarios and report.risks and report.rows
    within_budget(call_queries(lambda: render_xlsx(report)), 0, "the Excel rendering")
    within_budget(call_queries(lambda: render_pdf(report)), 0, "the PDF rendering")


def test_each_scenario_tree_is_the_tree_of_that_scenario(rows):
    """Read once for all, each scenario still gets its own targets: none leaks into the
    next, and the plan's targets stand where a scenario sets none."""
    world = rows.world
    yearly_only = builders.indicator(world.objective, world.unit_a, "G1.1.9")
    builders.target(yearly_only, 2021, 100)
    builders.entry(yearly_only, rows.closed, 30)
    lower = builders.scenario(world.plan, "lower", order=1)
    ScenarioTarget.objects.create(scenario=lower, indicator=yearly_only, year=2021, value=40)
    higher = builders.scenario(world.plan, "higher", order=2)
    ScenarioTarget.objects.create(
        scenario=higher, indicator=world.indicator_b, year=2021, value=Decimal("500")
    )
    empty = builders.scenario(world.plan, "empty", order=3)
    scenarios = [rows.scenario, lower, higher, empty]
    for unit_ids in (None, {world.unit_a.pk}):
        trees = scenario_trees(world.plan, scenarios, year=2021, unit_ids=unit_ids)
        for scenario, tree in zip(scenarios, trees, strict=True):
            alone = achievement_tree(world.plan, year=2021, unit_ids=unit_ids, scenario=scenario)
            assert _scores(tree) == _scores(alone), scenario.code
        plain = achievement_tree(world.plan, year=2021, unit_ids=unit_ids)
        assert _scores(trees[3]) == _scores(plain)  # no targets of its own: the plan's
        assert _scores(trees[1]) != _scores(plain)
    assert scenario_trees(world.plan, []) == []


def _scores(tree):
    return [
        (item.indicator.code, item.result.target, item.result.achievement, item.score)
        for item in tree.indicators
    ] + [tree.score]


@pytest.mark.parametrize("more", [0, 1, 6])
def test_the_scenario_section_takes_the_same_queries_at_one_and_at_many_scenarios(rows, more):
    """Issue 16: the report's scenarios once took 7 queries each (17, 24, 31, 38...). Read
    once for all of them (scenario_trees), a report against 1, 2 or 7 scenarios takes the
    same 40 queries as "the plan so far" above."""
    for i in range(more):
        scenario = builders.scenario(rows.world.plan, f"more-{i}", order=10 + i)
        ScenarioTarget.objects.create(
            scenario=scenario, indicator=rows.world.indicator_a, year=2021, value=70 + i
        )
    counted = call_queries(lambda: assemble_report(rows.world.plan, language="en"))
    assert len(counted.answer.scenarios) == 1 + more
    within_budget(counted, 40, f"a report against {1 + more} scenarios")
