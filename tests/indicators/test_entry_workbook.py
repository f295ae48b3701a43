"""The quarter's workbook (docs/quarter-workbook.md): downloaded from the entry page, filled in
with openpyxl as an officer would in Excel, uploaded on the same page; by persona, with
closed periods, stale versions, locked entries and bad cells, every problem located."""

import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from indicators import services
from indicators.models import EntryEvent, ProgressEntry
from indicators.quarter_workbook import VALUES
from tests import builders

pytestmark = pytest.mark.django_db


def workbook_url(period, unit=None):
    url = reverse("entry_workbook", args=[period.pk])
    return f"{url}?unit={unit.pk}" if unit else url


def download(client, period, unit=None, language="en") -> bytes:
    client.cookies["marsad_language"] = language
    response = client.get(workbook_url(period, unit))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return response.content


class Filled:
    """The downloaded workbook, opened as Excel would be, changed cell by cell by column key."""

    def __init__(self, data: bytes):
        self.book = load_workbook(io.BytesIO(data))
        titles = set(VALUES.titles().values())
        self.sheet = next(s for s in self.book.worksheets if s.title in titles)
        self.columns = {}
        for cell in self.sheet[1]:
            for column in VALUES.columns:
                if cell.value in column.headings().values():
                    self.columns[column.key] = cell.column_letter

    def row_of(self, code) -> int:
        letter = self.columns["code"]
        for number in range(2, self.sheet.max_row + 1):
            if self.sheet[f"{letter}{number}"].value == code:
                return number
        raise AssertionError(f"no row for {code}")

    def cell(self, code, key):
        return self.sheet[f"{self.columns[key]}{self.row_of(code)}"]

    def get(self, code, key):
        return self.cell(code, key).value

    def set(self, code, /, **values) -> "Filled":
        for key, value in values.items():
            self.cell(code, key).value = value
        return self

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()


def upload(client, period, data: bytes, unit=None, late_reason="", language="en"):
    client.cookies["marsad_language"] = language
    sent = SimpleUploadedFile("quarter.xlsx", data)
    return client.post(workbook_url(period, unit), {"workbook": sent, "late_reason": late_reason})


def problems_of(response) -> list[tuple[str, str]]:
    """The (cell, message) pairs the page lists."""
    assert response.status_code == 400, response.status_code
    return [(p.cell, p.message) for p in response.context["workbook_problems"]]


def values():
    return {e.indicator.code: e for e in ProgressEntry.objects.select_related("indicator")}


# --- The round trip ------------------------------------------------------------------------


def test_officer_downloads_fills_and_uploads_drafts_saved_exactly(cycle, client_for):
    world = cycle.world
    builders.entry(world.indicator_a, cycle.closed_period, "23.5")
    draft = builders.entry(
        world.indicator_a1, cycle.open_period, "7.25", status="draft", comment="=1+1 as typed"
    )
    client = client_for(world.officer_a)

    filled = Filled(download(client, cycle.open_period))
    # Pre-filled: the unit's (and its sub-unit's) due indicators, not the other unit's.
    codes = [filled.sheet[f"A{n}"].value for n in range(2, filled.sheet.max_row + 1)]
    assert codes == ["G1.1.1", "G1.1.2"]
    assert filled.get("G1.1.1", "indicator") == world.indicator_a.title_en
    assert filled.get("G1.1.1", "measure") == "Number"
    assert filled.get("G1.1.1", "quarter_target") == 25
    assert filled.get("G1.1.1", "year_target") == 100
    assert filled.get("G1.1.1", "last_value") == 23.5
    assert filled.get("G1.1.1", "last_period") == "2021 Q1"
    assert filled.get("G1.1.1", "value") is None
    assert filled.get("G1.1.1", "version") is None
    assert filled.get("G1.1.2", "value") == 7.25
    assert filled.get("G1.1.2", "version") == draft.version
    assert filled.get("G1.1.2", "status") == "Draft"
    assert filled.cell("G1.1.2", "comment").data_type == "s"  # text, not a formula

    filled.set("G1.1.1", value="١٢٫٥", comment="from the field")
    filled.set("G1.1.2", value=30.125)
    response = upload(client, cycle.open_period, filled.bytes())

    assert response.status_code == 302, response.context["workbook_problems"]
    assert response["Location"] == reverse("entry", args=[cycle.open_period.pk]) + (
        f"?unit={world.unit_a.pk}"
    )
    saved = values()
    assert saved["G1.1.1"].value == D("12.5") and saved["G1.1.1"].status == "draft"
    assert saved["G1.1.1"].comment == "from the field"
    assert saved["G1.1.2"].value == D("30.125") and saved["G1.1.2"].status == "draft"
    assert saved["G1.1.2"].version == draft.version + 1
    assert saved["G1.1.2"].comment == "=1+1 as typed"
    assert not EntryEvent.objects.filter(action="submit").exists()


