"""The ministry report a minister's office signs: the letterhead set once, the planning
directorate's executive summary and recommendations with their own sign-off (prepared,
reviewed, approved; the preparer cannot approve), the comparison of every goal and objective
with last year at the same point and with the plan so far, the best and weakest results, the
quarter alone beside the year to date, charts whose Arabic words are real text in the PDF,
and the calculation annex in the report itself: read back from real PDF and Excel files."""

import html
import io
import os
import re
import shutil
import subprocess
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.demo import seed_demo
from indicators.engine import display
from indicators.selectors import achievement_tree
from plans.errors import Conflict
from plans.models import Membership, OrgUnit
from reports.assembly import assemble_report
from reports.excel import render_xlsx
from reports.models import Letterhead, MinistryReport
from reports.render import render_pdf
from reports.services import ministry
from tests import builders

pytestmark = pytest.mark.django_db
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
Role = Membership.Role
MARKS = re.compile("[\u064b-\u0652]")
SUMMARY_AR = "حققت الوزارة تقدماً ملموساً في أهداف الخطة خلال العام"
SUMMARY_EN = "The ministry made clear progress on the plan's goals this year"
ADVICE_AR = "توصي المديرية بتعزيز التنسيق بين الجهات"


def png(width=4, height=4) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (11, 93, 75)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_text(content: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return BIDI.sub("", result.stdout.decode())


def pdf_raw(content: bytes) -> str:
    """The text in reading order without layout (Arabic words come out whole)."""
    result = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True
    )
    return BIDI.sub("", result.stdout.decode())


@pytest.fixture
def world():
    plan = seed_demo().plan
    planner = Membership.objects.get(user__username="planner")
    people = {
        "planner": planner.user,
        "planner2": builders.user("planner.two", Role.PLANNING_ADMIN, planner.unit),
        "planning_head": builders.user(
            "head.planning", Role.HEAD, planner.unit, first_name="سعاد", last_name="الحسني"
        ),
        "head": Membership.objects.get(user__username="head.civil-defence").user,
        "officer": Membership.objects.get(user__username="officer.civil-defence").user,
        "viewer": Membership.objects.get(user__username="viewer").user,
        "nobody": builders.user("no.role"),
    }
    people["planner"].first_name, people["planner"].last_name = "أحمد", "الكاظمي"
    people["planner"].save()
    people["planner2"].first_name, people["planner2"].last_name = "ليلى", "الجبوري"
    people["planner2"].save()
    return plan, people


def signed_off(plan, people, year=2023, quarter=4):
    span = {"plan": plan, "year": year, "quarter": quarter}
    ministry.letterhead_save(
        by=people["planner"],
        ministry_ar="جمهورية العراق – وزارة الداخلية",
        ministry_en="Republic of Iraq – Ministry of Interior",
        directorate_ar="دائرة التخطيط والمتابعة",
        directorate_en="Directorate General of Planning and Follow-up",
        logo=SimpleUploadedFile("logo.png", png(120, 80), content_type="image/png"),
    )
    record = ministry.ministry_report_save(
        **span,
        by=people["planner"],
        version=None,
        summary_ar=SUMMARY_AR,
        summary_en=SUMMARY_EN,
        recommendations_ar=ADVICE_AR,
        recommendations_en="",
    )
    record = ministry.ministry_report_prepare(**span, by=people["planner"], version=record.version)
    record = ministry.ministry_report_review(**span, by=people["planner2"], version=record.version)
    return ministry.ministry_report_approve(
        **span, by=people["planning_head"], version=record.version
    )


def flat(text: str) -> str:
    return " ".join(text.split())


def pct(value) -> str:
    return f"{display(value)}%"


