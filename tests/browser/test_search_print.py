"""The search box in the bar, and the printed pages: real Chromium on the demo, in Arabic."""

import re
import subprocess

from tests.browser.conftest import ARTIFACTS, sign_in

FIRE = "متوسط زمن وصول فرق الإطفاء (دقيقة)"


def test_an_officer_searches_from_the_bar_as_people_type(page, demo, screenshot):
    sign_in(page, "officer.civil-defence")
    page.fill("#search-box", "الاطفاء")  # no hamza under the alef, as people type it
    page.press("#search-box", "Enter")
    page.wait_for_load_state("networkidle")
    assert "/search/?q=" in page.url
    assert page.locator("h1").inner_text() == "بحث"
    indicators = page.locator("#results-indicator")
    assert indicators.get_by_role("link", name=re.compile(re.escape(FIRE))).is_visible()
    screenshot(page, "search-officer-ar")
    # The border forces' items are not the officer's to see.
    assert page.get_by_text("عدد محاولات التسلل المحبطة").count() == 0
    indicators.get_by_role("link", name=re.compile(re.escape(FIRE))).click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().endswith(FIRE)


def _printed(page, url: str, *, hidden: list[str], filters: list[str]) -> None:
    """``url`` as printed: the bar, the filters form and the buttons hidden, the line of the
    filters applied shown (and on screen the other way round)."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    line = page.locator(".applied-filters")
    assert line.count() == 1
    assert not line.is_visible()  # on screen
    assert page.locator(".topbar").is_visible()
    page.emulate_media(media="print")
    try:
        assert line.is_visible(), url
        text = line.inner_text()
        assert text.startswith("عوامل التصفية المطبّقة"), text
        for words in filters:
            assert words in text, (url, words, text)
        for selector in [".topbar", ".mainnav", "#search-box", ".footer", *hidden]:
            for element in page.locator(selector).all():
                assert not element.is_visible(), (url, selector)
        for button in page.locator("main button").all():
            assert not button.is_visible(), url
    finally:
        page.emulate_media(media="screen")


def test_the_four_pages_print_without_navigation_and_with_their_filters(page, demo, screenshot):
    sign_in(page, "planner")
    plan_id = demo.pk
    _printed(
        page,
        f"/?plan={plan_id}&year=2022&quarter=2",
        hidden=["form.filters", ".todo"],
        filters=["الخطة:", demo.name_ar, "الفترة: 2022", "الوحدة: الوزارة كاملة"],
    )
    _printed(page, f"/plans/{plan_id}/", hidden=[".crumbs"], filters=[demo.name_ar])
    page.goto(f"/search/?q={FIRE}")
    page.locator("#results-indicator a").first.click()
    page.wait_for_load_state("networkidle")
    _printed(page, page.url, hidden=[".crumbs", "form.reopen"], filters=["مديرية الدفاع المدني"])
    _printed(
        page,
        f"/risks/?plan={plan_id}&status=open",
        hidden=["form.filters", "main a[href*='/builder/']"],  # the admin's builder link
        filters=["الحالة: قائم"],
    )


def test_the_dashboard_prints_as_pages_in_arabic(page, demo):
    """The PDF Chromium prints: more than one page (each section starts one), the filters
    line and no bar; a PNG of each page is left in artifacts/ for a person to look at."""
    sign_in(page, "planner")
    page.goto(f"/?plan={demo.pk}&year=2022&quarter=2&goal=")
    page.wait_for_load_state("networkidle")
    first_goal = page.locator(".goal-card").first
    first_goal.click()
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "dashboard-print-ar.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    assert pages >= 3, info.stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "English" not in text  # the bar (its language button) is not printed
    first_page = text.split("\f")[0]
    assert "2022" in first_page
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "dashboard-print-ar")],
        check=True,
    )
    assert (ARTIFACTS / "dashboard-print-ar-1.png").exists()
