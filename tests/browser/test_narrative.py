"""A narrative in real Chromium, in Arabic: the officer writes the unit's word on an objective
beside the quarter's values and submits it; the head sees it in the bell and approves it on
the review page; the objective page then shows it."""

from django.urls import reverse

from plans.models import Narrative, ReportingPeriod
from tests.browser.conftest import sign_in

TEXT = "أنجزت المديرية حملة التوعية في المحافظات الجنوبية"


def test_an_officer_writes_a_narrative_and_the_head_approves_it(
    browser, live_server, demo, screenshot
):
    period = ReportingPeriod.objects.get(plan=demo, state="open")
    officer = browser.new_context(base_url=live_server.url, locale="ar").new_page()
    officer.set_default_timeout(15000)
    sign_in(officer, "officer.civil-defence")
    officer.goto(reverse("entry", args=[period.pk]))
    block = officer.locator(
        "fieldset.narrative:has(textarea[name$='achievements_ar']:not([disabled]))"
    ).first
    objective_id = int(block.get_attribute("id").removeprefix("narrative-"))
    block.locator("textarea[name$='achievements_ar']").fill(TEXT)
    block.locator("textarea[name$='next_steps_ar']").fill("توسيع الحملة إلى المحافظات الشمالية")
    block.locator("input[type=checkbox][name$='select']").check()
    officer.click("button[value=submit_selected]")
    officer.wait_for_load_state("networkidle")
    assert officer.locator(".messages").inner_text() == "حُفظت قيودك؛ أُرسل صف واحد للمراجعة."
    narrative = Narrative.objects.get(period=period, objective_id=objective_id)
    assert narrative.status == "submitted" and narrative.achievements_ar == TEXT
    screenshot(officer, "narrative-entry-ar")

    head = browser.new_context(base_url=live_server.url, locale="ar").new_page()
    head.set_default_timeout(15000)
    sign_in(head, "head.civil-defence")
    assert int(head.locator("#bell .count").inner_text()) >= 1
    head.goto(reverse("review", args=[period.pk]))
    row = head.locator(f"#narrative-{narrative.pk}")
    assert TEXT in row.inner_text()
    row.locator("button[value=approve]").click()
    head.wait_for_load_state("networkidle")
    narrative.refresh_from_db()
    assert narrative.status == "approved" and narrative.approved_by.username == "head.civil-defence"

    officer.goto(reverse("objective_detail", args=[objective_id]))
    assert TEXT in officer.locator("main").inner_text()
    screenshot(officer, "narrative-objective-ar")