def test_the_pdf_carries_the_letterhead_the_signoff_the_comparisons_and_arabic_charts(world):
    plan, people = world
    signed_off(plan, people, 2023, 3)
    report = assemble_report(plan, year=2023, quarter=3, language="ar")
    content = render_pdf(report)
    if os.environ.get("MARSAD_KEEP_PDF"):
        with open("/tmp/mr/report-ar.pdf", "wb") as out:
            out.write(content)
    text = flat(pdf_text(content))
    # The letterhead, and its logo as an image on the cover.
    assert "جمهورية العراق – وزارة الداخلية" in text
    assert "دائرة التخطيط والمتابعة" in text
    images = subprocess.run(["pdfimages", "-list", "-f", "1", "-l", "1", "-"], input=content,
                            capture_output=True, check=True).stdout.decode()  # fmt: skip
    assert "png" in images or "image" in images
    assert len(images.strip().splitlines()) >= 3  # two header lines and the logo
    # The approval block: the workflow's names and dates.
    block = text[text.index("المصادقة · معتمد") :]
    for label, name in (("أعده", "أحمد الكاظمي"), ("دققه", "ليلى الجبوري"),
                        ("اعتمده", "سعاد الحسني")):  # fmt: skip
        assert label in block, label
        assert re.search(f"\\d{{4}}-\\d{{2}}-\\d{{2}} {name}", block), name
    # The planning directorate's words, both languages the author gave.
    # (pdftotext sets a tanween apart from its word and so reorders that line: the words of
    # the Arabic summary are compared one by one, without their diacritics)
    words = set(MARKS.sub("", text).split())
    assert set(MARKS.sub("", SUMMARY_AR).split()) <= words
    assert SUMMARY_EN in text and ADVICE_AR in text
    # Every goal beside last year at the same point and the plan so far, from the engine.
    last = achievement_tree(plan, year=2022, quarter=3)
    to_date = achievement_tree(plan, through=(2023, 3))
    now = achievement_tree(plan, year=2023, quarter=3, series_length=1)
    for goal, before, plan_goal in zip(now.goals, last.goals, to_date.goals, strict=True):
        section = next(g for g in report.goals if g.code == goal.item.code)
        assert section.score == goal.score and section.last_year == before.score
        assert section.plan_to_date == plan_goal.score
        assert section.quarter_score == goal.series[-1]
        # The points left to the plan's end targets (tests/reports/test_plan_end.py).
        assert section.plan_end is not None
        remaining = display(max(D(0), D(100) - section.plan_end))
        row = f"{goal.item.code} {goal.item.title}"
        line = next(line for line in pdf_text(content).splitlines() if goal.item.code in line
                    and pct(goal.score) in line and pct(before.score) in line)  # fmt: skip
        assert pct(plan_goal.score) in line and remaining in line, (row, line)
    # The charts' Arabic words are text in the PDF, shaped, exactly as written.
    assert "الأهداف العامة الآن وفي المدة نفسها من العام السابق" in text
    caption = "الأهداف العامة الآن وفي المدة نفسها من العام السابق"
    chart = text[text.index(caption) : text.index("الرمز", text.index(caption))]
    for goal in now.goals:  # each bar's label, shaped and whole, with its two values
        assert f"{goal.item.code} {goal.item.title}" in chart or goal.item.title in chart
        assert pct(goal.score) in chart
    assert "على المسار" in text and "يحتاج متابعة" in text
    # The best and the weakest, the quarter alone, and the annex in the report itself.
    assert "أفضل النتائج" in text and "أضعف النتائج" in text
    assert "الربع وحده" in text and "ملحق" in text and "docs/achievement.md" not in text
    assert report.best[0].achievement >= report.best[-1].achievement
    assert report.weakest[0].achievement <= report.weakest[-1].achievement


SOURCE_PATH = re.compile(r"docs/|\.md\b|\.py\b|templates/|indicators/engine")


def test_no_report_names_a_file_of_the_source_tree(world, client):
    plan, people = world
    signed_off(plan, people, 2023, 3)
    for language in ("ar", "en"):
        report = assemble_report(plan, year=2023, quarter=3, language=language)
        assert not SOURCE_PATH.search(pdf_text(render_pdf(report)))
        workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
        cells = " ".join(
            str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row
            if cell.value is not None
        )  # fmt: skip
        assert not SOURCE_PATH.search(cells)
        client.force_login(people["viewer"])
        page = client.get(
            reverse("achievement_report") + f"?year=2023&quarter=3&lang={language}"
        ).content.decode()
        body = html.unescape(page[page.index('<div class="report"') :])
        assert not SOURCE_PATH.search(body)
        assert (SUMMARY_AR in body) and (SUMMARY_EN in body)


def test_the_excel_carries_the_summary_the_signoff_and_the_comparison(world):
    plan, people = world
    signed_off(plan, people, 2023, 3)
    report = assemble_report(plan, year=2023, quarter=3, language="ar")
    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    assert workbook.sheetnames[-4:] == [
        "الملخص التنفيذي", "المقارنة", "الأفضل والأضعف", "مستهدف نهاية الخطة"
    ]  # fmt: skip
    words = [c.value for row in workbook["الملخص التنفيذي"].iter_rows() for c in row if c.value]
    assert SUMMARY_AR in words and SUMMARY_EN in words and ADVICE_AR in words
    assert {"أحمد الكاظمي", "ليلى الجبوري", "سعاد الحسني"} <= set(words)
    compared = workbook["المقارنة"]
    last = {g.item.code: g.score for g in achievement_tree(plan, year=2022, quarter=3).goals}
    seen = 0
    for row in compared.iter_rows(min_row=2, values_only=True):
        if row[0] in last:
            assert row[4] == pytest.approx(float(last[row[0]] / 100))
            seen += 1
    assert seen == len(last)


