"""Pages fit the screen they are read on: no page of the main journeys scrolls sideways on a
laptop (1366×900) or a phone (390×844), in Arabic or English; on a phone the entry and review
grids become one card per row, each value labelled by its column's header, and other wide
tables scroll inside their own frame with their first column kept in view."""

import pytest

from indicators.models import Indicator
from plans.models import Membership, ReportingPeriod, Risk
from tests.browser.conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = {"laptop": (1366, 900), "phone": (390, 844)}
OFFICER, HEAD = "officer.civil-defence", "head.civil-defence"


def _context(browser, live_server, width, height, language="ar"):
    return browser.new_context(
        base_url=live_server.url,
        locale=language,
        viewport={"width": width, "height": height},
        extra_http_headers={"Accept-Language": language},
    )


def _journeys(plan) -> dict[str, list[str]]:
    """Each persona's pages of the main journeys: home, the plan tree, an indicator, its
    unit and objective, the quarter's entry and review, the periods, the risk register and
    a risk, the reports page and the builder's tree."""
    unit = Membership.objects.get(user__username=OFFICER).unit
    period = ReportingPeriod.objects.filter(plan=plan, state="open").order_by("year", "quarter")[0]
    indicator = Indicator.objects.filter(plan=plan, unit=unit).order_by("code")[0]
    risk = Risk.objects.filter(plan=plan).order_by("code")[0]
    return {
        OFFICER: [
            "/",
            f"/plans/{plan.pk}/",
            f"/indicators/{indicator.pk}/",
            f"/units/{unit.pk}/",
            f"/objectives/{indicator.objective_id}/",
            f"/periods/{period.pk}/entry/",
        ],
        HEAD: ["/", f"/periods/{period.pk}/review/"],
        "planner": [
            "/",
            f"/plans/{plan.pk}/periods/",
            "/risks/",
            f"/risks/{risk.pk}/",
            "/reports/",
            f"/builder/plans/{plan.pk}/",
        ],
        "viewer": ["/", f"/plans/{plan.pk}/"],
    }


def _overflow(browser, live_server, username, paths, width, height, language="ar"):
    """The pages wider than the screen, with their width; a screenshot of each page (the
    whole length) goes to artifacts/screenshots/ for a person to look at."""
    context = _context(browser, live_server, width, height, language)
    try:
        page = context.new_page()
        page.set_default_timeout(20000)
        sign_in(page, username)
        wide = {}
        for number, path in enumerate(paths):
            assert page.goto(path).status == 200, path
            scroll = page.evaluate(
                "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
            )
            if scroll > width:
                wide[path] = scroll
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = f"layout-{language}-{width}-{username.split('.')[0]}-{number}.png"
            page.screenshot(path=str(ARTIFACTS / name), full_page=True)
        return wide
    finally:
        context.close()


@pytest.mark.parametrize("language", ["ar", "en", "ckb"])
@pytest.mark.parametrize("screen", SCREENS)
def test_no_page_of_the_main_journeys_scrolls_sideways(
    demo, browser, live_server, screen, language
):
    width, height = SCREENS[screen]
    wide = {}
    for username, paths in _journeys(demo).items():
        found = _overflow(browser, live_server, username, paths, width, height, language)
        wide.update({f"{username} {path}": size for path, size in found.items()})
    assert wide == {}


# Where each labelled cell of a card is, against the viewport and the row's title.
CARDS = """table => {
  const headers = [...table.tHead.rows[0].cells].map(th => th.textContent.trim());
  const row = [...table.tBodies[0].rows].find(r => r.querySelector('td[data-label]'));
  const title = row.querySelector('td.title').getBoundingClientRect();
  const labelled = [...row.querySelectorAll('td[data-label]')];
  return {
    row: row.getBoundingClientRect().toJSON(),
    head: table.tHead.getBoundingClientRect().height,
    title: title.toJSON(),
    cells: labelled.map(td => ({
      label: td.dataset.label, header: headers[td.cellIndex],
      shown: getComputedStyle(td, '::before').content,
      top: td.getBoundingClientRect().top, width: td.getBoundingClientRect().width,
    })),
  };
}"""


@pytest.mark.parametrize("language", ["ar", "en", "ckb"])
def test_the_entry_and_review_grids_are_one_card_per_row_on_a_phone(
    demo, browser, live_server, language
):
    paths = _journeys(demo)
    entry, review = paths[OFFICER][-1], paths[HEAD][-1]
    for username, path, tables in [
        (OFFICER, entry, ["table.entry", "table.activities"]),
        (HEAD, review, ["table.review-grid"]),
    ]:
        for screen, (width, height) in SCREENS.items():
            context = _context(browser, live_server, width, height, language)
            page = context.new_page()
            page.set_default_timeout(20000)
            sign_in(page, username)
            page.goto(path)
            for selector in tables:
                card = page.eval_on_selector(selector, CARDS)
                assert card["cells"], (path, selector)
                for cell in card["cells"]:
                    # Each value is labelled by the header of its own column.
                    assert cell["label"] == cell["header"], (path, selector, cell)
                if screen == "phone":
                    assert card["row"]["width"] <= width, (path, selector)
                    assert card["head"] <= 1, (path, selector)  # read by screen readers only
                    for cell in card["cells"]:
                        assert cell["shown"] == f'"{cell["label"]}"', (path, selector, cell)
                        assert cell["top"] >= card["title"]["bottom"] - 1, (path, cell)
                    tops = [cell["top"] for cell in card["cells"]]
                    assert tops == sorted(tops) and len(set(tops)) == len(tops), tops
                else:
                    # On a laptop it is a table: the values stand beside the title.
                    assert card["head"] > 10, (path, selector)
                    assert all(cell["shown"] == "none" for cell in card["cells"])
                    assert card["cells"][0]["top"] < card["title"]["bottom"], (path, selector)
            context.close()


@pytest.mark.parametrize("language", ["ar", "en", "ckb"])
def test_a_wide_table_scrolls_in_its_own_frame_with_its_first_column_in_view(
    demo, browser, live_server, language
):
    context = _context(browser, live_server, *SCREENS["phone"], language)
    page = context.new_page()
    page.set_default_timeout(20000)
    sign_in(page, "planner")
    page.goto("/risks/")
    box = page.evaluate(
        """() => {
          const table = [...document.querySelectorAll('table.grid')]
            .find(t => t.scrollWidth > t.clientWidth + 1);
          if (!table) return null;
          table.scrollLeft = document.dir === 'rtl' ? -table.scrollWidth : table.scrollWidth;
          const frame = table.getBoundingClientRect();
          const first = table.tBodies[0].rows[0].cells[0].getBoundingClientRect();
          const second = table.tBodies[0].rows[0].cells[1].getBoundingClientRect();
          return {scrolled: Math.abs(table.scrollLeft), frame: frame.toJSON(),
                  first: first.toJSON(), second: second.toJSON()};
        }"""
    )
    context.close()
    assert box is not None, "the register's table no longer needs to scroll on a phone"
    assert box["scrolled"] > 0
    frame, first = box["frame"], box["first"]
    # Scrolled to its far end, the table still shows its first column inside its frame.
    assert frame["left"] - 1 <= first["left"] and first["right"] <= frame["right"] + 1
