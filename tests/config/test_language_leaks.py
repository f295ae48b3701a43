"""No words of one language on the other's pages and files: quarter labels built when a
module loads, a period's name, chart and workbook headings, the admin's header."""

import io

import openpyxl
import pytest
from django.utils import translation

from reports.assembly import assemble_report
from reports.excel import render_xlsx
from tests import builders

pytestmark = pytest.mark.django_db


def test_a_period_is_named_in_the_reader_language(cycle):
    with translation.override("en"):
        assert str(cycle.open_period) == "2021 Q2"
    with translation.override("ar"):
        assert str(cycle.open_period) == "الربع الثاني 2021"


@pytest.mark.parametrize(
    ("language", "quarter_one", "other"),
    [("en", "Q1", "الربع"), ("ar", "الربع الأول", ">Q1<")],
)
def test_the_dashboard_quarter_choices_follow_the_page_language(
    cycle, client_for, language, quarter_one, other
):
    page = client_for(cycle.world.admin).get(
        "/", {"plan": cycle.world.plan.pk}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert f">{quarter_one}</option>" in html
    assert other not in html.split('name="quarter"', 1)[1].split("</select>", 1)[0]


def test_the_arabic_tracking_matrix_names_its_quarters_in_arabic(cycle):
    builders.entry(cycle.world.indicator_a, cycle.closed_period, 5)
    report = assemble_report(cycle.world.plan, year=2021, language="ar")
    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    sheet = workbook.worksheets[2]
    headings = [c.value for c in sheet[1] if isinstance(c.value, str) and "2021" in c.value]
    assert headings and all("الربع" in h and "Q" not in h for h in headings)


def test_the_admin_is_marsad_not_django(world, client_for):
    page = client_for(world.admin).get("/admin/", HTTP_ACCEPT_LANGUAGE="ar")
    html = page.content.decode()
    assert page.status_code == 200
    assert "إدارة مرصد" in html and "جانغو" not in html and "Django" not in html


def test_a_cached_dashboard_is_not_served_in_the_other_language(cycle, client_for):
    """The dashboard is cached under the plan's revision; its labels are in the reader's
    language, so an English reader after an Arabic one gets English quarter labels."""
    builders.entry(cycle.world.indicator_a, cycle.closed_period, 5)
    client = client_for(cycle.world.admin)
    query = {"plan": cycle.world.plan.pk, "year": 2021, "quarter": 2}
    arabic = client.get("/", query, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    english = client.get("/", query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "الربع الأول 2021" in arabic
    assert "2021 Q1" in english and "الربع الأول 2021" not in english


def test_the_workbook_keeps_the_plan_years_in_order_and_writes_dates_as_dates(cycle):
    import datetime

    report = assemble_report(cycle.world.plan, year=2021, language="ar")
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(report))).worksheets[0]
    facts = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2) for r in range(3, 12)}
    plan = facts["الخطة"].value
    assert "\u200e" + report.plan_years in plan  # a left-to-right mark before 2019–2023
    issued = facts["تاريخ الإصدار"]
    assert (
        isinstance(issued.value, datetime.datetime) and issued.number_format == "yyyy-mm-dd hh:mm"
    )


def test_empty_choices_of_selects_are_in_arabic(cycle, client_for):
    page = client_for(cycle.world.admin).get(
        "/", {"plan": cycle.world.plan.pk}, HTTP_ACCEPT_LANGUAGE="ar"
    )
    html = page.content.decode()
    assert "Select an option" not in html
    assert "- اختر -" in html