def test_a_unit_report_has_no_signoff_and_a_draft_no_names(world):
    plan, people = world
    unit = OrgUnit.objects.get(code="civil-defence")
    assert assemble_report(plan, year=2023, quarter=3, unit=unit).signatures == []
    report = assemble_report(plan, year=2023, quarter=3)
    assert [s.name for s in report.signatures] == ["", "", ""]
    assert report.summary == []


def test_the_signoff_workflow_and_its_separation_of_duties(world):
    plan, people = world
    span = {"plan": plan, "year": 2023, "quarter": 3}
    texts = {"summary_ar": SUMMARY_AR, "summary_en": "", "recommendations_ar": "",
             "recommendations_en": ""}  # fmt: skip
    for who in ("officer", "head", "viewer", "planning_head"):
        with pytest.raises(PermissionDenied):
            ministry.ministry_report_save(**span, by=people[who], version=None, **texts)
    with pytest.raises(ValidationError):  # nothing to prepare yet
        empty = ministry.ministry_report_save(
            **span, by=people["planner"], version=None, **{**texts, "summary_ar": " "}
        )
        ministry.ministry_report_prepare(**span, by=people["planner"], version=empty.version)
    record = ministry.ministry_report_save(**span, by=people["planner"], version=None, **texts)
    with pytest.raises(Conflict):  # a stale form
        ministry.ministry_report_save(**span, by=people["planner2"], version=1, **texts)
    record = ministry.ministry_report_prepare(**span, by=people["planner"], version=record.version)
    with pytest.raises(Conflict):  # prepared: no more edits
        ministry.ministry_report_save(**span, by=people["planner"], version=record.version, **texts)
    with pytest.raises(PermissionDenied):  # the preparer reviews
        ministry.ministry_report_review(**span, by=people["planner"], version=record.version)
    with pytest.raises(Conflict):  # approved before reviewed
        ministry.ministry_report_approve(**span, by=people["planner2"], version=record.version)
    record = ministry.ministry_report_review(
        **span, by=people["planning_head"], version=record.version
    )
    with pytest.raises(PermissionDenied):  # the preparer approves
        ministry.ministry_report_approve(**span, by=people["planner"], version=record.version)
    with pytest.raises(PermissionDenied):  # the reviewer approves what they reviewed
        ministry.ministry_report_approve(**span, by=people["planning_head"], version=record.version)
    with pytest.raises(PermissionDenied):
        ministry.ministry_report_approve(**span, by=people["head"], version=record.version)
    record = ministry.ministry_report_approve(**span, by=people["planner2"], version=record.version)
    assert record.status == MinistryReport.Status.APPROVED
    assert (record.prepared_by, record.reviewed_by, record.approved_by) == (
        people["planner"],
        people["planning_head"],
        people["planner2"],
    )
    with pytest.raises(ValidationError):
        ministry.ministry_report_return(
            **span, by=people["planner"], version=record.version, comment=" "
        )
    record = ministry.ministry_report_return(
        **span, by=people["planner"], version=record.version, comment="أرقام الربع الثالث"
    )
    assert record.status == MinistryReport.Status.DRAFT
    assert record.prepared_by is record.reviewed_by is record.approved_by is None
    assert record.summary_ar == SUMMARY_AR