def test_the_workbook_guards_what_must_not_change(cycle, client_for):
    world = cycle.world
    builders.entry(world.indicator_a1, cycle.open_period, "5", status="submitted")
    filled = Filled(download(client_for(world.officer_a), cycle.open_period, language="ar"))
    sheet = filled.sheet
    assert sheet.title == "القيم"
    assert sheet.sheet_view.rightToLeft is True
    assert sheet["A1"].value == "الرمز" and sheet["A1"].comment.text == "Code"
    assert sheet.protection.sheet is True
    for key in ("period", "version", "shown"):
        assert sheet.column_dimensions[filled.columns[key]].hidden is True
    # The draft row's value and comment are open for typing; its code and the submitted
    # row's cells are not.
    assert filled.cell("G1.1.1", "value").protection.locked is False
    assert filled.cell("G1.1.1", "comment").protection.locked is False
    assert filled.cell("G1.1.1", "code").protection.locked is True
    assert filled.cell("G1.1.2", "value").protection.locked is True
    assert "تعليمات" in filled.book.sheetnames[0]


def test_an_untouched_workbook_changes_nothing(cycle, client_for):
    world = cycle.world
    draft = builders.entry(world.indicator_a, cycle.open_period, "5", status="draft", comment="x")
    client = client_for(world.officer_a)
    response = upload(client, cycle.open_period, download(client, cycle.open_period))
    assert response.status_code == 302
    assert ProgressEntry.objects.count() == 1
    assert ProgressEntry.objects.get().version == draft.version


def test_a_percentage_is_typed_as_text_so_that_a_percent_sign_keeps_its_number(cycle, client_for):
    world = cycle.world
    builders.indicator(
        world.objective, world.unit_a, "G1.1.7", measure="percentage", aggregation="average"
    )
    client = client_for(world.officer_a)
    filled = Filled(download(client, cycle.open_period))
    assert filled.cell("G1.1.7", "value").number_format == "@"
    assert filled.cell("G1.1.1", "value").number_format == "General"
    filled.set("G1.1.7", value="45%")
    assert upload(client, cycle.open_period, filled.bytes()).status_code == 302
    assert values()["G1.1.7"].value == D(45)


def test_a_cell_formatted_as_a_percentage_reads_as_it_shows_for_a_percentage_only(
    cycle, client_for
):
    """Excel keeps 45% as 0.45: for an indicator measured as a percentage the value is the
    45 the officer sees; for a count the cell is refused, said plainly, and nothing saved."""
    world = cycle.world
    builders.indicator(
        world.objective, world.unit_a, "G1.1.7", measure="percentage", aggregation="average"
    )
    client = client_for(world.officer_a)
    filled = Filled(download(client, cycle.open_period))
    filled.set("G1.1.7", value=0.45)
    filled.cell("G1.1.7", "value").number_format = "0%"
    filled.set("G1.1.1", value=0.5)
    filled.cell("G1.1.1", "value").number_format = "0.0%"
    problems = problems_of(upload(client, cycle.open_period, filled.bytes()))
    assert len(problems) == 1 and "formatted as a percentage" in problems[0][1]
    assert "G1.1.1" in problems[0][1]
    assert not ProgressEntry.objects.exists()
    filled.set("G1.1.1", value=5)
    filled.cell("G1.1.1", "value").number_format = "General"
    assert upload(client, cycle.open_period, filled.bytes()).status_code == 302
    assert (values()["G1.1.7"].value, values()["G1.1.1"].value) == (D(45), D(5))


def test_a_ratio_is_entered_by_numerator_and_denominator(cycle, client_for):
    world = cycle.world
    ratio = builders.indicator(world.objective, world.unit_a, "G1.1.9", measure="ratio")
    client = client_for(world.officer_a)
    filled = Filled(download(client, cycle.open_period))
    filled.set("G1.1.9", numerator=3, denominator="٤")
    assert upload(client, cycle.open_period, filled.bytes()).status_code == 302
    entry = ProgressEntry.objects.get(indicator=ratio)
    assert (entry.numerator, entry.denominator, entry.value) == (D(3), D(4), D(75))


# --- Who ------------------------------------------------------------------------------------

