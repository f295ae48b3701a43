"""The raw data export (/reports/raw/): every progress entry of a plan as Excel or CSV, for
the planning directorate and auditors, within what each user may see."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from indicators.demo import seed_demo
from indicators.models import EntryEvent, ProgressEntry
from plans.models import Membership
from reports import raw
from tests import builders

URL = "/reports/raw/"


@pytest.fixture
def entries(cycle):
    world = cycle.world
    a = builders.entry(world.indicator_a, cycle.closed_period, 40, comment="وصل النظام")
    a1 = builders.entry(world.indicator_a1, cycle.closed_period, 7, status="submitted")
    b = builders.entry(
        world.indicator_b, cycle.open_period, 12, status="draft", comment='=HYPERLINK("x","y")'
    )
    EntryEvent.objects.create(
        entry=a, action="approve", late=True, comment="تأخر وصول البيانات", by=world.admin
    )
    return {"a": a, "a1": a1, "b": b}


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def _xlsx(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]


def test_the_planning_admin_gets_every_entry_of_the_plan_as_csv_with_arabic_intact(
    client_for, cycle, entries
):
    response = client_for(cycle.world.admin).get(
        URL, {"plan": cycle.world.plan.pk, "format": "csv"}, HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="marsad-entries-')
    table = _csv(response)
    header, rows = table[0], table[1:]
    assert len(header) == len(raw.columns())
    assert [row[0] for row in rows] == ["G1.1.1", "G1.1.2", "G1.1.3"]
    first = dict(zip(header, rows[0], strict=True))
    assert "وصل النظام" in rows[0]
    assert "تأخر وصول البيانات" in rows[0]
    assert first[header[3]] == "2021" and first[header[4]] == "1"
    assert rows[0][24] == "1"  # one late step
    assert rows[1][24] == "0"


def test_a_comment_that_looks_like_a_formula_stays_text_in_both_formats(client_for, cycle, entries):
    client = client_for(cycle.world.admin)
    query = {"plan": cycle.world.plan.pk, "status": "draft"}
    rows = _csv(client.get(URL, {**query, "format": "csv"}))[1:]
    assert rows[0][11] == """'=HYPERLINK("x","y")"""
    sheet = _xlsx(client.get(URL, {**query, "format": "xlsx"}))
    cell = sheet.cell(row=2, column=12)
    assert (cell.value, cell.data_type) == ('=HYPERLINK("x","y")', "s")


