"""The ministry report a minister's office signs: the letterhead set once, the planning
directorate's executive summary and recommendations with their own sign-off (prepared,
reviewed, approved; the preparer cannot approve), the comparison of every goal and objective
with last year at the same point and with the plan so far, the best and weakest results, the
quarter alone beside the year to date, charts whose Arabic words are real text in the PDF,
and the calculation annex in the report itself: read back from real PDF and Excel files."""

import io
import os
import re
import shutil
import subprocess

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.demo import seed_demo
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


def test_look(world):
    plan, people = world
    signed_off(plan, people)
    for language in ("ar", "en"):
        content = render_pdf(assemble_report(plan, year=2023, quarter=4, language=language))
        if os.environ.get("MARSAD_KEEP_PDF"):
            with open(f"/tmp/mr/report-{language}.pdf", "wb") as out:
                out.write(content)
