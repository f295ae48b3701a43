"""The entry, review, periods and evidence pages, by persona, with bad input and races."""

import io
import zipfile
from decimal import Decimal as D
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators import services
from indicators.models import Evidence, ProgressEntry
from indicators.selectors.entry import entry_rows, review_rows
from tests import builders
from tests.page_forms import PageForm, entry_page_data, review_page_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def entry_url(cycle, unit=None):
    url = reverse("entry", args=[cycle.open_period.pk])
    return f"{url}?unit={unit.pk}" if unit else url


def entry_form(client, url) -> PageForm:
    """The entry page's form as the officer's browser holds it on opening the page."""
    return PageForm.of(client, url, "entry-TOTAL_FORMS")


def review_form(client, cycle) -> PageForm:
    return PageForm.of(client, reverse("review", args=[cycle.open_period.pk]), "review-TOTAL_FORMS")


def rows_for(cycle, unit):
    from plans.selectors import unit_subtree_ids

    return entry_rows(cycle.open_period, unit_subtree_ids(unit.pk))


# --- Entry page: who ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "unit", "expected"),
    [
        ("officer_a", None, 200),
        ("officer_a", "unit_a1", 200),
        ("officer_a", "unit_b", 404),
        ("officer_b", "unit_a", 404),
        ("head_a", None, 404),  # heads review, they do not enter
        ("viewer", None, 404),
        ("outsider", None, 404),
        ("admin", "unit_b", 200),
    ],
)
def test_entry_page_by_persona(cycle, client_for, who, unit, expected):
    target_unit = getattr(cycle.world, unit) if unit else None
    response = client_for(getattr(cycle.world, who)).get(entry_url(cycle, target_unit))
    assert response.status_code == expected


def test_entry_page_sends_anonymous_to_sign_in(cycle, client):
    response = client.get(entry_url(cycle))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_entry_page_shows_targets_and_last_values(cycle, client_for):
    world = cycle.world
    builders.entry(world.indicator_a, cycle.closed_period, "23.5")
    html = client_for(world.officer_a).get(entry_url(cycle)).content.decode()
    assert "G1.1.1" in html and "G1.1.2" in html and "G1.1.3" not in html
    assert ">25<" in html  # the quarter's target: 100 / 4
    assert ">100<" in html  # the year's target
    assert "23.5" in html  # last values


# --- Entry page: saving ---------------------------------------------------------------------


def test_officer_saves_the_page_as_drafts_with_arabic_digits(cycle, client_for):
    world = cycle.world
    client = client_for(world.officer_a)
    a, a1 = world.indicator_a.pk, world.indicator_a1.pk
    form = entry_form(client, entry_url(cycle))
    form.set("entry", a, value="١٢٫٥").set("entry", a1, value="30", comment="ok")
    response = client.post(entry_url(cycle), form.data(action="save"))
    assert response.status_code == 302
    saved = {e.indicator_id: e for e in ProgressEntry.objects.all()}
    assert saved[a].value == D("12.5") and saved[a].status == "draft"
    assert saved[a1].value == D(30) and saved[a1].comment == "ok"


def test_an_empty_row_means_not_entered(cycle, client_for):
    world = cycle.world
    client = client_for(world.officer_a)
    form = entry_form(client, entry_url(cycle)).set("entry", world.indicator_a.pk, value="5")
    client.post(entry_url(cycle), form.data(action="save"))
    assert list(ProgressEntry.objects.values_list("indicator_id", flat=True)) == [
        world.indicator_a.pk
    ]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Enter a number"),
        ("   x", "Enter a number"),
        ("1e999", "Enter a number"),
        ("123456789012345678", "too large"),
        ("-4", "cannot be negative"),
    ],
)
def test_a_bad_row_keeps_what_was_typed_and_the_good_rows_are_saved(
    cycle, client_for, typed, message
):
    world = cycle.world
    a, a1 = world.indicator_a.pk, world.indicator_a1.pk
    client = client_for(world.officer_a)
    client.cookies["marsad_language"] = "en"
    form = entry_form(client, entry_url(cycle))
    form.set("entry", a, value=typed).set("entry", a1, value="7")
    response = client.post(entry_url(cycle), form.data(action="save"))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'value="{typed}"' in html
    assert message in html
    assert not ProgressEntry.objects.filter(indicator_id=a).exists()
    assert ProgressEntry.objects.get(indicator_id=a1).value == D(7)


