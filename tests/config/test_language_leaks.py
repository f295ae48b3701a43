"""No words of one language on the other's pages and files: quarter labels built when a
module loads, a period's name, chart and workbook headings, the admin's header."""

import io
import re
from html.parser import HTMLParser

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
    [("en", "Q1", "الربع"), ("ar", "الربع الأول", ">Q1<"), ("ckb", "چارەکی یەکەم", ">Q1<")],
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


def test_a_kurdish_page_is_right_to_left_and_offers_the_two_other_languages(world, client_for):
    html = client_for(world.admin).get("/", HTTP_ACCEPT_LANGUAGE="ckb").content.decode()
    assert '<html lang="ckb" dir="rtl">' in html
    switch = html.split('action="/i18n/setlang/"', 1)[1].split("</form>", 1)[0]
    assert 'value="ar" lang="ar">العربية<' in switch and 'value="en" lang="en">English<' in switch
    assert 'value="ckb"' not in switch


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


# --- The other-script scan -------------------------------------------------------------
#
# Every page of the main journeys, as each persona, read as a person reads it: the text and
# the attributes spoken or shown (title, aria-label, placeholder, alt). An English page may
# hold no Arabic letter and an Arabic page no Latin word, outside data. Data is marked, not
# guessed: what sits in a <bdi> (codes, user names, what a person typed: the ``ltr`` and
# ``typed`` filters), in an element whose ``lang`` is not the page's (the language switch),
# or in a <textarea> (a value being typed). In an attribute or an <option> no mark can go,
# so a Latin run with a digit in it counts as a code (G1.3.1, R01, moi-2019-2023). The only
# Latin words an Arabic page may use are the file formats Arabic readers call so themselves.
# Q1…Q4 look like codes but are the English quarter's name (Arabic writes «الربع الأول»).
ALLOWED_LATIN = {"PDF", "Excel", "CSV", "PNG", "JPEG"}  # names of file formats
QUARTER = re.compile(r"Q[1-4]")
ARABIC_LETTER = re.compile(
    r"[\u0620-\u064A\u066E-\u06D3\u06D5\u06EE\u06EF\u06FA-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFC]"
)
LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]*")
SPOKEN = ("title", "aria-label", "placeholder", "alt")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
SKIPPED = {"script", "style", "textarea", "bdi"}