PERSONAS = [
    ("officer_a", None, 200),
    ("officer_a", "unit_a1", 200),
    ("officer_a", "unit_b", 404),
    ("officer_b", "unit_a", 404),
    ("head_a", None, 404),
    ("viewer", None, 404),
    ("outsider", None, 404),
    ("admin", "unit_b", 200),
]


@pytest.mark.parametrize(("who", "unit", "expected"), PERSONAS)
def test_download_by_persona(cycle, client_for, who, unit, expected):
    target = getattr(cycle.world, unit) if unit else None
    client = client_for(getattr(cycle.world, who))
    response = client.get(workbook_url(cycle.open_period, target))
    assert response.status_code == expected


@pytest.mark.parametrize(("who", "unit", "expected"), PERSONAS)
def test_upload_by_persona(cycle, client_for, who, unit, expected):
    world = cycle.world
    target = getattr(world, unit) if unit else world.unit_a
    indicator = {world.unit_a: "G1.1.1", world.unit_a1: "G1.1.2", world.unit_b: "G1.1.3"}[target]
    data = Filled(download(client_for(world.admin), cycle.open_period, target))
    data.set(indicator, value=9)
    client = client_for(getattr(world, who))
    response = upload(client, cycle.open_period, data.bytes(), target if unit else None)
    assert response.status_code == (302 if expected == 200 else expected)
    assert ProgressEntry.objects.filter(value=9).count() == (1 if expected == 200 else 0)


def test_anonymous_is_sent_to_sign_in(cycle, client):
    for response in (
        client.get(workbook_url(cycle.open_period)),
        client.post(workbook_url(cycle.open_period), {}),
    ):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ProgressEntry.objects.exists()


def test_another_units_indicators_are_refused_and_nothing_is_saved(cycle, client_for):
    world = cycle.world
    # The other unit's workbook (as the planning admin downloads it), with a value typed in,
    # brought to officer A's page, next to a good row of A's own.
    theirs = Filled(download(client_for(world.admin), cycle.open_period, world.unit_b))
    theirs.set("G1.1.3", value=8)
    row = theirs.row_of("G1.1.3")
    theirs.sheet.append([None] * theirs.sheet.max_column)  # a second row: A's own indicator
    own = Filled(download(client_for(world.officer_a), cycle.open_period))
    for column in theirs.columns.values():
        source = own.sheet[f"{column}{own.row_of('G1.1.1')}"].value
        theirs.sheet[f"{column}{row + 1}"].value = source
    theirs.set("G1.1.1", value=4)
    response = upload(client_for(world.officer_a), cycle.open_period, theirs.bytes())
    assert problems_of(response) == [
        (f"A{row}", "This indicator is Directorate B's; its values are entered by that unit.")
    ]
    assert not ProgressEntry.objects.exists()
    html = response.content.decode()
    assert "A2" in html and "Directorate B" in html


def test_an_indicator_not_due_and_an_unknown_code_are_refused(cycle, client_for):
    world = cycle.world
    builders.indicator(world.objective, world.unit_a, "G1.1.8", frequency="annual")
    client = client_for(world.officer_a)
    filled = Filled(download(client, cycle.open_period))
    filled.set("G1.1.1", value=3, code="G1.1.8")
    filled.set("G1.1.2", value=3, code="NOPE")
    assert problems_of(upload(client, cycle.open_period, filled.bytes())) == [
        ("A2", "This indicator is not due in this period."),
        ("A3", "The plan has no indicator with this code."),
    ]
    assert not ProgressEntry.objects.exists()


# --- Periods --------------------------------------------------------------------------------


def _closed_file(cycle, client_for):
    world = cycle.world
    filled = Filled(download(client_for(world.admin), cycle.closed_period, world.unit_a))
    return filled.set("G1.1.1", value=11).bytes()


def test_an_officer_cannot_upload_into_a_closed_period(cycle, client_for):
    data = _closed_file(cycle, client_for)
    client = client_for(cycle.world.officer_a)
    client.cookies["marsad_language"] = "en"
    page = client.get(reverse("entry", args=[cycle.closed_period.pk])).content.decode()
    assert "Download the quarter" in page and 'name="workbook"' not in page
    response = upload(client, cycle.closed_period, data)
    assert problems_of(response) == [
        ("", "This period is closed; its entries can no longer be changed.")
    ]
    assert not ProgressEntry.objects.exists()


def test_a_planning_admin_enters_late_with_a_reason(cycle, client_for):
    world = cycle.world
    client = client_for(world.admin)
    data = _closed_file(cycle, client_for)
    response = upload(client, cycle.closed_period, data, world.unit_a)
    assert problems_of(response) == [("", "A late entry in a closed period needs a reason.")]
    response = upload(client, cycle.closed_period, data, world.unit_a, late_reason="On paper")
    assert response.status_code == 302
    event = EntryEvent.objects.get(entry__indicator=world.indicator_a)
    assert event.late and event.comment == "On paper"