def test_errors_are_translated_into_arabic(cycle, client_for):
    world = cycle.world
    client = client_for(world.officer_a)
    form = entry_form(client, entry_url(cycle)).set("entry", world.indicator_a.pk, value="abc")
    html = client.post(entry_url(cycle), form.data(action="save")).content.decode()
    assert "أدخل رقمًا" in html


def test_script_in_a_comment_is_stored_and_shown_as_text(cycle, client_for):
    world = cycle.world
    pk = world.indicator_a.pk
    client = client_for(world.officer_a)
    form = entry_form(client, entry_url(cycle))
    form.set("entry", pk, value="5", comment="<script>alert(1)</script>")
    client.post(entry_url(cycle), form.data(action="save"))
    assert ProgressEntry.objects.get(indicator_id=pk).comment == "<script>alert(1)</script>"
    html = client.get(entry_url(cycle)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_submit_selected_submits_only_those(cycle, client_for):
    world = cycle.world
    a, a1 = world.indicator_a.pk, world.indicator_a1.pk
    client = client_for(world.officer_a)
    form = entry_form(client, entry_url(cycle))
    form.set("entry", a, value="5").set("entry", a1, value="6").tick("entry", a)
    assert client.post(entry_url(cycle), form.data(action="submit_selected")).status_code == 302
    statuses = dict(ProgressEntry.objects.values_list("indicator_id", "status"))
    assert statuses == {a: "submitted", a1: "draft"}


def test_submit_all(cycle, client_for):
    world = cycle.world
    a, a1 = world.indicator_a.pk, world.indicator_a1.pk
    client = client_for(world.officer_a)
    form = entry_form(client, entry_url(cycle))
    form.set("entry", a, value="5").set("entry", a1, value="6")
    client.post(entry_url(cycle), form.data(action="submit_all"))
    assert set(ProgressEntry.objects.values_list("status", flat=True)) == {"submitted"}


def _said(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_officer_is_told_how_many_rows_went_for_review(cycle, client_for):
    world = cycle.world
    a, a1 = world.indicator_a.pk, world.indicator_a1.pk
    client = client_for(world.officer_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    form = entry_form(client, entry_url(cycle))
    form.set("entry", a, value="5").set("entry", a1, value="6").tick("entry", a)
    sent = client.post(entry_url(cycle), form.data(action="submit_selected"), follow=True)
    assert _said(sent) == ["Your entries were saved; 1 row was sent for review."]
    form = entry_form(client, entry_url(cycle))
    again = client.post(entry_url(cycle), form.data(action="submit_selected"), follow=True)
    assert _said(again) == [
        "Your entries were saved; nothing was sent: select the rows to send first."
    ]
    form = entry_form(client, entry_url(cycle))
    rest = client.post(entry_url(cycle), form.data(action="submit_all"), follow=True)
    assert _said(rest) == ["Your entries were saved; 1 row was sent for review."]
    form = entry_form(client, entry_url(cycle))
    nothing = client.post(entry_url(cycle), form.data(action="submit_all"), follow=True)
    assert _said(nothing) == ["Your entries were saved; nothing was left to send for review."]


def test_a_concurrent_edit_is_refused_and_the_first_save_survives(cycle, client_for):
    world = cycle.world
    pk = world.indicator_a.pk
    entry = services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a, value=D(5)
    )
    client = client_for(world.officer_a)
    client.cookies["marsad_language"] = "en"
    stale = entry_form(client, entry_url(cycle))  # the officer opens the page
    services.progress_save(  # the admin corrects the value meanwhile
        indicator=world.indicator_a,
        period=cycle.open_period,
        by=world.admin,
        value=D(6),
        expected_version=entry.version,
    )
    response = client.post(entry_url(cycle), stale.set("entry", pk, value="7").data())
    assert response.status_code == 400
    html = response.content.decode()
    assert "admin changed this entry" in html
    assert ProgressEntry.objects.get(indicator_id=pk).value == D(6)
    # The page now compares the row with the admin's value: sending it again overwrites it.
    again = PageForm(html, "entry-TOTAL_FORMS")
    assert again.shown("entry", pk, "value") == "7"
    assert client.post(entry_url(cycle), again.data(action="save")).status_code == 302
    assert ProgressEntry.objects.get(indicator_id=pk).value == D(7)


def test_an_untouched_row_is_not_saved_even_if_it_changed_meanwhile(cycle, client_for):
    world = cycle.world
    entry = services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a, value=D(5)
    )
    client = client_for(world.officer_a)
    stale = entry_form(client, entry_url(cycle))
    services.progress_save(
        indicator=world.indicator_a,
        period=cycle.open_period,
        by=world.admin,
        value=D(6),
        expected_version=entry.version,
    )
    a1 = world.indicator_a1.pk
    response = client.post(entry_url(cycle), stale.set("entry", a1, value="3").data())
    assert response.status_code == 302
    assert ProgressEntry.objects.get(indicator=world.indicator_a).value == D(6)


def test_a_closed_period_page_is_read_only_for_officers(cycle, client_for):
    world = cycle.world
    url = reverse("entry", args=[cycle.closed_period.pk])
    client = client_for(world.officer_a)
    html = client.get(url).content.decode()
    assert "disabled" in html
    # The inputs are disabled; a value sent anyway is refused.
    form = PageForm(html, "entry-TOTAL_FORMS")
    data = form.set("entry", world.indicator_a.pk, value="5").data(action="save")
    assert client.post(url, data).status_code == 400
    assert not ProgressEntry.objects.exists()


def test_admin_late_entry_in_a_closed_period_needs_a_reason(cycle, client_for):
    world = cycle.world
    url = reverse("entry", args=[cycle.closed_period.pk]) + f"?unit={world.unit_a.pk}"
    client = client_for(world.admin)
    form = entry_form(client, url)
    assert form.shown("entry", world.indicator_a.pk, "value") == ""
    data = form.set("entry", world.indicator_a.pk, value="5").data(action="save")
    assert client.post(url, data).status_code == 400
    assert not ProgressEntry.objects.exists()
    data["late_reason"] = "Received on paper"
    assert client.post(url, data).status_code == 302
    assert ProgressEntry.objects.get().events.get().comment == "Received on paper"


# --- Evidence -------------------------------------------------------------------------------


def upload(name, content):
    return SimpleUploadedFile(name, content)


def post_with_file(cycle, client, world, file):
    pk = world.indicator_a.pk
    form = entry_form(client, entry_url(cycle)).set("entry", pk, value="5")
    return client.post(entry_url(cycle), form.data(**{form.name("entry", pk, "evidence"): file}))


def test_a_pdf_is_accepted_and_downloaded_by_those_who_may(cycle, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = cycle.world
    response = post_with_file(
        cycle, client_for(world.officer_a), world, upload("تقرير ../x.pdf", PDF)
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf"
    assert "/" not in evidence.original_name and ".." not in evidence.original_name
    assert str(tmp_path) in evidence.file.path and "static" not in evidence.file.path
    url = reverse("evidence", args=[evidence.pk])
    for who, expected in (
        ("officer_a", 200),
        ("head_a", 200),
        ("admin", 200),
        ("viewer", 200),
        ("officer_b", 404),
        ("head_b", 404),
        ("outsider", 404),
    ):
        response = client_for(getattr(world, who)).get(url)
        assert response.status_code == expected, who
        if expected == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Disposition"].startswith("attachment")


def test_an_executable_renamed_to_pdf_is_refused(cycle, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = cycle.world
    client = client_for(world.officer_a)
    client.cookies["marsad_language"] = "en"
    response = post_with_file(
        cycle, client, world, upload("report.pdf", b"MZ\x90\x00" + b"\x00" * 64)
    )
    assert response.status_code == 400
    assert "not what its name says" in response.content.decode()
    assert not Evidence.objects.exists()


def test_an_oversize_file_is_refused(cycle, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MARSAD_EVIDENCE_MAX_BYTES = 1024
    world = cycle.world
    client = client_for(world.officer_a)
    client.cookies["marsad_language"] = "en"
    response = post_with_file(cycle, client, world, upload("big.pdf", PDF + b"0" * 2048))
    assert response.status_code == 400 and "too large" in response.content.decode()
    assert not Evidence.objects.exists()


def test_office_files_are_recognised_by_their_parts(cycle, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    world = cycle.world
    client = client_for(world.officer_a)
    assert (
        post_with_file(cycle, client, world, upload("data.xlsx", buffer.getvalue())).status_code
        == 302
    )
    # The same spreadsheet named .docx is refused.
    client.cookies["marsad_language"] = "en"
    pk = world.indicator_a.pk
    form = entry_form(client, entry_url(cycle))
    data = form.data(**{form.name("entry", pk, "evidence"): upload("data.docx", buffer.getvalue())})
    assert client.post(entry_url(cycle), data).status_code == 400
    assert Evidence.objects.count() == 1


def test_another_units_evidence_cannot_be_downloaded(cycle, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = cycle.world
    post_with_file(cycle, client_for(world.officer_a), world, upload("a.pdf", PDF))
    evidence = Evidence.objects.get()
    assert (
        client_for(world.officer_b).get(reverse("evidence", args=[evidence.pk])).status_code == 404
    )


# --- Review page ----------------------------------------------------------------------------


def submitted(cycle, indicator=None, value="20"):
    world = cycle.world
    indicator = indicator or world.indicator_a
    by = world.officer_a if indicator.unit_id != world.unit_b.pk else world.officer_b
    entry = services.progress_save(
        indicator=indicator, period=cycle.open_period, by=by, value=D(value)
    )
    return services.progress_submit(entry=entry, by=by, expected_version=entry.version)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("head_a", 200),
        ("admin", 200),
        ("head_b", 200),
        ("officer_a", 404),
        ("viewer", 404),
        ("outsider", 404),
    ],
)
def test_review_page_by_persona(cycle, client_for, who, expected):
    submitted(cycle)
    response = client_for(getattr(cycle.world, who)).get(
        reverse("review", args=[cycle.open_period.pk])
    )
    assert response.status_code == expected
    if who == "head_b":
        assert "G1.1.1" not in response.content.decode()  # not in B's queue


def test_review_shows_the_engines_preview(cycle, client_for):
    submitted(cycle, value="20")  # 20 of the quarter's 25 → 80 %
    html = (
        client_for(cycle.world.head_a)
        .get(reverse("review", args=[cycle.open_period.pk]))
        .content.decode()
    )
    assert "80.0%" in html and "status-amber" in html


def test_head_approves_one_and_returns_another(cycle, client_for):
    world = cycle.world
    first = submitted(cycle)
    second = submitted(cycle, world.indicator_a1)
    url = reverse("review", args=[cycle.open_period.pk])
    client = client_for(world.head_a)
    form = review_form(client, cycle)
    approve = {form.name("review", first.pk, "decision"): "approve"}
    assert client.post(url, form.data(**approve)).status_code == 302
    form = review_form(client, cycle)
    assert not form.has("review", first.pk)  # no longer waiting
    form.set("review", second.pk, comment="Check the total", decision="return")
    assert client.post(url, form.data()).status_code == 302
    statuses = dict(ProgressEntry.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "approved", second.pk: "returned"}


def test_return_without_a_comment_is_refused_with_a_message(cycle, client_for):
    entry = submitted(cycle)
    client = client_for(cycle.world.head_a)
    client.cookies["marsad_language"] = "en"
    form = review_form(client, cycle).set("review", entry.pk, decision="return")
    response = client.post(reverse("review", args=[cycle.open_period.pk]), form.data())
    assert response.status_code == 400
    assert "Say why the entry is returned" in response.content.decode()
    assert ProgressEntry.objects.get().status == "submitted"


def test_a_review_with_nothing_chosen_says_to_select_a_row(cycle, client_for):
    submitted(cycle)
    client = client_for(cycle.world.head_a)
    url = reverse("review", args=[cycle.open_period.pk])
    response = client.post(url, review_form(client, cycle).data(), follow=True)
    said = [str(message) for message in response.context["messages"]]
    assert said == ["اختر صفًا واحدًا على الأقل."]
    assert ProgressEntry.objects.get().status == "submitted"


def test_bulk_approve(cycle, client_for):
    world = cycle.world
    entries = [submitted(cycle), submitted(cycle, world.indicator_a1)]
    client = client_for(world.head_a)
    form = review_form(client, cycle)
    for entry in entries:
        form.tick("review", entry.pk)
    client.post(
        reverse("review", args=[cycle.open_period.pk]), form.data(action="approve_selected")
    )
    assert set(ProgressEntry.objects.values_list("status", flat=True)) == {"approved"}


def test_a_head_cannot_review_another_units_entry_by_posting_its_id(cycle, client_for):
    entry = submitted(cycle, cycle.world.indicator_b)
    data = review_page_data({"entry": entry.pk, "version": entry.version, "decision": "approve"})
    response = client_for(cycle.world.head_a).post(
        reverse("review", args=[cycle.open_period.pk]), data
    )
    assert response.status_code == 302  # nothing of the head's was asked
    assert ProgressEntry.objects.get().status == "submitted"


# --- Periods page ---------------------------------------------------------------------------


def test_periods_page_actions(cycle, client_for):
    world = cycle.world
    url = reverse("periods", args=[world.plan.pk])
    assert client_for(world.viewer).get(url).status_code == 200
    assert client_for(world.outsider).get(url).status_code == 404
    response = client_for(world.head_a).post(
        url, {"period": cycle.open_period.pk, "action": "close"}
    )
    assert response.status_code == 403
    response = client_for(world.admin).post(
        url, {"period": cycle.open_period.pk, "action": "close"}
    )
    assert response.status_code == 302
    cycle.open_period.refresh_from_db()
    assert cycle.open_period.state == "closed"
    client = client_for(world.admin)
    client.post(url, {"period": cycle.open_period.pk, "action": "reopen", "reason": ""})
    cycle.open_period.refresh_from_db()
    assert cycle.open_period.state == "closed"  # a reason is needed
    assert client.post(url, {"period": cycle.open_period.pk, "action": "fly"}).status_code == 400


# --- Query counts ---------------------------------------------------------------------------


def _grow(cycle, count):
    world = cycle.world
    for i in range(count):
        indicator = builders.indicator(world.objective, world.unit_a, f"X{count}.{i}")
        builders.target(indicator, 2021, 40)
        entry = services.progress_save(
            indicator=indicator, period=cycle.open_period, by=world.officer_a, value=D(3)
        )
        services.progress_submit(entry=entry, by=world.officer_a, expected_version=entry.version)
        builders.entry(indicator, cycle.closed_period, 4)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_entry_and_review_pages_do_not_grow_with_the_indicators(cycle, client_for):
    world = cycle.world
    entry, review = entry_url(cycle), reverse("review", args=[cycle.open_period.pk])
    _grow(cycle, 2)
    small = (
        _queries(client_for(world.officer_a), entry),
        _queries(client_for(world.head_a), review),
    )
    _grow(cycle, 30)
    large = (
        _queries(client_for(world.officer_a), entry),
        _queries(client_for(world.head_a), review),
    )
    assert small == large


def test_a_changed_comment_alone_is_saved_and_the_same_number_retyped_is_not(cycle, client_for):
    world = cycle.world
    pk = world.indicator_a.pk
    services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a, value=D("12.5")
    )
    client = client_for(world.officer_a)
    form = entry_form(client, entry_url(cycle)).set("entry", pk, value="١٢٫٥٠")
    assert client.post(entry_url(cycle), form.data(action="save")).status_code == 302
    assert ProgressEntry.objects.get().version == 1  # the number shown, in other digits
    form = entry_form(client, entry_url(cycle)).set("entry", pk, comment=" x")
    assert client.post(entry_url(cycle), form.data(action="save")).status_code == 302
    entry = ProgressEntry.objects.get()
    assert (entry.value, entry.comment, entry.version) == (D("12.5"), "x", 2)


# --- Activity progress and the trail ----------------------------------------------------------


def test_officer_reports_activity_progress_on_the_entry_page(cycle, client_for):
    from plans.models import ActivityProgress

    world = cycle.world
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021, activities=1)
    activity = action_plan.activities.get()
    client = client_for(world.officer_a)
    client.cookies["marsad_language"] = "en"
    form = entry_form(client, entry_url(cycle))
    bad = form.set("activity", activity.pk, percent_complete="120", status="in_progress")
    response = client.post(entry_url(cycle), bad.data(action="save"))
    assert response.status_code == 400
    assert "between 0 and 100" in response.content.decode()
    good = form.set(
        "activity", activity.pk, percent_complete="٤٥", status="in_progress", comment="on site"
    )
    assert client.post(entry_url(cycle), good.data(action="save")).status_code == 302
    progress = ActivityProgress.objects.get(activity=activity, period=cycle.open_period)
    assert (progress.percent_complete, progress.status, progress.comment) == (
        D(45),
        "in_progress",
        "on site",
    )


def test_activity_progress_is_refused_to_other_units(cycle):
    from django.core.exceptions import PermissionDenied

    from plans.services import activity_progress_save

    world = cycle.world
    activity = builders.action_plan(world.plan, world.unit_a, 2021).activities.get()
    with pytest.raises(PermissionDenied):
        activity_progress_save(
            activity=activity,
            period=cycle.open_period,
            by=world.officer_b,
            percent_complete=D(10),
            status="in_progress",
        )


def test_indicator_page_shows_the_entry_trail(cycle, client_for):
    world = cycle.world
    entry = services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a, value=D(5)
    )
    entry = services.progress_save(
        indicator=world.indicator_a,
        period=cycle.open_period,
        by=world.officer_a,
        value=D(6),
        expected_version=entry.version,
    )
    entry = services.progress_submit(
        entry=entry, by=world.officer_a, expected_version=entry.version
    )
    services.progress_return(
        entry=entry, by=world.head_a, expected_version=entry.version, comment="Source missing"
    )
    client = client_for(world.head_a)
    client.cookies["marsad_language"] = "en"
    html = client.get(reverse("indicator_detail", args=[world.indicator_a.pk])).content.decode()
    assert "Entry history" in html
    for text in (
        "Created",
        "Changed",
        "Submitted",
        "Returned",
        "Source missing",
        "officer.a",
        "head.a",
    ):
        assert text in html


def test_the_entry_page_lists_only_the_indicators_due_in_its_period(cycle, client_for):
    # 2021 Q2: quarterly and half-yearly indicators are due, yearly ones (Q4) are not,
    # unless the plan collects yearly values in Q2.
    world = cycle.world
    world.indicator_a1.frequency = "annual"
    world.indicator_a1.save(update_fields=["frequency"])
    world.indicator_a.frequency = "semiannual"
    world.indicator_a.save(update_fields=["frequency"])
    assert [r.indicator.code for r in rows_for(cycle, world.unit_a)] == ["G1.1.1"]
    q1_rows = entry_rows(cycle.closed_period, {world.unit_a.pk, world.unit_a1.pk})
    assert q1_rows == []  # Q1: neither is due
    page = client_for(world.officer_a).get(entry_url(cycle, None))
    assert page.status_code == 200
    assert b"G1.1.1" in page.content and b"G1.1.2" not in page.content
    world.plan.annual_reporting_quarter = 2
    world.plan.save(update_fields=["annual_reporting_quarter"])
    cycle.open_period.plan.refresh_from_db()
    assert [r.indicator.code for r in rows_for(cycle, world.unit_a)] == ["G1.1.1", "G1.1.2"]


def test_the_review_page_lists_only_the_indicators_due_in_its_period(cycle, client_for):
    world = cycle.world
    for indicator in (world.indicator_a, world.indicator_a1):
        builders.entry(indicator, cycle.open_period, 5, status="submitted")
    world.indicator_a1.frequency = "annual"
    world.indicator_a1.save(update_fields=["frequency"])
    rows = review_rows(cycle.open_period, None)
    assert [r.entry.indicator.code for r in rows] == ["G1.1.1"]


# --- The formsets: rows by their id, malformed posts, a page sent again ----------------------


def test_rows_are_read_by_their_id_not_their_place(cycle, client_for):
    world = cycle.world
    a, a1 = world.indicator_a.pk, world.indicator_a1.pk
    client = client_for(world.officer_a)
    form = entry_form(client, entry_url(cycle))  # the officer opens the page
    # Meanwhile a new indicator is added: it is drawn first, every row moves down one place.
    first = builders.indicator(world.objective, world.unit_a, "G1.1.0")
    assert [row.indicator.pk for row in rows_for(cycle, world.unit_a)] == [first.pk, a, a1]
    form.set("entry", a, value="5").set("entry", a1, value="6")
    assert client.post(entry_url(cycle), form.data(action="save")).status_code == 302
    assert dict(ProgressEntry.objects.values_list("indicator_id", "value")) == {a: 5, a1: 6}


def test_forms_naming_no_row_of_the_page_or_a_row_twice_are_ignored(cycle, client_for):
    world = cycle.world
    a = world.indicator_a.pk
    data = entry_page_data(
        {"indicator": "abc", "value": "1"},
        {"indicator": "999999", "value": "2"},
        {"indicator": world.indicator_b.pk, "value": "3"},  # another unit's indicator
        {"indicator": f"{a}²", "value": "4"},
        {"indicator": a, "value": "5"},
        {"indicator": a, "value": "6"},  # the same row again: the first form names it
        action="save",
    )
    response = client_for(world.officer_a).post(entry_url(cycle), data)
    assert response.status_code == 302
    assert list(ProgressEntry.objects.values_list("indicator_id", "value")) == [(a, 5)]


def test_a_page_sent_without_its_formsets_is_refused_with_a_message(cycle, client_for):
    client = client_for(cycle.world.officer_a)
    client.cookies["marsad_language"] = "en"
    old_style = {f"value-{cycle.world.indicator_a.pk}": "5", "action": "save"}
    for data in (old_style, {**entry_page_data(), "entry-TOTAL_FORMS": "5000"}):
        response = client.post(entry_url(cycle), data)
        assert response.status_code == 400
        assert "The page was sent incomplete or altered" in response.content.decode()
    assert not ProgressEntry.objects.exists()
    review = reverse("review", args=[cycle.open_period.pk])
    response = client_for(cycle.world.head_a).post(review, {"approve": "1"})
    assert response.status_code == 400


def test_after_a_failed_row_the_page_can_be_sent_again(cycle, client_for):
    world = cycle.world
    a, a1 = world.indicator_a.pk, world.indicator_a1.pk
    client = client_for(world.officer_a)
    form = entry_form(client, entry_url(cycle)).set("entry", a, value="abc")
    response = client.post(entry_url(cycle), form.set("entry", a1, value="٧").data(action="save"))
    assert response.status_code == 400
    again = PageForm(response.content.decode(), "entry-TOTAL_FORMS")
    # The saved row shows what is stored now, with its version; the failed one what was typed.
    assert (again.shown("entry", a1, "value"), again.shown("entry", a1, "version")) == ("7", "1")
    assert again.shown("entry", a, "value") == "abc"
    response = client.post(entry_url(cycle), again.set("entry", a, value="5").data(action="save"))
    assert response.status_code == 302
    saved = {e.indicator_id: (e.value, e.version) for e in ProgressEntry.objects.all()}
    assert saved == {a: (5, 1), a1: (7, 1)}  # the row saved before is not written again


def test_the_review_page_after_a_failed_return_keeps_the_comment_and_the_row(cycle, client_for):
    world = cycle.world
    first, second = submitted(cycle), submitted(cycle, world.indicator_a1)
    client = client_for(world.head_a)
    client.cookies["marsad_language"] = "en"
    url = reverse("review", args=[cycle.open_period.pk])
    form = review_form(client, cycle)
    for entry in (first, second):
        form.tick("review", entry.pk)
    response = client.post(url, form.data(action="return_selected", bulk_comment=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("Say why the entry is returned") == 2
    assert "Some rows could not be reviewed; see the messages beside them." in html
    again = PageForm(html, "review-TOTAL_FORMS")
    again.set("review", second.pk, decision="return", comment="Check the total")
    assert client.post(url, again.data()).status_code == 302
    statuses = dict(ProgressEntry.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "submitted", second.pk: "returned"}


class _Controls(HTMLParser):
    """The visible inputs, selects and textareas of a page, and the ids its labels name."""

    def __init__(self):
        super().__init__()
        self.controls, self.labelled = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        elif tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.controls.append(attrs)


def test_every_input_of_the_entry_page_has_a_name_for_screen_readers(cycle, client_for):
    world = cycle.world
    builders.action_plan(world.plan, world.unit_a, 2021, activities=3)
    world.indicator_a1.measure = "ratio"
    world.indicator_a1.save(update_fields=["measure"])
    html = client_for(world.officer_a).get(entry_url(cycle)).content.decode()
    page = _Controls()
    page.feed(html[html.index('class="entry-form"') :])
    rows = [c for c in page.controls if c.get("name", "").startswith(("entry-", "activity-"))]
    assert len(rows) == 2 * 4 + 1 + 3 * 4  # select, value(s), comment, file; 3 activities
    unnamed = [c for c in rows if not c.get("aria-label") and c.get("id") not in page.labelled]
    assert unnamed == []
