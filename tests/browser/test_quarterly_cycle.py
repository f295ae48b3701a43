"""The quarterly cycle in real Chromium, in Arabic: an officer enters, saves and submits;
the head returns one entry and approves another; the officer corrects and resubmits."""

from decimal import Decimal as D

from django.urls import reverse

from indicators.models import Indicator, ProgressEntry
from tests.browser.conftest import sign_in


def entry_of(code):
    return ProgressEntry.objects.get(indicator__code=code, period__year=2023, period__quarter=4)


def field(row_id: str, name: str, tag: str = "input") -> str:
    """A row's visible input by its field name (formset names end in "-<field>"; the
    hidden input beside each holds the value shown)."""
    return f"#{row_id} {tag}[name$='-{name}']:not([type=hidden])"


def test_quarterly_cycle_in_arabic(browser, live_server, demo, screenshot):
    ids = dict(Indicator.objects.filter(plan=demo).values_list("code", "pk"))
    officer = browser.new_context(base_url=live_server.url, locale="ar")
    page = officer.new_page()
    page.set_default_timeout(15000)
    sign_in(page, "officer.civil-defence")
    page.goto(reverse("plan_list"))
    page.click("text=إدخال القيم")
    page.wait_for_load_state("networkidle")
    assert "الإدخال الربعي" in page.locator("h1").inner_text()
    page.fill(field(f"row-{ids['G1.3.2']}", "value"), "١٢٣")  # Arabic-Indic digits
    page.fill(field(f"row-{ids['G4.3.1']}", "value"), "95")
    page.fill(field(f"row-{ids['G4.3.1']}", "comment", "textarea"), "حملات في المدارس")
    page.click("button[value=save]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".messages").inner_text() == "حُفظت قيودك."
    assert entry_of("G1.3.2").value == D(123)
    assert entry_of("G1.3.2").status == "draft"
    screenshot(page, "entry-ar")

    page.check(field(f"row-{ids['G1.3.2']}", "select"))
    page.check(field(f"row-{ids['G4.3.1']}", "select"))
    page.click("button[value=submit_selected]")
    page.wait_for_load_state("networkidle")
    assert entry_of("G1.3.2").status == "submitted"
    assert entry_of("G4.3.1").status == "submitted"

    head = browser.new_context(base_url=live_server.url, locale="ar").new_page()
    head.set_default_timeout(15000)
    sign_in(head, "head.civil-defence")
    head.goto(reverse("plan_list"))
    head.click("text=مراجعة المُرسَل")
    head.wait_for_load_state("networkidle")
    returned = entry_of("G1.3.2")
    head.fill(field(f"entry-{returned.pk}", "comment", "textarea"), "يرجى إرفاق سجل الحوادث")
    screenshot(head, "review-ar")
    head.click(f"#entry-{returned.pk} button[name$='-decision'][value=return]")
    head.wait_for_load_state("networkidle")
    head.click(f"#entry-{entry_of('G4.3.1').pk} button[name$='-decision'][value=approve]")
    head.wait_for_load_state("networkidle")
    assert entry_of("G1.3.2").status == "returned"
    assert entry_of("G4.3.1").status == "approved"

    page.reload()
    page.wait_for_load_state("networkidle")
    row = page.locator(f"#row-{ids['G1.3.2']}")
    assert "يرجى إرفاق سجل الحوادث" in row.inner_text()
    page.fill(field(f"row-{ids['G1.3.2']}", "value"), "120")
    page.check(field(f"row-{ids['G1.3.2']}", "select"))
    page.click("button[value=submit_selected]")
    page.wait_for_load_state("networkidle")
    resubmitted = entry_of("G1.3.2")
    assert (resubmitted.status, resubmitted.value) == ("submitted", D(120))
    officer.close()