def test_a_period_not_yet_open_is_refused(cycle, client_for):
    world = cycle.world
    filled = Filled(download(client_for(world.admin), cycle.planned_period, world.unit_a))
    response = upload(client_for(world.officer_a), cycle.planned_period, filled.bytes())
    assert problems_of(response) == [("", "This period is not open for entry yet.")]


def test_a_workbook_of_another_period_is_refused_row_by_row(cycle, client_for):
    world = cycle.world
    data = _closed_file(cycle, client_for)
    response = upload(client_for(world.officer_a), cycle.open_period, data)
    letter = Filled(data).columns["period"]
    message = (
        "This row comes from the workbook of another period; download this period's workbook "
        "and copy the values into it."
    )
    assert problems_of(response) == [(f"{letter}2", message), (f"{letter}3", message)]


# --- Versions and states -------------------------------------------------------------------


def test_a_row_changed_on_the_page_since_the_download_is_a_conflict(cycle, client_for):
    world = cycle.world
    client = client_for(world.officer_a)
    filled = Filled(download(client, cycle.open_period))
    # Meanwhile, on the page (the same service), the head's colleague saves 40.
    services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a, value=D(40)
    )
    filled.set("G1.1.1", value=12).set("G1.1.2", value=13)
    problems = problems_of(upload(client, cycle.open_period, filled.bytes()))
    assert len(problems) == 1
    cell, message = problems[0]
    assert cell == "2" and "changed this entry" in message and "officer.a" in message
    assert values()["G1.1.1"].value == D(40)  # not overwritten
    assert "G1.1.2" not in values()  # all or nothing


def test_an_untouched_row_changed_on_the_page_is_kept_and_said(cycle, client_for):
    world = cycle.world
    client = client_for(world.officer_a)
    filled = Filled(download(client, cycle.open_period))
    services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a, value=D(40)
    )
    response = upload(client, cycle.open_period, filled.set("G1.1.2", value=13).bytes())
    assert response.status_code == 302
    assert values()["G1.1.1"].value == D(40) and values()["G1.1.2"].value == D(13)
    page = client.get(response["Location"]).content.decode()
    assert "left as the page has them: G1.1.1" in page


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_a_locked_entry_is_refused_on_its_row(cycle, client_for, status):
    world = cycle.world
    builders.entry(world.indicator_a, cycle.open_period, "5", status=status)
    client = client_for(world.officer_a)
    filled = Filled(download(client, cycle.open_period)).set("G1.1.1", value=6)
    label = {"submitted": "Submitted", "approved": "Approved"}[status]
    assert problems_of(upload(client, cycle.open_period, filled.bytes())) == [
        ("2", f"This entry is {label} and can no longer be changed.")
    ]
    assert values()["G1.1.1"].value == D(5)


# --- Bad cells ------------------------------------------------------------------------------


def test_text_in_a_number_is_located_and_nothing_is_saved(cycle, client_for):
    world = cycle.world
    client = client_for(world.officer_a)
    filled = Filled(download(client, cycle.open_period))
    letter = filled.columns["value"]
    filled.set("G1.1.1", value="twelve").set("G1.1.2", value="٣٠")
    response = upload(client, cycle.open_period, filled.bytes())
    assert problems_of(response) == [(f"{letter}2", "Enter a number, such as 1250 or 12.5.")]
    assert not ProgressEntry.objects.exists()
    html = response.content.decode()
    assert f"{letter}2" in html and "Enter a number, such as 1250 or 12.5." in html


def test_problems_are_told_in_arabic(cycle, client_for):
    client = client_for(cycle.world.officer_a)
    filled = Filled(download(client, cycle.open_period, language="ar")).set("G1.1.1", value="x")
    html = upload(client, cycle.open_period, filled.bytes(), language="ar").content.decode()
    assert "أدخل رقمًا" in html


def test_service_refusals_land_on_their_cells(cycle, client_for):
    world = cycle.world
    builders.indicator(world.objective, world.unit_a, "G1.1.9", measure="ratio")
    client = client_for(world.officer_a)
    filled = Filled(download(client, cycle.open_period))
    columns = filled.columns
    filled.set("G1.1.1", value=-4).set("G1.1.2", numerator=1)
    filled.set("G1.1.9", numerator=5, denominator=4)
    problems = problems_of(upload(client, cycle.open_period, filled.bytes()))
    row_9 = filled.row_of("G1.1.9")
    assert problems == [
        (f"{columns['value']}2", "The value cannot be negative."),
        (
            f"{columns['numerator']}3",
            "Only a ratio has a numerator and a denominator; enter the value.",
        ),
        (
            f"{columns['numerator']}{row_9}",
            "The numerator cannot be larger than the denominator.",
        ),
    ]


