"""Pages fit the screen they are read on: nothing scrolls sideways on a laptop (1366 px) or
a phone (390 px); a wide table scrolls inside its own frame instead of pushing the page."""

import pytest

from indicators.models import Indicator
from plans.models import Membership, ReportingPeriod
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = {"laptop": (1366, 900), "phone": (390, 844)}


def _overflow(browser, live_server, username, paths, width, height, language="ar"):
    context = browser.new_context(
        base_url=live_server.url,
        locale=language,
        viewport={"width": width, "height": height},
        extra_http_headers={"Accept-Language": language},
    )
    try:
        page = context.new_page()
        page.set_default_timeout(20000)
        sign_in(page, username)
        wide = {}
        for path in paths:
            assert page.goto(path).status == 200, path
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                wide[path] = scroll
        return wide
    finally:
        context.close()


@pytest.mark.parametrize("screen", SCREENS)
def test_an_officers_pages_do_not_scroll_sideways(demo, browser, live_server, screen):
    unit = Membership.objects.get(user__username="officer.civil-defence").unit
    period = ReportingPeriod.objects.filter(plan=demo, state="open").order_by("year", "quarter")[0]
    indicator = Indicator.objects.filter(plan=demo, unit=unit).order_by("code")[0]
    paths = [
        "/",
        f"/plans/{demo.pk}/",
        f"/periods/{period.pk}/entry/",
        f"/indicators/{indicator.pk}/",
        "/reports/",
    ]
    width, height = SCREENS[screen]
    assert _overflow(browser, live_server, "officer.civil-defence", paths, width, height) == {}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_planners_pages_do_not_scroll_sideways_on_a_phone(demo, browser, live_server, language):
    paths = ["/", "/risks/", f"/plans/{demo.pk}/periods/", f"/builder/plans/{demo.pk}/"]
    assert _overflow(browser, live_server, "planner", paths, *SCREENS["phone"], language) == {}
