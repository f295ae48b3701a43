"""Reports and dashboards read only what is in force: approved values, and the approved
value of one reopened for correction until the correction is approved. Never a draft."""

import datetime
import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.cache import cache

from indicators import services
from plans.models import ActivityProgress
from plans.services import reviews
from reports.assembly import assemble_report
from reports.excel import render_xlsx
from reports.selectors import build_dashboard
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()


def percents(plan, **options):
    """The percent complete each activity of 2021 shows in the report through 2021 Q2."""
    report = assemble_report(plan, year=2021, quarter=2, language="en", **options)
    return {row.code: row.percent for row in report.activities}


@pytest.fixture
def activities(cycle):
    world = cycle.world
    builders.action_plan(world.plan, world.unit_a, 2021, activities=4)
    return {a.code: a for a in world.plan.action_plans.get().activities.all()}


def progress(activity, cycle, percent, *, to="draft"):
    world = cycle.world
    record = reviews.activity_progress_save(
        activity=activity, period=cycle.open_period, by=world.officer_a,
        percent_complete=D(percent), status=ActivityProgress.Status.IN_PROGRESS,
    )  # fmt: skip
    if to == "draft":
        return record
    record = reviews.activity_progress_submit(
        progress=record, by=world.officer_a, expected_version=record.version
    )
    if to == "submitted":
        return record
    return reviews.activity_progress_approve(
        progress=record, by=world.head_a, expected_version=record.version
    )


def test_report_activity_rows_read_only_progress_in_force(cycle, activities):
    world = cycle.world
    progress(activities["A1"], cycle, 80)  # a draft
    progress(activities["A2"], cycle, 60, to="submitted")
    progress(activities["A3"], cycle, 50, to="approved")
    corrected = progress(activities["A4"], cycle, 40, to="approved")
    corrected = reviews.activity_progress_reopen(
        progress=corrected, by=world.head_a, expected_version=corrected.version,
        comment="40 was last quarter's",
    )  # fmt: skip
    reviews.activity_progress_save(
        activity=activities["A4"], period=cycle.open_period, by=world.officer_a,
        percent_complete=D(90), status=ActivityProgress.Status.IN_PROGRESS,
        expected_version=corrected.version,
    )  # fmt: skip
    assert percents(world.plan) == {"A1": None, "A2": None, "A3": D(50), "A4": D(40)}
    # A provisional report takes the submitted progress too, never the drafts.
    assert percents(world.plan, include_submitted=True) == {
        "A1": None, "A2": D(60), "A3": D(50), "A4": D(40),
    }  # fmt: skip
    # The correction submitted is provisional; approved, it is in force.
    record = ActivityProgress.objects.get(activity=activities["A4"])
    record = reviews.activity_progress_submit(
        progress=record, by=world.officer_a, expected_version=record.version
    )
    assert percents(world.plan)["A4"] == D(40)
    assert percents(world.plan, include_submitted=True)["A4"] == D(90)
    reviews.activity_progress_approve(
        progress=record, by=world.head_a, expected_version=record.version
    )
    assert percents(world.plan)["A4"] == D(90)
    assert ActivityProgress.objects.get(activity=activities["A4"]).approved_percent == D(90)


def test_the_dashboards_activity_counts_leave_drafts_out(cycle, activities):
    world = cycle.world
    # Planned 1 January to 30 June: by 30 June everything not done is delayed.
    progress(activities["A1"], cycle, 100)  # a draft saying "done"
    progress(activities["A2"], cycle, 100, to="approved")
    board = build_dashboard(
        world.plan, year=2021, quarter=2, unit=None, goal_id=None, include_submitted=False,
        today=datetime.date(2021, 7, 1),
    )  # fmt: skip
    assert board.activity_counts == {"done": 1, "on_track": 0, "delayed": 3, "not_due": 0}


def approved_then_reopened(cycle, value=40):
    world = cycle.world
    entry = services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a, value=D(value)
    )
    entry = services.progress_submit(entry=entry, by=world.officer_a, expected_version=1)
    entry = services.progress_approve(entry=entry, by=world.head_a, expected_version=2)
    return services.progress_reopen(
        entry=entry, by=world.head_a, expected_version=entry.version, comment="Check the count"
    )


def test_the_excel_report_marks_a_value_under_correction(cycle):
    world = cycle.world
    approved_then_reopened(cycle)
    report = assemble_report(world.plan, year=2021, quarter=2, language="en")
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))["Indicators"]
    header = [cell.value for cell in sheet[1]]
    at = header.index("Correction")
    notes = {row[0].value: row[at].value for row in sheet.iter_rows(min_row=2)}
    assert notes == {
        world.indicator_a.code: "2021 Q2: under correction",
        world.indicator_a1.code: None,
        world.indicator_b.code: None,
    }
    arabic = assemble_report(world.plan, year=2021, quarter=2, language="ar")
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(arabic)))["المؤشرات"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == world.indicator_a.code)
    assert row[at].value == "الربع الثاني 2021: قيد التصحيح"


def test_a_value_under_correction_is_heard_from_and_reported(cycle):
    world = cycle.world
    approved_then_reopened(cycle)
    report = assemble_report(world.plan, year=2021, quarter=2, language="en")
    silent = {code for code, *_rest in report.missing["silent"]}
    # Nothing in force for the other two in 2020 Q4–2021 Q2; indicator A's Q2 value is.
    assert silent == {world.indicator_a1.code, world.indicator_b.code}
    board = build_dashboard(
        world.plan, year=2021, quarter=2, unit=None, goal_id=None, include_submitted=False,
        today=datetime.date(2021, 6, 1),
    )  # fmt: skip
    assert [(line.reported, line.indicators) for line in board.units] == [(1, 3)]
