"""axe-core (the engine of the browsers' accessibility audits) on the pages each persona
uses, in Arabic and English: no serious or critical violation of WCAG 2.1 A and AA.

axe's script comes with the pinned ``axe-playwright-python`` package and is injected into
the page by Playwright; the page's Content-Security-Policy is bypassed for that script only
in this test's browser context."""

from importlib import resources

import pytest

from indicators.models import Indicator
from plans.models import Membership, ReportingPeriod, Risk
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SERIOUS = {"serious", "critical"}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def axe_script() -> str:
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text()


@pytest.fixture
def audit(browser, live_server, axe_script):
    contexts = []

    def run(
        username: str, paths: list[str], language: str = "ar", screen: tuple = (1366, 900)
    ) -> dict[str, list[str]]:
        context = browser.new_context(
            base_url=live_server.url,
            locale=language,
            bypass_csp=True,
            viewport={"width": screen[0], "height": screen[1]},
            extra_http_headers={"Accept-Language": language},
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20000)
        sign_in(page, username)
        found = {}
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, path
            page.add_script_tag(content=axe_script)
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
            )
            problems = [
                f"{v['id']} ({v['impact']}): {len(v['nodes'])}× "
                f"{v['nodes'][0]['target']} — {v['help']}"
                for v in result["violations"]
                if v["impact"] in SERIOUS
            ]
            if problems:
                found[path] = problems
        return found

    yield run
    for context in contexts:
        context.close()


def _paths(plan, username: str = "planner") -> dict[str, list[str]]:
    """The pages to audit, with an indicator and an objective the user may see."""
    unit = Membership.objects.get(user__username=username).unit
    period = ReportingPeriod.objects.filter(plan=plan, state="open").order_by("year", "quarter")[0]
    indicators = Indicator.objects.filter(plan=plan).order_by("code")
    if username != "planner":
        indicators = indicators.filter(unit=unit)
    indicator = indicators[0]
    objective = indicator.objective
    risk = Risk.objects.filter(plan=plan).order_by("code")[0]
    reading = [
        "/",
        f"/plans/{plan.pk}/",
        f"/indicators/{indicator.pk}/",
        f"/objectives/{objective.pk}/",
        "/risks/",
        f"/risks/{risk.pk}/",
        "/reports/",
    ]
    return {
        "reading": reading,
        "entry": [f"/periods/{period.pk}/entry/"],
        "review": [f"/periods/{period.pk}/review/"],
    }


def test_the_pages_a_planner_uses_have_no_serious_violation(demo, audit):
    paths = _paths(demo)["reading"] + [
        f"/builder/plans/{demo.pk}/",
        "/builder/units/",
        f"/plans/{demo.pk}/periods/",
    ]
    assert audit("planner", paths) == {}


def test_the_pages_an_officer_uses_have_no_serious_violation_in_arabic_and_english(demo, audit):
    mine = _paths(demo, "officer.civil-defence")
    paths = mine["reading"][:4] + mine["entry"]
    assert audit("officer.civil-defence", paths) == {}
    assert audit("officer.civil-defence", paths[:2], language="en") == {}


def test_the_main_journeys_in_kurdish_have_no_serious_violation(demo, audit):
    """Kurdish (Sorani) is right to left like Arabic, with its own letters (ێ ۆ ڕ ڵ ە ڤ):
    the planner's and the officer's pages at laptop width keep their names and contrast."""
    mine = _paths(demo, "officer.civil-defence")
    assert audit("officer.civil-defence", mine["reading"][:4] + mine["entry"], "ckb") == {}
    planner = _paths(demo)["reading"] + [f"/builder/plans/{demo.pk}/"]
    assert audit("planner", planner, "ckb") == {}


def test_the_review_page_a_head_uses_has_no_serious_violation(demo, audit):
    assert audit("head.civil-defence", ["/", *_paths(demo)["review"]]) == {}


@pytest.mark.parametrize("language", ["ar", "en", "ckb"])
def test_the_entry_and_review_cards_of_a_phone_have_no_serious_violation(demo, audit, language):
    """On a phone the entry and review grids are cards (tests/browser/test_layout.py): their
    inputs keep their names and their text its contrast with the phone's own styles."""
    phone = (390, 844)
    officer = _paths(demo, "officer.civil-defence")["entry"]
    assert audit("officer.civil-defence", officer, language, phone) == {}
    assert audit("head.civil-defence", _paths(demo)["review"], language, phone) == {}


def test_the_keyboard_reaches_the_content_first_and_the_account_menu(demo, page):
    """The first Tab reaches the skip link, which takes the focus past the header into the
    page; the account menu opens from the keyboard and holds the way to sign out."""
    sign_in(page, "officer.civil-defence")
    period = ReportingPeriod.objects.filter(plan=demo, state="open").order_by("year", "quarter")[0]
    page.goto(f"/periods/{period.pk}/entry/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")
    assert not page.locator("details.account button[type=submit]").is_visible()
    page.focus("details.account summary")
    page.keyboard.press("Enter")
    assert page.locator("details.account button[type=submit]").is_visible()
