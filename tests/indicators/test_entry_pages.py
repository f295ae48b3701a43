"""The entry, review, periods and evidence pages, by persona, with bad input and races."""

import io
import zipfile
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators import services
from indicators.models import Evidence, ProgressEntry
from indicators.selectors.entry import entry_rows, fingerprint, review_rows
from tests import builders

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def entry_url(cycle, unit=None):
    url = reverse("entry", args=[cycle.open_period.pk])
    return f"{url}?unit={unit.pk}" if unit else url


def row_post(rows, action="save", **values):
    """A POST as the page would send it: every row's hidden fields, and the typed values."""
    data = {"action": action}
    for row in rows:
        pk = row.indicator.pk
        shown = row.shown
        data[f"version-{pk}"] = row.entry.version if row.entry else ""
        data[f"original-{pk}"] = row.original
        for name in ("value", "numerator", "denominator", "comment"):
            data[f"{name}-{pk}"] = shown[name]
    for key, value in values.items():
        data[key] = value
    return data


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
    rows = rows_for(cycle, world.unit_a)
    a, a1 = world.indicator_a.pk, world.indicator_a1.pk
    data = row_post(rows, **{f"value-{a}": "١٢٫٥", f"value-{a1}": "30", f"comment-{a1}": "ok"})
    response = client_for(world.officer_a).post(entry_url(cycle), data)
    assert response.status_code == 302
    saved = {e.indicator_id: e for e in ProgressEntry.objects.all()}
    assert saved[a].value == D("12.5") and saved[a].status == "draft"
    assert saved[a1].value == D(30) and saved[a1].comment == "ok"