def test_a_formula_is_refused_by_the_toolkit(cycle, client_for):
    client = client_for(cycle.world.officer_a)
    filled = Filled(download(client, cycle.open_period)).set("G1.1.1", value="=2*6")
    letter = filled.columns["value"]
    (problem,) = problems_of(upload(client, cycle.open_period, filled.bytes()))
    assert problem[0] == f"{letter}2" and "formula" in problem[1]


def test_a_hidden_sheet_and_a_stranger_sheet_are_refused(cycle, client_for):
    client = client_for(cycle.world.officer_a)
    filled = Filled(download(client, cycle.open_period)).set("G1.1.1", value=3)
    filled.sheet.sheet_state = "hidden"
    filled.book.create_sheet("Notes")
    messages = [m for _cell, m in problems_of(upload(client, cycle.open_period, filled.bytes()))]
    assert messages == [
        "This sheet is hidden. Show it (or delete it) so that what is imported is seen.",
        "The template has no sheet of this name; remove it or rename it.",
    ]
    assert not ProgressEntry.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused_with_one_message(cycle, client_for):
    client = client_for(cycle.world.officer_a)
    response = upload(client, cycle.open_period, b"%PDF-1.4 not a workbook")
    ((cell, message),) = problems_of(response)
    assert cell == "" and message.startswith("This file is not an Excel workbook")


def test_a_workbook_without_the_values_sheet_is_refused(cycle, client_for):
    client = client_for(cycle.world.officer_a)
    book = Workbook()
    book.active.title = "Instructions"
    buffer = io.BytesIO()
    book.save(buffer)
    assert problems_of(upload(client, cycle.open_period, buffer.getvalue())) == [
        ("", "The workbook has no sheet “Values”; download the quarter's workbook.")
    ]


def test_a_missing_code_column_stops_before_the_rows(cycle, client_for):
    client = client_for(cycle.world.officer_a)
    filled = Filled(download(client, cycle.open_period)).set("G1.1.1", value=3)
    filled.sheet.delete_cols(1)
    assert problems_of(upload(client, cycle.open_period, filled.bytes())) == [
        ("1", "The column “Code” is missing.")
    ]


def test_an_upload_without_a_file_is_a_form_error(cycle, client_for):
    client = client_for(cycle.world.officer_a)
    response = client.post(workbook_url(cycle.open_period), {})
    assert response.status_code == 400
    assert response.context["workbook_form"].errors["workbook"]


@pytest.mark.parametrize("who", ["head_a", "viewer", "officer_b"])
def test_the_service_itself_refuses_who_does_not_report_for_the_unit(cycle, client_for, who):
    from django.core.exceptions import PermissionDenied

    from indicators.services.quarter_workbook import progress_import

    world = cycle.world
    data = Filled(download(client_for(world.officer_a), cycle.open_period)).set("G1.1.1", value=2)
    with pytest.raises(PermissionDenied):
        progress_import(
            period=cycle.open_period, unit=world.unit_a, by=getattr(world, who), source=data.bytes()
        )
    assert not ProgressEntry.objects.exists()


def test_a_late_entry_page_has_one_element_per_id(cycle, client_for):
    world = cycle.world
    client = client_for(world.admin)
    url = reverse("entry", args=[cycle.closed_period.pk]) + f"?unit={world.unit_a.pk}"
    html = client.get(url).content.decode()
    assert html.count('id="id_late_reason"') == 1
    assert html.count('id="upload-late_reason"') == 1
    assert 'for="upload-late_reason"' in html and 'name="workbook"' in html


def test_after_a_failed_upload_the_entry_form_still_saves_on_the_entry_page(cycle, client_for):
    from tests.page_forms import PageForm

    world = cycle.world
    client = client_for(world.officer_a)
    response = upload(client, cycle.open_period, b"not a workbook")
    form = PageForm(response.content.decode(), "entry-TOTAL_FORMS")
    form.set("entry", world.indicator_a.pk, value="6")
    action = reverse("entry", args=[cycle.open_period.pk]) + f"?unit={world.unit_a.pk}"
    assert f'action="{action}"' in response.content.decode()
    assert client.post(action, form.data(action="save")).status_code == 302
    assert values()["G1.1.1"].value == D(6)
