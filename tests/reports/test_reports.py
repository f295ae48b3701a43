"""Achievement reports: one assembled report, three renderings that agree with the engine,
read back from real files; permissions; bad parameters; fixed queries."""

import io
import re
import shutil
import subprocess
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.demo import seed_demo
from indicators.engine import display
from indicators.selectors import achievement_tree
from plans.models import OrgUnit
from plans.selectors import unit_subtree_ids
from reports.assembly import assemble_report
from reports.excel import render_xlsx
from reports.models import ReportFile
from reports.render import render_pdf
from tests import builders

pytestmark = pytest.mark.django_db
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()


@pytest.fixture
def demo():
    return seed_demo().plan


def civil_defence():
    return OrgUnit.objects.get(code="civil-defence")


def pdf_text(content: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return BIDI.sub("", result.stdout.decode())


def pdf_pages(content: bytes) -> int:
    result = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", result.stdout.decode()).group(1))


def percent(value) -> str:
    return f"{display(value)}%"


def test_report_numbers_are_the_engines(demo):
    unit = civil_defence()
    report = assemble_report(demo, year=2023, quarter=3, unit=unit)
    tree = achievement_tree(demo, year=2023, quarter=3, unit_ids=unit_subtree_ids(unit.pk))
    assert report.score == tree.score
    assert {r.code: r.achievement for r in report.rows} == {
        i.indicator.code: i.result.achievement for i in tree.indicators
    }
    assert len(report.rows) == 7


def test_excel_read_back_matches_the_engine_and_reads_right_to_left(demo):
    report = assemble_report(demo, year=2022, language="ar")
    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    assert workbook.sheetnames == [
        "الملخص", "المؤشرات", "مصفوفة المتابعة", "الأنشطة", "الناقص والمتأخر", "سجل المخاطر",
        "السيناريوهات", "السرد", "الملخص التنفيذي", "المقارنة", "الأفضل والأضعف",
        "مستهدف نهاية الخطة",
    ]  # fmt: skip
    assert all(sheet.sheet_view.rightToLeft for sheet in workbook.worksheets)
    sheet = workbook["المؤشرات"]
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref.startswith("A1:")
    tree = achievement_tree(demo, year=2022)
    expected = {i.indicator.code: i.result.achievement for i in tree.indicators}
    seen = 0
    for row in sheet.iter_rows(min_row=2, values_only=False):
        code, achievement = row[0].value, row[8]
        if expected[code] is None:
            assert isinstance(achievement.value, str)  # the reason, in words
        else:
            assert achievement.value == pytest.approx(float(expected[code] / 100), abs=1e-12)
            assert achievement.number_format == "0.0%"
        seen += 1
    assert seen == 62
    summary = workbook["الملخص"]
    values = [c.value for c in summary["B"]]
    assert pytest.approx(float(tree.score / 100), abs=1e-12) in values


def test_excel_tracking_matrix_has_every_quarter(demo):
    report = assemble_report(demo, year=2021, language="en")
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))["Tracking matrix"]
    assert not sheet.sheet_view.rightToLeft
    headers = [sheet.cell(row=1, column=c).value for c in (3, 6, 9, 12)]
    assert headers == [
        "2021 Q1",
        "2021 Q2",
        "2021 Q3",
        "2021 Q4",
    ]  # English; Arabic: test_language_leaks
    first = report.rows[0]
    target, actual, score = first.quarters[1]
    row = [sheet.cell(row=3, column=c).value for c in (6, 7, 8)]
    assert row[0] == pytest.approx(float(target)) and row[1] == pytest.approx(float(actual))
    assert row[2] == pytest.approx(float(score / 100))


def test_pdf_in_arabic_extracts_exactly(demo):
    unit = civil_defence()
    report = assemble_report(demo, year=2023, quarter=3, unit=unit, language="ar")
    content = render_pdf(report)
    text = pdf_text(content)
    flat = " ".join(text.split())
    assert "مديرية الدفاع المدني" in flat
    assert "مديرية الدفاع المدني في بغداد" in flat
    assert "عدد الوفيات الناجمة عن الحرائق" in flat
    assert "2019–2023" in flat and "2023–2019" not in flat
    for row in report.rows:
        if row.achievement is not None:
            assert percent(row.achievement) in flat, row.code
    assert percent(report.score) in flat
    assert re.search(r"صفحة 2 ?من \d", flat)  # the footer: page N of M
    assert 4 <= pdf_pages(content) <= 10


def test_pdf_in_english_reads_left_to_right(demo):
    report = assemble_report(demo, year=2023, quarter=3, unit=civil_defence(), language="en")
    flat = " ".join(pdf_text(render_pdf(report)).split())
    assert "Achievement report" in flat and "Civil Defence Directorate" in flat
    assert "Average arrival time of fire crews (minutes)" in flat
    assert "Page 2 of" in flat


