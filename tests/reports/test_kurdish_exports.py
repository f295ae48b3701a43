"""The achievement report and its workbook in Kurdish (Sorani): right to left, the words of
the Kurdish catalogue and the plan's names in Arabic (no Kurdish names are stored yet),
read back from the real PDF (pdftotext) and the real Excel file (openpyxl)."""

import io
import re
import shutil
import subprocess

import openpyxl
import pytest
from django.utils import translation

from indicators.demo import seed_demo
from reports.assembly import assemble_report
from reports.excel import render_xlsx
from reports.render import render_pdf

pytestmark = pytest.mark.django_db
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _kurdish(msgid: str) -> str:
    with translation.override("ckb"):
        text = translation.gettext(msgid)
    assert text != msgid, msgid
    return text


@pytest.fixture
def report():
    plan = seed_demo().plan
    return assemble_report(plan, year=2023, quarter=3, language="ckb")


def test_the_kurdish_pdf_reads_back_in_kurdish(report):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    content = render_pdf(report)
    text = BIDI.sub(
        "",
        subprocess.run(
            ["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True
        ).stdout.decode(),
    )
    # pdftotext gives a right-to-left line's words last first: compare the words.
    lines = [line.split() for line in text.splitlines()]
    for msgid in ("Achievement report", "Signature"):
        words = _kurdish(msgid).split()
        assert [line for line in lines if all(w in line for w in words)], msgid
    # Sorani letters are drawn (the font has them) and come back as text.
    assert set("ێۆڕڵە") <= set(text)
    assert "تقرير الإنجاز" not in text  # the Arabic title
    assert "Achievement report" not in text


def test_the_kurdish_workbook_is_right_to_left_with_kurdish_sheets(report):
    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    titles = [sheet.title for sheet in workbook.worksheets]
    assert _kurdish("Summary")[:31] in titles and _kurdish("Indicators")[:31] in titles
    assert all(sheet.sheet_view.rightToLeft for sheet in workbook.worksheets)
    words = {
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
    assert not [w for w in words if w in {"Summary", "Indicators", "Achievement"}]


def test_the_kurdish_report_is_laid_out_right_to_left(report):
    """The printed report, its page numbers and the preview read right to left in Kurdish
    as in Arabic (the language's own direction, not a test for Arabic)."""
    from django.template.loader import render_to_string

    for template, context in [
        ("reports/report_pages.html", {"language": "ckb", "pages": range(1)}),
        ("reports/report_print.html", {"report": report}),
    ]:
        html = render_to_string(template, context)
        assert re.search(r'<html lang="ckb" dir="rtl">', html), template
    from plans.models import StrategicPlan

    english = assemble_report(StrategicPlan.objects.get(), year=2023, quarter=3, language="en")
    html = render_to_string("reports/report_print.html", {"report": english})
    assert '<html lang="en" dir="ltr">' in html
