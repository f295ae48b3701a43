"""An officer signs in through the real form and reads the plan in Arabic, right to left."""

from django.urls import reverse

from tests.browser.conftest import sign_in


def test_officer_signs_in_and_reads_the_plan_in_arabic(page, demo, screenshot):
    sign_in(page, "officer.civil-defence")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.click("nav.mainnav >> text=الخطط الاستراتيجية")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "الخطط الاستراتيجية"

    page.click(f"a[href='{reverse('plan_detail', args=[demo.pk])}']")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("h1").inner_text().startswith("الخطة الاستراتيجية لوزارة الداخلية")
    assert "2019–2023" in page.locator("h1 bdi").inner_text()
    assert page.get_by_text("تعزيز الأمن الداخلي واستتباب الأمن العام").is_visible()
    # Right to left for real: the page's first goal code sits at the right edge.
    box = page.locator("li.goal .node").first.bounding_box()
    code_box = page.locator("li.goal .node .code").first.bounding_box()
    assert code_box["x"] > box["x"] + box["width"] / 2
    screenshot(page, "plan-overview-ar")

    # The officer's own indicator opens; its targets are listed by year.
    page.click("text=متوسط زمن وصول فرق الإطفاء (دقيقة)")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().endswith("متوسط زمن وصول فرق الإطفاء (دقيقة)")
    assert page.get_by_role("heading", name="المستهدفات", exact=True).is_visible()
    screenshot(page, "indicator-ar")


def test_language_switch_to_english_is_one_click_and_remembered(page, demo):
    sign_in(page, "viewer")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("dir") == "ltr"
    page.goto(reverse("plan_list"))
    assert page.locator("h1").inner_text() == "Strategic plans"
    page.goto(reverse("plan_detail", args=[demo.pk]))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Strengthen internal security and public order").is_visible()


def test_wrong_password_gets_a_translated_message(page, demo):
    sign_in(page, "viewer", "not-the-password")
    assert "غير متطابقين" in page.locator("p.error").inner_text()
