"""A late entry in real Chromium, in Arabic: an officer asks, from the entry page of a closed
quarter, to enter values late; the planner sees the request in the bell and grants it; the
officer sees the answer in the bell and enters the value, which the trail marks as late."""

from django.urls import reverse

from indicators.models import EntryEvent, ProgressEntry
from plans.models import LateEntryRequest, ReportingPeriod
from tests.browser.conftest import sign_in


def test_an_officer_asks_the_planner_grants_the_officer_enters(
    browser, live_server, demo, screenshot
):
    period = (
        ReportingPeriod.objects.filter(plan=demo, state="closed").order_by("-year", "-quarter")
    ).first()
    officer = browser.new_context(base_url=live_server.url, locale="ar").new_page()
    officer.set_default_timeout(15000)
    sign_in(officer, "officer.civil-defence")
    officer.goto(reverse("entry", args=[period.pk]))
    # Open by default while the officer has asked nothing yet.
    assert officer.locator("details:has-text('اطلب إدخال القيم أو تصحيحها متأخراً')").is_visible()
    officer.fill("textarea[name=reason]", "تأخر وصول بيانات المسح الميداني")
    officer.click("text=أرسل الطلب")
    officer.wait_for_load_state("networkidle")
    assert "أُرسل طلبك إلى مديرية التخطيط" in officer.locator(".messages").inner_text()
    request = LateEntryRequest.objects.get()
    assert request.status == "pending" and request.indicator_ids == []

    planner = browser.new_context(base_url=live_server.url, locale="ar").new_page()
    planner.set_default_timeout(15000)
    sign_in(planner, "planner")
    assert planner.locator("#bell .count").inner_text() == "1"
    planner.click("#bell")
    planner.wait_for_load_state("networkidle")
    assert "طلب إدخال متأخر بانتظار ردّك" in planner.locator("ul.notices").inner_text()
    planner.click("ul.notices button[name=read]")
    planner.wait_for_load_state("networkidle")
    row = planner.locator(f"#request-{request.pk}")
    assert "تأخر وصول بيانات المسح الميداني" in row.inner_text()
    row.locator("input[name=deadline]").fill("2999-01-01")
    row.locator("button[value=grant]").click()
    planner.wait_for_load_state("networkidle")
    assert planner.locator(".messages").inner_text() == "قُبل الطلب."
    screenshot(planner, "late-requests-ar")

    officer.goto(reverse("plan_list"))
    assert officer.locator("#bell .count").inner_text() == "1"
    officer.click("#bell")
    officer.wait_for_load_state("networkidle")
    assert "قُبل طلبك للإدخال المتأخر" in officer.locator("ul.notices").inner_text()
    officer.click("ul.notices button[name=read]")  # to the entry page of the quarter
    officer.wait_for_load_state("networkidle")
    assert officer.locator("#late-grant").is_visible()
    value = officer.locator(
        "table.entry input[name$='-value']:not([type=hidden]):not([disabled])"
    ).first
    row_id = value.locator("xpath=ancestor::tr").get_attribute("id")
    value.fill("42")
    officer.click("button[value=save]")
    officer.wait_for_load_state("networkidle")
    assert officer.locator(".messages").inner_text() == "حُفظت قيودك."
    screenshot(officer, "late-entry-ar")
    entry = ProgressEntry.objects.get(indicator_id=int(row_id.removeprefix("row-")), period=period)
    assert entry.value == 42
    line = EntryEvent.objects.filter(entry=entry).order_by("-at", "-id").first()
    assert line.late and "تأخر وصول بيانات المسح الميداني" in line.comment
    assert officer.locator("#bell .count").count() == 0
