"""Disaggregation in real Chromium, in Arabic (docs/disaggregation.md): an officer fills a
governorate × sex grid with Arabic-Indic digits, sees the total worked out as they type (the
vendored static script, under the strict CSP), saves and submits it."""

from decimal import Decimal as D

from django.contrib.auth import get_user_model
from django.urls import reverse

from indicators.models import Dimension, Indicator, ProgressEntry
from indicators.services import structure as indicator_services
from tests.browser.conftest import sign_in


def test_an_officer_fills_a_governorate_by_sex_grid_in_arabic(
    browser, live_server, demo, screenshot
):
    planner = get_user_model().objects.get(username="planner")
    governorate = Dimension.objects.get(plan=demo, code="governorate")
    sex = Dimension.objects.get(plan=demo, code="sex")
    indicator = Indicator.objects.get(plan=demo, code="G1.3.2")  # deaths caused by fires: a count
    indicator_services.indicator_update(
        indicator=indicator, by=planner, changes={"dimension_1": governorate, "dimension_2": sex}
    )
    g = {o.code: o.pk for o in governorate.options.all()}
    s = {o.code: o.pk for o in sex.options.all()}

    context = browser.new_context(base_url=live_server.url, locale="ar")
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, "officer.civil-defence")
    page.goto(reverse("plan_list"))
    page.click("text=إدخال القيم")
    page.wait_for_load_state("networkidle")
    row = page.locator(f"#row-{indicator.pk}")
    # The grid has a row of its own under the indicator's, so the page fits a laptop.
    grid = page.locator(f"#grid-{indicator.pk}")
    assert "البصرة" in grid.inner_text() and "إناث" in grid.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width

    def cell(a, b):
        return grid.locator(f"input[name$='-cell-{g[a]}-{s[b]}-value']:not([type=hidden])")

    cell("baghdad", "female").fill("١٢")
    cell("baghdad", "male").fill("٨")
    cell("basra", "male").fill("٥٫٥")
    assert grid.locator("[data-total]").inner_text() == "25.5"  # worked out as typed
    screenshot(page, "entry-grid-ar")
    page.click("button[value=save]")
    page.wait_for_load_state("networkidle")
    entry = ProgressEntry.objects.get(indicator=indicator, period__year=2023, period__quarter=4)
    assert (entry.status, entry.value, len(entry.cells)) == ("draft", D("25.5"), 3)

    row = page.locator(f"#row-{indicator.pk}")
    row.locator("input[name$='-select']").check()
    page.click("button[value=submit_selected]")
    page.wait_for_load_state("networkidle")
    entry.refresh_from_db()
    assert entry.status == "submitted" and entry.value == D("25.5")
    assert not [e for e in errors if "Content Security Policy" in e]
    context.close()
