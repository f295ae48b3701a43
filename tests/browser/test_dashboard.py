"""A head opens Marsad in Arabic, lands on the unit's dashboard and drills down from a goal
to an indicator."""

from tests.browser.conftest import sign_in


def test_head_drills_down_from_a_goal_to_an_indicator(page, demo, screenshot):
    sign_in(page, "head.civil-defence")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "لوحة المتابعة: مديرية الدفاع المدني"
    assert page.locator(".big-score .score").inner_text().endswith("%")
    screenshot(page, "dashboard-head-ar")

    page.click(".goal-card >> text=تعزيز الأمن الداخلي واستتباب الأمن العام")
    page.wait_for_load_state("networkidle")
    assert "goal=" in page.url
    drill = page.locator("section.drill")
    assert drill.get_by_text("تعزيز الحماية المدنية والاستجابة للكوارث").is_visible()
    # Only the head's units appear: the borders' indicators are not in this dashboard.
    assert drill.get_by_text("عدد محاولات التسلل المحبطة").count() == 0
    screenshot(page, "dashboard-drill-ar")

    drill.get_by_role("link", name="متوسط زمن وصول فرق الإطفاء (دقيقة)").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().endswith("متوسط زمن وصول فرق الإطفاء (دقيقة)")