class _PageWords(HTMLParser):
    """The words of a page outside data, as (where, text) pairs."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.open: list[tuple[str, bool]] = []  # (tag, data inside)
        self.words: list[tuple[str, str]] = []

    def _in_data(self) -> bool:
        return any(data for _, data in self.open)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        own = attributes.get("lang")
        data = tag in SKIPPED or (own is not None and own != self.language)
        if not (data or self._in_data()):
            self.words += [
                (f"<{tag} {name}>", attributes[name]) for name in SPOKEN if attributes.get(name)
            ]
        if tag not in VOID:
            self.open.append((tag, data))

    def handle_endtag(self, tag):
        if any(name == tag for name, _ in self.open):  # closes what an implied end left open
            while self.open and self.open.pop()[0] != tag:
                pass

    def handle_data(self, text):
        if text.strip() and not self._in_data():
            where = self.open[-1][0] if self.open else "document"
            self.words.append((f"<{where}>", " ".join(text.split())))


def other_script(html: str, language: str) -> list[tuple[str, str]]:
    """The words of the other script in a page outside data."""
    parser = _PageWords(language)
    parser.feed(html)
    if language == "en":
        return [(where, text) for where, text in parser.words if ARABIC_LETTER.search(text)]
    found = []
    for where, text in parser.words:
        latin = [
            run
            for run in LATIN_RUN.findall(text)
            if re.search(r"[A-Za-z]", run)
            and (QUARTER.fullmatch(run) or not re.search(r"\d", run))
            and run not in ALLOWED_LATIN
        ]
        if latin:
            found.append((where, text))
    return found


def test_the_scan_finds_the_other_script_outside_data_only():
    """The scan itself: a leak in text or an aria-label is found; data marked as such, codes
    and the allowed format names are not."""
    english = (
        '<html lang="en"><body><p>Due <bdi>تأخر</bdi> <span class="code"><bdi dir="ltr">G1</bdi>'
        '</span></p><button lang="ar">العربية</button><textarea>ملاحظة</textarea>'
        '<p>الفصل 1</p><input aria-label="قيمة G1"></body></html>'
    )
    assert other_script(english, "en") == [("<p>", "الفصل 1"), ("<input aria-label>", "قيمة G1")]
    arabic = (
        '<html lang="ar"><body><p>تنزيل بصيغة PDF أو Excel <bdi dir="ltr">planner</bdi></p>'
        '<option>G1.3 هدف · moi-2019-2023</option><button lang="en">English</button>'
        "<li>2023 Q4<li>HTML</body></html>"
    )
    assert other_script(arabic, "ar") == [("<li>", "2023 Q4"), ("<li>", "HTML")]


@pytest.fixture
def demo_plan(db):
    from indicators.demo import seed_demo

    return seed_demo().plan


def _journeys(plan) -> dict[str, list[str]]:
    """Each persona's pages of the main journeys (those of tests/browser/test_layout.py)."""
    from indicators.models import Indicator
    from plans.models import Membership, ReportingPeriod, Risk

    unit = Membership.objects.get(user__username="officer.civil-defence").unit
    period = ReportingPeriod.objects.filter(plan=plan, state="open").order_by("year", "quarter")[0]
    closed = ReportingPeriod.objects.filter(plan=plan, state="closed").order_by(
        "-year", "-quarter"
    )[0]
    indicator = Indicator.objects.filter(plan=plan, unit=unit).order_by("code")[0]
    risk = Risk.objects.filter(plan=plan).order_by("code")[0]
    return {
        "officer.civil-defence": [
            "/",
            "/plans/",
            f"/plans/{plan.pk}/",
            f"/indicators/{indicator.pk}/",
            f"/units/{unit.pk}/",
            f"/objectives/{indicator.objective_id}/",
            f"/periods/{period.pk}/entry/",
            f"/periods/{closed.pk}/entry/",  # with the late-entry request form
            "/notices/",
            "/search/?q=الاطفاء",
        ],
        "head.civil-defence": ["/", f"/periods/{period.pk}/review/", "/notices/"],
        "planner": [
            "/",
            f"/plans/{plan.pk}/periods/",
            "/risks/",
            f"/risks/{risk.pk}/",
            "/reports/",
            f"/reports/achievement/?plan={plan.pk}&year=2023&quarter=3&format=html",
            f"/reports/ministry/?plan={plan.pk}&year=2023&quarter=3",
            "/reports/letterhead/",
            "/late-requests/",
            "/search/?q=G1",
            f"/builder/plans/{plan.pk}/",
        ],
        "viewer": ["/", f"/plans/{plan.pk}/"],
    }


@pytest.mark.parametrize("language", ["ar", "en", "ckb"])
def test_no_page_of_the_main_journeys_shows_the_other_script_outside_data(
    demo_plan, client_for, language
):
    from django.contrib.auth import get_user_model

    leaks = {}
    for username, paths in _journeys(demo_plan).items():
        client = client_for(get_user_model().objects.get(username=username))
        for path in paths:
            page = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
            assert page.status_code == 200, (username, path)
            html = page.content.decode()
            assert f'<html lang="{language}"' in html, (username, path)
            found = other_script(html, language)
            if found:
                leaks[f"{username} {path}"] = found[:5]
    assert leaks == {}


def test_filter_labels_are_translated_when_shown_not_when_first_read(world, client_for):
    """django-filter works a generated label out once and keeps it: read in English first
    (as the API schema does), it stayed English on the Arabic risk register."""
    from django.utils import translation

    from plans.filters import RiskFilter

    with translation.override("en"):
        assert [str(RiskFilter.base_filters[n].label) for n in ("status", "kind")] == [
            "Status",
            "Kind",
        ]
    page = client_for(world.admin).get("/risks/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "Status:" not in page and "Kind:" not in page and "Category:" not in page
    assert other_script(page, "ar") == []
