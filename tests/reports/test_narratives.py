"""The units' approved narratives in the report: the HTML, the PDF (read back with
pdftotext, Arabic exact) and the Excel workbook (read back with openpyxl); drafts, submitted
and returned narratives never appear; text that looks like a formula stays text."""

import io

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse

from indicators.demo import seed_demo
from plans.models import Narrative, Objective, OrgUnit
from reports.assembly import assemble_report
from reports.excel import render_xlsx
from reports.render import render_pdf
from tests.reports.test_reports import pdf_text

pytestmark = pytest.mark.django_db

APPROVED_AR = "تدريب مئة وعشرين من المنتسبين على الإطفاء والإنقاذ في المباني العالية."
APPROVED_EN = "120 staff trained in firefighting and high-rise rescue."
DRAFT_AR = "استلمت ست عجلات إطفاء من أصل عشر."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()


@pytest.fixture
def demo():
    return seed_demo().plan


def civil_defence():
    return OrgUnit.objects.get(code="civil-defence")


def _unapproved(plan):
    """A submitted and a returned narrative beside the demo's draft: none may appear."""
    period = plan.periods.get(year=2023, quarter=2)
    objective = Objective.objects.get(plan=plan, code="G4.3")
    for status, text in (("submitted", "نص مرسل لم يعتمد"), ("returned", "نص معاد لم يعتمد")):
        Narrative.objects.create(
            period=period, unit=objective.lead_unit, objective=objective, status=status,
            achievements_ar=text,
        )  # fmt: skip
        period = plan.periods.get(year=2023, quarter=1)


def test_the_pdf_carries_the_approved_narratives_in_exact_arabic_and_never_a_draft(demo):
    _unapproved(demo)
    report = assemble_report(demo, year=2023, unit=civil_defence(), language="ar")
    flat = " ".join(pdf_text(render_pdf(report)).split())
    assert "سرد الوحدات" in flat
    assert APPROVED_AR in flat
    assert APPROVED_EN in flat  # bilingual where the author gave both
    assert "نقص في عجلات الإطفاء الحديثة بسبب تأخر إجراءات التعاقد." in flat
    assert "التعاون مع المدارس لإيصال رسائل السلامة إلى الأسر." in flat
    for never in (DRAFT_AR, "نص مرسل لم يعتمد", "نص معاد لم يعتمد"):
        assert never not in flat
    # Another unit's narrative is outside this unit's report.
    assert "كاميرات حرارية" not in flat


def test_the_excel_has_a_narratives_sheet_of_approved_ones(demo):
    _unapproved(demo)
    report = assemble_report(demo, year=2023, unit=civil_defence(), language="ar")
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    sheet = book["السرد"]
    assert sheet.sheet_view.rightToLeft
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [(r[1], r[4]) for r in rows] == [
        ("G1.3", "الربع الأول 2023"), ("G1.3", "الربع الثاني 2023"),
        ("G1.3", "الربع الثالث 2023"), ("G4.3", "الربع الثالث 2023"),
    ]  # fmt: skip
    q3 = rows[2]
    assert (q3[5], q3[6]) == (APPROVED_AR, APPROVED_EN)
    assert q3[11] == "head.civil-defence"
    everything = " ".join(str(v) for r in rows for v in r if v)
    for never in (DRAFT_AR, "نص مرسل لم يعتمد", "نص معاد لم يعتمد"):
        assert never not in everything


@pytest.mark.parametrize("lead", ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)"])
def test_a_narrative_that_looks_like_a_formula_is_written_as_text(demo, lead):
    narrative = Narrative.objects.get(objective__code="G1.3", period__quarter=3)
    narrative.next_steps_en = lead
    narrative.save()
    report = assemble_report(demo, year=2023, unit=civil_defence(), language="en")
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    sheet = book["Narratives"]
    cells = [row[10] for row in sheet.iter_rows(min_row=2) if row[4].value == "2023 Q3"]
    assert cells[0].value == lead
    assert cells[0].data_type == "s"


def test_the_html_report_shows_approved_narratives_only(demo, client):
    from django.contrib.auth.models import User

    _unapproved(demo)
    client.force_login(User.objects.get(username="head.civil-defence"))
    html = client.get(
        reverse("achievement_report"), {"plan": demo.pk, "year": 2023, "lang": "ar"}
    ).content.decode()
    assert 'id="narratives"' in html
    assert APPROVED_AR in html and APPROVED_EN in html
    for never in (DRAFT_AR, "نص مرسل لم يعتمد", "نص معاد لم يعتمد"):
        assert never not in html


def test_a_span_shows_only_its_own_quarters(demo):
    report = assemble_report(demo, year=2023, quarter=1, unit=civil_defence(), language="ar")
    assert [(r.objective_code, r.quarter) for r in report.narratives] == [
        ("G1.3", "الربع الأول 2023")
    ]
    report = assemble_report(demo, year=2022, unit=civil_defence(), language="ar")
    assert report.narratives == []