def test_an_empty_row_means_not_entered(cycle, client_for):
    world = cycle.world
    rows = rows_for(cycle, world.unit_a)
    data = row_post(rows, **{f"value-{world.indicator_a.pk}": "5"})
    client_for(world.officer_a).post(entry_url(cycle), data)
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
    rows = rows_for(cycle, world.unit_a)
    a, a1 = world.indicator_a.pk, world.indicator_a1.pk
    data = row_post(rows, **{f"value-{a}": typed, f"value-{a1}": "7"})
    client = client_for(world.officer_a)
    client.cookies["marsad_language"] = "en"
    response = client.post(entry_url(cycle), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'value="{typed}"' in html
    assert message in html
    assert not ProgressEntry.objects.filter(indicator_id=a).exists()
    assert ProgressEntry.objects.get(indicator_id=a1).value == D(7)


def test_errors_are_translated_into_arabic(cycle, client_for):
    world = cycle.world
    rows = rows_for(cycle, world.unit_a)
    data = row_post(rows, **{f"value-{world.indicator_a.pk}": "abc"})
    html = client_for(world.officer_a).post(entry_url(cycle), data).content.decode()
    assert "أدخل رقمًا" in html


def test_script_in_a_comment_is_stored_and_shown_as_text(cycle, client_for):
    world = cycle.world
    rows = rows_for(cycle, world.unit_a)
    pk = world.indicator_a.pk
    data = row_post(rows, **{f"value-{pk}": "5", f"comment-{pk}": "<script>alert(1)</script>"})
    client = client_for(world.officer_a)
    client.post(entry_url(cycle), data)
    assert ProgressEntry.objects.get(indicator_id=pk).comment == "<script>alert(1)</script>"
    html = client.get(entry_url(cycle)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_submit_selected_submits_only_those(cycle, client_for):
    world = cycle.world
    rows = rows_for(cycle, world.unit_a)
    a, a1 = world.indicator_a.pk, world.indicator_a1.pk
    data = row_post(
        rows,
        action="submit_selected",
        **{f"value-{a}": "5", f"value-{a1}": "6", "select": [str(a)]},
    )
    assert client_for(world.officer_a).post(entry_url(cycle), data).status_code == 302
    statuses = dict(ProgressEntry.objects.values_list("indicator_id", "status"))
    assert statuses == {a: "submitted", a1: "draft"}


def test_submit_all(cycle, client_for):
    world = cycle.world
    rows = rows_for(cycle, world.unit_a)
    a, a1 = world.indicator_a.pk, world.indicator_a1.pk
    data = row_post(rows, action="submit_all", **{f"value-{a}": "5", f"value-{a1}": "6"})
    client_for(world.officer_a).post(entry_url(cycle), data)
    assert set(ProgressEntry.objects.values_list("status", flat=True)) == {"submitted"}


def test_a_concurrent_edit_is_refused_and_the_first_save_survives(cycle, client_for):
    world = cycle.world
    pk = world.indicator_a.pk
    entry = services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a, value=D(5)
    )
    stale_rows = rows_for(cycle, world.unit_a)  # the officer opens the page
    services.progress_save(  # the admin corrects the value meanwhile
        indicator=world.indicator_a,
        period=cycle.open_period,
        by=world.admin,
        value=D(6),
        expected_version=entry.version,
    )
    client = client_for(world.officer_a)
    client.cookies["marsad_language"] = "en"
    response = client.post(entry_url(cycle), row_post(stale_rows, **{f"value-{pk}": "7"}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "admin changed this entry" in html
    assert ProgressEntry.objects.get(indicator_id=pk).value == D(6)


def test_an_untouched_row_is_not_saved_even_if_it_changed_meanwhile(cycle, client_for):
    world = cycle.world
    entry = services.progress_save(
        indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a, value=D(5)
    )
    stale_rows = rows_for(cycle, world.unit_a)
    services.progress_save(
        indicator=world.indicator_a,
        period=cycle.open_period,
        by=world.admin,
        value=D(6),
        expected_version=entry.version,
    )
    a1 = world.indicator_a1.pk
    response = client_for(world.officer_a).post(
        entry_url(cycle), row_post(stale_rows, **{f"value-{a1}": "3"})
    )
    assert response.status_code == 302
    assert ProgressEntry.objects.get(indicator=world.indicator_a).value == D(6)


def test_a_closed_period_page_is_read_only_for_officers(cycle, client_for):
    world = cycle.world
    url = reverse("entry", args=[cycle.closed_period.pk])
    rows = entry_rows(cycle.closed_period, {world.unit_a.pk})
    client = client_for(world.officer_a)
    assert "disabled" in client.get(url).content.decode()
    data = row_post(rows, **{f"value-{world.indicator_a.pk}": "5"})
    assert client.post(url, data).status_code == 400
    assert not ProgressEntry.objects.exists()


def test_admin_late_entry_in_a_closed_period_needs_a_reason(cycle, client_for):
    world = cycle.world
    url = reverse("entry", args=[cycle.closed_period.pk]) + f"?unit={world.unit_a.pk}"
    rows = entry_rows(cycle.closed_period, {world.unit_a.pk, world.unit_a1.pk})
    client = client_for(world.admin)
    data = row_post(rows, **{f"value-{world.indicator_a.pk}": "5"})
    assert client.post(url, data).status_code == 400
    assert not ProgressEntry.objects.exists()
    data["late_reason"] = "Received on paper"
    assert client.post(url, data).status_code == 302
    assert ProgressEntry.objects.get().events.get().comment == "Received on paper"


# --- Evidence -------------------------------------------------------------------------------


def upload(name, content):
    return SimpleUploadedFile(name, content)


def post_with_file(cycle, client, world, file):
    rows = rows_for(cycle, world.unit_a)
    pk = world.indicator_a.pk
    data = row_post(rows, **{f"value-{pk}": "5", f"evidence-{pk}": file})
    return client.post(entry_url(cycle), data)


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
    services_rows = rows_for(cycle, world.unit_a)
    pk = world.indicator_a.pk
    data = row_post(services_rows, **{f"evidence-{pk}": upload("data.docx", buffer.getvalue())})
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
    versions = {f"version-{e.pk}": e.version for e in (first, second)}
    assert client.post(url, {"approve": first.pk, **versions}).status_code == 302
    response = client.post(
        url, {"return": second.pk, f"comment-{second.pk}": "Check the total", **versions}
    )
    assert response.status_code == 302
    statuses = dict(ProgressEntry.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "approved", second.pk: "returned"}


def test_return_without_a_comment_is_refused_with_a_message(cycle, client_for):
    entry = submitted(cycle)
    client = client_for(cycle.world.head_a)
    client.cookies["marsad_language"] = "en"
    response = client.post(
        reverse("review", args=[cycle.open_period.pk]),
        {"return": entry.pk, f"version-{entry.pk}": entry.version},
    )
    assert response.status_code == 400
    assert "Say why the entry is returned" in response.content.decode()
    assert ProgressEntry.objects.get().status == "submitted"


def test_bulk_approve(cycle, client_for):
    world = cycle.world
    entries = [submitted(cycle), submitted(cycle, world.indicator_a1)]
    data = {"action": "approve_selected", "select": [e.pk for e in entries]}
    data.update({f"version-{e.pk}": e.version for e in entries})
    client_for(world.head_a).post(reverse("review", args=[cycle.open_period.pk]), data)
    assert set(ProgressEntry.objects.values_list("status", flat=True)) == {"approved"}


def test_a_head_cannot_review_another_units_entry_by_posting_its_id(cycle, client_for):
    entry = submitted(cycle, cycle.world.indicator_b)
    client_for(cycle.world.head_a).post(
        reverse("review", args=[cycle.open_period.pk]),
        {"approve": entry.pk, f"version-{entry.pk}": entry.version},
    )
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


def test_fingerprint_ignores_nothing_that_was_typed():
    assert fingerprint("1", "", "", "") != fingerprint("1", "", "", " x")


# --- Activity progress and the trail ----------------------------------------------------------


def test_officer_reports_activity_progress_on_the_entry_page(cycle, client_for):
    from plans.models import ActivityProgress

    world = cycle.world
    action_plan = builders.action_plan(world.plan, world.unit_a, 2021, activities=1)
    activity = action_plan.activities.get()
    rows = rows_for(cycle, world.unit_a)
    client = client_for(world.officer_a)
    client.cookies["marsad_language"] = "en"
    bad = row_post(
        rows, **{f"act-percent-{activity.pk}": "120", f"act-status-{activity.pk}": "in_progress"}
    )
    response = client.post(entry_url(cycle), bad)
    assert response.status_code == 400
    assert "between 0 and 100" in response.content.decode()
    good = row_post(
        rows,
        **{
            f"act-percent-{activity.pk}": "٤٥",
            f"act-status-{activity.pk}": "in_progress",
            f"act-comment-{activity.pk}": "on site",
        },
    )
    assert client.post(entry_url(cycle), good).status_code == 302
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
