"""A head opens the risk heat map in Arabic, follows a cell to a risk, and sees its history."""

from django.urls import reverse

from plans.models import Risk
from tests.browser.conftest import sign_in


def test_head_follows_the_heat_map_to_a_risk(page, demo, screenshot):
    sign_in(page, "head.civil-defence")
    page.click("nav.mainnav >> text=المخاطر")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "المخاطر والتهديدات"
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "risk-heat-map-ar")
    risk = Risk.objects.get(code="R19")
    cell = page.locator(
        f"svg.chart a[href*='likelihood={risk.likelihood}'][href*='impact={risk.impact}']"
    )
    cell.first.click()
    page.wait_for_load_state("networkidle")
    assert f"likelihood={risk.likelihood}" in page.url
    page.click(f"a[href='{reverse('risk_detail', args=[risk.pk])}']")
    page.wait_for_load_state("networkidle")
    assert "حرائق واسعة في فصل الصيف" in page.locator("h1").inner_text()
    assert page.get_by_role("heading", name="سجل التقييمات").is_visible()
    assert page.locator("table.grid tbody tr").count() >= 19  # a quarter at a time since 2019
    screenshot(page, "risk-detail-ar")
