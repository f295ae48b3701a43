"""The PDF is laid out in parts joined afterwards (reports/render.py): read back with
pdftotext, its contents give each section the page it begins on, "page N of M" runs on
without a break across the parts, and the Arabic text comes out whole."""

import re
import shutil
import subprocess

import pytest
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from indicators.demo import seed_demo
from reports.assembly import assemble_report
from reports.render import render_pdf

pytestmark = pytest.mark.django_db
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MARKS = re.compile("[\u064b-\u0652]")  # pdftotext sets a vowel mark apart from its letter
CONTENTS_LINE = re.compile(r"^\s*(?P<title>\S.*?)\s*(?P<page>\d+)\s*\.{5,}\s*$")


def pages_of(content: bytes) -> list[str]:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    text = plain(result.stdout.decode())
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


@pytest.fixture(scope="module")
def arabic_pdf(django_db_setup, django_db_blocker):
    """One render for the module (the demo plan's annual report, 20 pages and more), its
    rows rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = assemble_report(seed_demo().plan, year=2023, language="ar")
        content = render_pdf(report)
        transaction.set_rollback(True)
    return report, pages_of(content)


def plain(text: str) -> str:
    return MARKS.sub("", BIDI.sub("", text))


def key(text: str) -> str:
    """Text to compare: pdftotext moves a colon beside a right-to-left word, and spaces."""
    return re.sub(r"[\s:]", "", plain(text))


def contents(pages) -> dict[str, int]:
    """Each line of the contents (the second page): its title → its page."""
    found = {}
    for line in pages[1].splitlines():
        match = CONTENTS_LINE.match(line)
        if match:
            found[key(match["title"])] = int(match["page"])
    return found


def test_the_contents_give_the_page_each_section_begins_on(arabic_pdf):
    report, pages = arabic_pdf
    listed = contents(pages)
    with override("ar"):
        sections = [
            _("Summary"),
            _("Best and weakest results"),
            _("Action-plan progress"),
            _("What is missing or late"),
            _("Risks and threats"),
            _("Scenarios"),
            _("Annex: how achievement is calculated"),
        ]
    for title in map(key, sections):
        assert title in listed, (title, listed)
        assert title in key(pages[listed[title] - 1]), title
    assert len(report.goals) >= 3
    seen = []
    for goal in report.goals:
        (title,) = [t for t in listed if key(goal.title) in t]
        page = listed[title]
        first_objective = goal.sections[0].title
        # A goal begins its own page: its first objective is there, never on the page before.
        assert goal.title in pages[page - 1] and first_objective in pages[page - 1], goal.code
        assert first_objective not in pages[page - 2], goal.code
        seen.append(page)
    assert seen == sorted(seen) and len(set(seen)) == len(seen)
    # The last section listed begins on the last page (the annex begins a page of its own).
    assert max(listed.values()) == len(pages)


def test_page_numbers_run_on_across_the_parts(arabic_pdf):
    _report, pages = arabic_pdf
    with override("ar"):
        footer = re.compile(rf"{_('Page')}\s*(\d+)\s*{_('of')}\s*(\d+)")
    assert len(pages) > 10
    assert not footer.search(pages[0])  # the cover has none
    numbers = []
    for page in pages[1:]:
        (found,) = footer.findall(page)
        numbers.append(tuple(int(n) for n in found))
    assert numbers == [(n, len(pages)) for n in range(2, len(pages) + 1)]


def test_the_arabic_text_comes_out_whole(arabic_pdf):
    report, pages = arabic_pdf
    text = "\n".join(pages)
    for goal in report.goals:
        assert goal.title in text
    assert "تقرير الإنجاز" in pages[2]  # the running header, on a page of another part