def test_the_workbook_holds_numbers_as_numbers_and_reads_right_to_left_in_arabic(
    client_for, cycle, entries
):
    response = client_for(cycle.world.admin).get(
        URL, {"plan": cycle.world.plan.pk, "format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert response.status_code == 200
    sheet = _xlsx(response)
    assert sheet.sheet_view.rightToLeft is True
    assert [sheet.cell(row=r, column=6).value for r in (2, 3, 4)] == [40, 7, 12]
    assert sheet.cell(row=2, column=9).value == 40  # approved: in force
    assert sheet.cell(row=3, column=9).value is None  # submitted: nothing in force yet
    created = sheet.cell(row=2, column=16)  # "entered at": a date cell, not text
    assert isinstance(created.value, datetime.datetime) and created.is_date
    english = _xlsx(
        client_for(cycle.world.admin).get(
            URL, {"plan": cycle.world.plan.pk, "format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en"
        )
    )
    assert english.sheet_view.rightToLeft is not True
    assert english.cell(row=1, column=1).value == "Indicator code"


@pytest.mark.parametrize(
    ("filters", "codes"),
    [
        ({"year": 2021, "quarter": 2}, ["G1.1.3"]),
        ({"status": "submitted"}, ["G1.1.2"]),
        ({"unit": "unit_a"}, ["G1.1.1", "G1.1.2"]),  # the unit and the units below it
        ({"unit": "unit_a1"}, ["G1.1.2"]),
        ({"year": 2022}, []),
    ],
)
def test_filters_narrow_the_rows(client_for, cycle, entries, filters, codes):
    world = cycle.world
    if "unit" in filters:
        filters = {**filters, "unit": getattr(world, filters["unit"]).pk}
    response = client_for(world.admin).get(URL, {"plan": world.plan.pk, "format": "csv", **filters})
    assert [row[0] for row in _csv(response)[1:]] == codes


@pytest.mark.parametrize(
    ("persona", "codes"),
    [
        ("admin", ["G1.1.1", "G1.1.2", "G1.1.3"]),
        ("viewer", ["G1.1.1", "G1.1.2", "G1.1.3"]),
        ("head_a", ["G1.1.1", "G1.1.2"]),
        ("officer_a", ["G1.1.1", "G1.1.2"]),
        ("head_b", ["G1.1.3"]),
        ("officer_b", ["G1.1.3"]),
    ],
)
def test_each_persona_gets_only_the_units_it_may_see(client_for, cycle, entries, persona, codes):
    client = client_for(getattr(cycle.world, persona))
    assert client.get(URL).status_code == 200
    response = client.get(URL, {"plan": cycle.world.plan.pk, "format": "csv"})
    assert [row[0] for row in _csv(response)[1:]] == codes


def test_a_unit_outside_the_users_scope_is_not_found(client_for, cycle, entries):
    """As a unit that does not exist: the answer tells nothing of which units exist."""
    client = client_for(cycle.world.officer_b)
    for unit in (cycle.world.unit_a.pk, 999999):
        response = client.get(URL, {"plan": cycle.world.plan.pk, "unit": unit, "format": "csv"})
        assert response.status_code == 404


def test_entries_a_unit_made_of_an_indicator_since_moved_away_stay_in_its_export(
    client_for, cycle, entries
):
    world = cycle.world
    world.indicator_b.unit = world.unit_a
    world.indicator_b.save(update_fields=["unit"])
    response = client_for(world.officer_b).get(URL, {"plan": world.plan.pk, "format": "csv"})
    assert [row[0] for row in _csv(response)[1:]] == ["G1.1.3"]


@pytest.mark.parametrize("persona", ["outsider", None])
def test_non_members_and_visitors_get_nothing(client_for, cycle, entries, persona):
    account = getattr(cycle.world, persona) if persona else None
    response = client_for(account).get(URL, {"plan": cycle.world.plan.pk, "format": "csv"})
    assert response.status_code == (404 if persona else 302)


@pytest.mark.parametrize(
    "bad",
    [
        {"plan": "²"},
        {"plan": "999999"},
        {"year": "2030"},
        {"year": "x"},
        {"quarter": "5"},
        {"status": "bogus"},
        {"format": "pdf"},
        {"unit": "1\u00b2"},
    ],
)
def test_bad_parameters_answer_400_with_the_field_named(client_for, cycle, entries, bad):
    query = {"plan": cycle.world.plan.pk, "format": "csv", **bad}
    response = client_for(cycle.world.admin).get(URL, query, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 400
    assert set(response.context["form"].errors) == set(bad)
    assert "لا يمكن" in response.content.decode()


def test_a_nul_byte_in_a_parameter_answers_400(client_for, cycle, entries):
    query = {"plan": cycle.world.plan.pk, "format": "csv", "unit": "\x00"}
    assert client_for(cycle.world.admin).get(URL, query).status_code == 400


def test_reading_the_rows_costs_one_query_and_one_per_chunk_whatever_their_number(
    cycle, monkeypatch
):
    world = cycle.world
    query = raw.RawQuery(plan=world.plan)
    builders.entry(world.indicator_a, cycle.closed_period, 1)
    with CaptureQueriesContext(connection) as one:
        assert len(list(raw.rows(query))) == 1
    for year in (2019, 2020, 2022, 2023):
        for quarter in (1, 2, 3, 4):
            period = builders.period(world.plan, year, quarter)
            for indicator in (world.indicator_a, world.indicator_a1, world.indicator_b):
                builders.entry(indicator, period, quarter)
    with CaptureQueriesContext(connection) as many:
        assert len(list(raw.rows(query))) == 49
    assert len(one) == len(many) == 2
    monkeypatch.setattr(raw, "CHUNK", 10)
    with CaptureQueriesContext(connection) as chunked:
        assert len(list(raw.rows(query))) == 49
    assert len(chunked) == 1 + 5  # the entries from one cursor; late steps per chunk


def test_the_demo_plan_exports_every_entry(client_for, db):
    plan = seed_demo().plan
    account = Membership.objects.filter(role=Membership.Role.PLANNING_ADMIN).first().user
    response = client_for(account).get(URL, {"plan": plan.pk, "format": "csv"})
    rows = _csv(response)[1:]
    assert len(rows) == ProgressEntry.objects.filter(period__plan=plan).count() > 100
    assert any("\u0644\u0627" in cell for row in rows for cell in row)  # lam-alef intact
