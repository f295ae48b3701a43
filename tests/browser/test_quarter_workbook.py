"""The quarter's workbook in real Chromium, in Arabic: the officer downloads it from the entry
page, fills it in (with openpyxl, as Excel would save it), uploads a mistake and sees it
located, then uploads the corrected file and finds the values saved as drafts."""

import io
from decimal import Decimal as D

from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import ProgressEntry
from indicators.quarter_workbook import VALUES
from tests.browser.conftest import sign_in


def entry_of(code):
    return ProgressEntry.objects.get(indicator__code=code, period__year=2023, period__quarter=4)


def _fill(path, values: dict) -> bytes:
    book = load_workbook(path)
    sheet = book[str(VALUES.titles()["ar"])]
    letters = {}
    for cell in sheet[1]:
        for column in VALUES.columns:
            if cell.value in column.headings().values():
                letters[column.key] = cell.column_letter
    for number in range(2, sheet.max_row + 1):
        code = sheet[f"{letters['code']}{number}"].value
        if code in values:
            sheet[f"{letters['value']}{number}"].value = values[code]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_quarter_offline_in_arabic(browser, live_server, demo, tmp_path, screenshot):
    context = browser.new_context(base_url=live_server.url, locale="ar", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, "officer.civil-defence")
    page.goto(reverse("plan_list"))
    page.click("text=إدخال القيم")
    page.wait_for_load_state("networkidle")
    with page.expect_download() as waiting:
        page.click("text=تنزيل مصنف الربع")
    downloaded = tmp_path / waiting.value.suggested_filename
    waiting.value.save_as(downloaded)
    assert downloaded.suffix == ".xlsx"

    wrong = tmp_path / "wrong.xlsx"
    wrong.write_bytes(_fill(downloaded, {"G1.3.2": "مئة"}))
    page.set_input_files("input[name=workbook]", str(wrong))
    page.click("text=رفع وحفظ كمسودات")
    page.wait_for_load_state("networkidle")
    problems = page.locator("#workbook-problems").inner_text()
    assert "أدخل رقمًا" in problems and "القيم" in problems
    screenshot(page, "entry-workbook-problems-ar")
    assert not ProgressEntry.objects.filter(
        indicator__code="G1.3.2", period__year=2023, period__quarter=4
    ).exists()

    right = tmp_path / "right.xlsx"
    right.write_bytes(_fill(downloaded, {"G1.3.2": "١٢٢٫٥"}))
    page.set_input_files("input[name=workbook]", str(right))
    page.click("text=رفع وحفظ كمسودات")
    page.wait_for_load_state("networkidle")
    assert "مسوداتٍ: 1" in page.locator(".messages").inner_text()
    assert entry_of("G1.3.2").value == D("122.5") and entry_of("G1.3.2").status == "draft"
    context.close()