def test_html_pdf_and_excel_carry_the_same_numbers(demo, client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="head.civil-defence"))
    params = {"plan": demo.pk, "year": 2023, "quarter": 3, "lang": "en"}
    html = client.get(reverse("achievement_report"), params).content.decode()
    pdf = client.get(reverse("achievement_report"), {**params, "format": "pdf"})
    xlsx = client.get(reverse("achievement_report"), {**params, "format": "xlsx"})
    assert pdf.status_code == xlsx.status_code == 200
    pdf_flat = " ".join(pdf_text(b"".join(pdf.streaming_content)).split())
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))["Indicators"]
    excel = {r[0].value: r[8].value for r in sheet.iter_rows(min_row=2)}
    report = assemble_report(demo, year=2023, quarter=3, unit=civil_defence(), language="en")
    for row in report.rows:
        if row.achievement is None:
            continue
        shown = percent(row.achievement)
        assert shown in html and shown in pdf_flat, row.code
        assert f"{excel[row.code]:.4%}"[:-1].startswith(f"{float(row.achievement):.3f}"[:-1])


def test_a_period_with_no_data_says_so(world, client_for):
    builders.period(world.plan, 2021, 1)
    client = client_for(world.admin)
    client.cookies["marsad_language"] = "en"
    html = client.get(
        reverse("achievement_report"), {"plan": world.plan.pk, "year": 2021}
    ).content.decode()
    assert "No value has been approved for this period" in html


@pytest.mark.parametrize(
    ("who", "unit", "expected"),
    [
        ("admin", None, 200),
        ("viewer", None, 200),
        ("viewer", "unit_b", 200),
        ("head_a", None, 200),  # their own unit by default
        ("head_a", "unit_a1", 200),
        ("head_a", "unit_b", 404),
        ("head_a", "ministry", 404),
        ("officer_a", "unit_a", 200),
        ("officer_b", "unit_a", 404),
        ("outsider", None, 404),
    ],
)
def test_report_permissions(world, client_for, who, unit, expected):
    builders.period(world.plan, 2021, 1)
    params = {"plan": world.plan.pk, "year": 2021}
    if unit:
        params["unit"] = getattr(world, unit).pk
    response = client_for(getattr(world, who)).get(reverse("achievement_report"), params)
    assert response.status_code == expected


def test_a_head_cannot_fetch_a_ministry_file_made_for_the_admin(world, client_for):
    builders.period(world.plan, 2021, 1)
    response = client_for(world.admin).get(
        reverse("achievement_report"), {"plan": world.plan.pk, "year": 2021, "format": "xlsx"}
    )
    assert response.status_code == 200
    report_file = ReportFile.objects.get()
    assert (
        client_for(world.head_a).get(reverse("report_file", args=[report_file.pk])).status_code
        == 404
    )
    assert (
        client_for(world.viewer).get(reverse("report_file", args=[report_file.pk])).status_code
        == 200
    )


@pytest.mark.parametrize(
    "params",
    [
        {"format": "docx"},
        {"year": "1800", "format": "pdf"},
        {"year": "x"},
        {"quarter": "5", "year": "2021"},
        {"lang": "fr"},
        {"plan": "999999"},
    ],
)
def test_bad_parameters_get_a_clear_400(world, client_for, params):
    client = client_for(world.admin)
    client.cookies["marsad_language"] = "en"
    response = client.get(reverse("achievement_report"), {"plan": world.plan.pk, **params})
    assert response.status_code == 400
    assert "The report cannot be made from these parameters" in response.content.decode()


def test_a_finished_file_is_reused_until_the_data_changes(demo, client):
    from django.contrib.auth.models import User

    from indicators import services

    planner = User.objects.get(username="planner")
    client.force_login(planner)
    params = {"plan": demo.pk, "year": 2023, "format": "xlsx"}
    client.get(reverse("achievement_report"), params)
    client.get(reverse("achievement_report"), params)
    assert ReportFile.objects.count() == 1
    indicator = demo.indicators.get(code="G1.1.1")
    services.target_set(
        indicator=indicator, year=2023, quarter=None, value=D(30000), by=planner, reason="Revised"
    )
    client.get(reverse("achievement_report"), params)
    assert ReportFile.objects.count() == 2


def test_long_reports_answer_202_while_a_worker_makes_them(world, client_for, settings):
    # A queue that nobody drains yet, as in production before the worker picks it up.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    builders.period(world.plan, 2021, 1)
    client = client_for(world.admin)
    response = client.get(
        reverse("achievement_report"),
        {"plan": world.plan.pk, "format": "pdf"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "pending" and body["poll"].startswith("/reports/files/")
    html = client.get(body["poll"])
    assert html.status_code == 202 and b'http-equiv="refresh"' in html.content


def test_report_assembly_queries_do_not_grow_with_the_plan(world):
    period = builders.period(world.plan, 2021, 1)

    def grow(prefix, count):
        for i in range(count):
            indicator = builders.indicator(world.objective, world.unit_a, f"{prefix}{i}")
            builders.target(indicator, 2021, 40)
            builders.entry(indicator, period, 9, comment="ok")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assemble_report(world.plan, year=2021, language="en")
        return len(captured)

    grow("S", 2)
    small = queries()
    grow("L", 40)
    assert queries() == small