def test_the_pages_answer_each_persona(world, client):
    plan, people = world
    ministry_url = reverse("ministry_report") + f"?plan={plan.pk}&year=2023&quarter=3"
    expected = {
        "planner": (200, 200), "planner2": (200, 200), "planning_head": (404, 200),
        "head": (404, 404), "officer": (404, 404), "viewer": (404, 404), "nobody": (404, 404),
    }  # fmt: skip
    for who, (letterhead, summary) in expected.items():
        client.force_login(people[who])
        assert client.get(reverse("letterhead")).status_code == letterhead, who
        assert client.get(ministry_url).status_code == summary, who
        posted = client.post(reverse("letterhead"), {"ministry_ar": "س"})
        assert posted.status_code == (302 if letterhead == 200 else 404), who
    client.logout()
    assert client.get(reverse("letterhead")).status_code == 302  # to sign in
    assert client.get(ministry_url).status_code == 302
    # The head of the planning directorate reads and signs, never writes.
    client.force_login(people["planning_head"])
    form = {"action": "save", "version": "1", "summary_ar": "س"}
    assert client.post(ministry_url, form).status_code == 403
    assert not MinistryReport.objects.filter(summary_ar="س").exists()
    # A bad span or form answers 400 and changes nothing.
    client.force_login(people["planner"])
    assert client.get(reverse("ministry_report") + "?plan=x").status_code == 400
    assert client.get(reverse("ministry_report") + f"?plan={plan.pk}&year=1990").status_code == 400
    assert client.post(ministry_url, {"action": "save", "version": "x"}).status_code == 400
    assert client.post(ministry_url, {"action": "dance", "version": "1"}).status_code == 400
    assert not MinistryReport.objects.exists()
    # The whole cycle through the page.
    saved = client.post(ministry_url, {**form, "version": "1", "summary_ar": SUMMARY_AR})
    assert saved.status_code == 302
    record = MinistryReport.objects.get()
    assert (
        client.post(ministry_url, {"action": "prepare", "version": record.version}).status_code
        == 302
    )
    record.refresh_from_db()
    refused = client.post(ministry_url, {"action": "review", "version": record.version})
    assert refused.status_code == 403
    client.force_login(people["planning_head"])
    assert (
        client.post(ministry_url, {"action": "review", "version": record.version}).status_code
        == 302
    )
    record.refresh_from_db()
    assert record.reviewed_by == people["planning_head"]
    page = client.get(ministry_url).content.decode()
    assert "سعاد الحسني" in page and SUMMARY_AR in page


def test_the_logo_is_checked_by_content(world, client):
    plan, people = world
    client.force_login(people["planner"])
    url = reverse("letterhead")
    form = {"ministry_ar": "وزارة الداخلية", "ministry_en": "", "directorate_ar": "",
            "directorate_en": ""}  # fmt: skip
    bad = {
        "text named .png": SimpleUploadedFile("logo.png", b"not an image at all"),
        "a PDF": SimpleUploadedFile("logo.png", b"%PDF-1.4 hello"),
        "web code inside": SimpleUploadedFile("logo.png", png() + b"<script>alert(1)</script>"),
        "a truncated PNG": SimpleUploadedFile("logo.png", png()[:30]),
        "too large": SimpleUploadedFile("logo.png", png() + b"0" * (600 * 1024)),
        "too many pixels": SimpleUploadedFile("logo.png", png(4100, 10)),
    }
    assert 'name="remove_logo"' not in client.get(url).content.decode()  # no logo yet
    for what, upload in bad.items():
        response = client.post(url, {**form, "logo": upload})
        assert response.status_code == 400, what
        assert 'role="alert"' in response.content.decode(), what
        assert not Letterhead.objects.exists(), what
    good = SimpleUploadedFile("شعار.jpg", png(), content_type="image/jpeg")  # a PNG named .jpg
    assert client.post(url, {**form, "logo": good}).status_code == 302
    stored = Letterhead.objects.get()
    assert stored.logo_type == "image/png" and bytes(stored.logo) == png()
    assert 'name="remove_logo"' in client.get(url).content.decode()
    assert client.post(url, {**form, "remove_logo": "on"}).status_code == 302
    stored.refresh_from_db()
    assert not stored.logo and stored.ministry_ar == "وزارة الداخلية"


def test_the_reports_page_leads_those_who_sign_to_the_sign_off_of_the_span(world, client):
    """The sign-off is reached from the reports page (the span picked there), and the page
    names its span in words."""
    plan, people = world
    for who, offered in (("planner", True), ("planning_head", True), ("head", False)):
        client.force_login(people[who])
        client.cookies["marsad_language"] = "ar"
        page = client.get(reverse("reports")).content.decode()
        assert (f'formaction="{reverse("ministry_report")}"' in page) is offered, who
    client.force_login(people["planner"])
    for params, words in (
        ({"year": 2023, "quarter": 3}, "الربع الثالث 2023"),
        ({"year": 2023}, "2023"),
        ({}, "الخطة حتى الآن"),
    ):
        page = client.get(reverse("ministry_report"), {"plan": plan.pk, **params})
        assert f"{plan.name} · {words} ·" in html.unescape(page.content.decode())
