"""Data quality: the pure checks (with properties), the confirming note on saving, and the
flags on the entry page, the review page, the API and the dashboard."""

import json
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from indicators import services
from indicators.models import ProgressEntry
from indicators.quality import Flag, decode, encode, quality_flags
from tests import builders
from tests.page_forms import PageForm

# --- The pure checks ------------------------------------------------------------------------


def test_a_tenfold_value_is_a_jump_up():
    assert quality_flags(D(1000), previous=D(100)) == (Flag.JUMP_UP,)


def test_a_tenth_of_the_previous_value_is_a_drop():
    assert quality_flags(D(10), previous=D(100)) == (Flag.JUMP_DOWN,)


def test_exactly_three_times_or_a_third_is_not_flagged():
    assert quality_flags(D(300), previous=D(100)) == ()
    assert quality_flags(D(100), previous=D(300)) == ()


def test_a_zero_previous_value_cannot_be_jumped_against():
    assert quality_flags(D(5000), previous=D(0)) == ()


def test_the_plausible_range_and_the_jump_both_flag():
    assert quality_flags(D(2750), previous=D(275), plausible_min=D(0), plausible_max=D(1000)) == (
        Flag.ABOVE_RANGE,
        Flag.JUMP_UP,
    )
    assert quality_flags(D(-1), plausible_min=D(0)) == (Flag.BELOW_RANGE,)


def test_a_factor_of_one_or_less_is_refused():
    with pytest.raises(ValueError):
        quality_flags(D(1), previous=D(1), jump_factor=D(1))


def test_flags_are_stored_and_read_back():
    assert decode(encode((Flag.ABOVE_RANGE, Flag.JUMP_UP))) == (Flag.ABOVE_RANGE, Flag.JUMP_UP)
    assert decode("") == ()


amounts = st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False)
factors = st.decimals(min_value=D("1.01"), max_value=100, places=2, allow_nan=False)


@given(value=amounts, previous=amounts, factor=factors)
def test_a_jump_is_flagged_exactly_outside_the_factor_band(value, previous, factor):
    flags = quality_flags(value, previous=previous, jump_factor=factor)
    if previous == 0:
        assert flags == ()
    else:
        assert (Flag.JUMP_UP in flags) == (value / previous > factor)
        assert (Flag.JUMP_DOWN in flags) == (previous / value > factor if value else True)


@given(value=amounts, factor=factors)
def test_the_previous_value_itself_is_never_a_jump(value, factor):
    assert quality_flags(value, previous=value, jump_factor=factor) == ()


@given(value=amounts, previous=amounts, scale=st.integers(min_value=1, max_value=1000))
def test_the_jump_check_does_not_depend_on_the_scale(value, previous, scale):
    # Counting in thousands instead of units flags the same values.
    assert quality_flags(value, previous=previous) == quality_flags(
        value * scale, previous=previous * scale
    )


@given(value=amounts, low=amounts, high=amounts)
def test_a_value_inside_the_range_is_not_range_flagged(value, low, high):
    low, high = min(low, high), max(low, high)
    flags = quality_flags(value, plausible_min=low, plausible_max=high)
    assert (flags == ()) == (low <= value <= high)


@given(value=amounts, previous=amounts, factor=factors)
def test_a_larger_factor_never_flags_more(value, previous, factor):
    assert set(quality_flags(value, previous=previous, jump_factor=factor * 2)) <= set(
        quality_flags(value, previous=previous, jump_factor=factor)
    )


# --- The database holds the settings' rules ------------------------------------------------


@pytest.mark.django_db
def test_the_plausible_range_must_be_in_order(world):
    indicator = world.indicator_a
    indicator.plausible_min, indicator.plausible_max = D(10), D(5)
    with pytest.raises(IntegrityError), transaction.atomic():
        indicator.save()


@pytest.mark.django_db
def test_the_jump_factor_must_be_above_one(world):
    world.plan.jump_factor = D(1)
    with pytest.raises(IntegrityError), transaction.atomic():
        world.plan.save()


# --- Saving a flagged value ----------------------------------------------------------------


def _previous(cycle, value="100", indicator=None):
    return builders.entry(indicator or cycle.world.indicator_a, cycle.closed_period, value)


def _save(cycle, value, note="", indicator=None, by=None):
    return services.progress_save(
        indicator=indicator or cycle.world.indicator_a,
        period=cycle.open_period,
        by=by or cycle.world.officer_a,
        value=D(value),
        quality_note=note,
    )


@pytest.mark.django_db
def test_a_tenfold_value_without_a_note_is_refused(cycle):
    _previous(cycle)
    with pytest.raises(ValidationError) as refused, override("en"):
        _save(cycle, "1000")
    messages = refused.value.message_dict
    assert messages["value"] == [
        "The value is more than 3 times the previous one (100 in 2021 Q1). "
        "If it is right, confirm it with a note saying why."
    ]
    assert messages["quality_note"] == ["Say why this value is right."]
    assert not ProgressEntry.objects.filter(period=cycle.open_period).exists()


@pytest.mark.django_db
def test_a_tenfold_value_with_a_note_is_saved_and_flagged(cycle):
    _previous(cycle)
    entry = _save(cycle, "1000", note="  New border posts opened  ")
    entry.refresh_from_db()
    assert (entry.value, entry.quality_flags, entry.quality_note) == (
        D(1000),
        "jump_up",
        "New border posts opened",
    )
    assert entry.flags == (Flag.JUMP_UP,)


@pytest.mark.django_db
def test_correcting_a_flagged_value_clears_its_flag_and_note(cycle):
    _previous(cycle)
    entry = _save(cycle, "1000", note="checked")
    entry = services.progress_save(
        indicator=cycle.world.indicator_a,
        period=cycle.open_period,
        by=cycle.world.officer_a,
        value=D(110),
        expected_version=entry.version,
    )
    entry.refresh_from_db()
    assert (entry.value, entry.quality_flags, entry.quality_note, entry.version) == (
        D(110),
        "",
        "",
        2,
    )


@pytest.mark.django_db
def test_the_jump_is_against_the_last_reported_value_not_a_draft(cycle):
    # A draft of Q1 was never reported: nothing to jump against.
    builders.entry(cycle.world.indicator_a, cycle.closed_period, "1", status="draft")
    assert _save(cycle, "1000").quality_flags == ""


@pytest.mark.django_db
def test_the_plans_jump_factor_applies(cycle):
    plan = cycle.world.plan
    plan.jump_factor = D(20)
    plan.save()
    cycle.open_period.plan.refresh_from_db()
    _previous(cycle)
    assert _save(cycle, "1000").quality_flags == ""


@pytest.mark.django_db
def test_a_value_outside_the_plausible_range_needs_a_note(cycle):
    indicator = cycle.world.indicator_a
    indicator.plausible_min, indicator.plausible_max = D(0), D(500)
    indicator.save()
    with pytest.raises(ValidationError) as refused, override("en"):
        _save(cycle, "600")
    assert refused.value.message_dict["value"] == [
        "The value is above the highest plausible value (500). "
        "If it is right, confirm it with a note saying why."
    ]
    assert _save(cycle, "600", note="a record year").quality_flags == "above_range"


# --- The entry page ------------------------------------------------------------------------


def _entry_url(cycle):
    return reverse("entry", args=[cycle.open_period.pk])


def _post(cycle, client, **values):
    """The entry page as opened, with indicator A's row changed."""
    form = PageForm.of(client, _entry_url(cycle), "entry-TOTAL_FORMS")
    return form.set("entry", cycle.world.indicator_a.pk, **values).data(action="save")


@pytest.mark.django_db
def test_entry_page_refuses_a_tenfold_value_without_a_note_with_a_row_error(cycle, client_for):
    _previous(cycle)
    pk = cycle.world.indicator_a.pk
    client = client_for(cycle.world.officer_a)
    client.cookies["marsad_language"] = "en"
    response = client.post(_entry_url(cycle), _post(cycle, client, value="1000"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "more than 3 times the previous one (100 in 2021 Q1)" in html
    form = PageForm(html, "entry-TOTAL_FORMS")
    assert form.shown("entry", pk, "quality_note") == ""  # the note to confirm it is offered
    assert form.shown("entry", pk, "value") == "1000"  # what was typed is kept
    assert not ProgressEntry.objects.filter(period=cycle.open_period).exists()


@pytest.mark.django_db
def test_entry_page_saves_a_confirmed_value_and_shows_its_flag(cycle, client_for):
    _previous(cycle)
    client = client_for(cycle.world.officer_a)
    client.cookies["marsad_language"] = "en"
    data = _post(cycle, client, value="1000", quality_note="new posts")
    assert client.post(_entry_url(cycle), data).status_code == 302
    entry = ProgressEntry.objects.get(period=cycle.open_period)
    assert (entry.value, entry.quality_flags, entry.quality_note) == (
        D(1000),
        "jump_up",
        "new posts",
    )
    html = client.get(_entry_url(cycle)).content.decode()
    assert "jump up" in html and "new posts" in html


@pytest.mark.django_db
def test_entry_page_saves_a_change_of_the_note_alone(cycle, client_for):
    _previous(cycle)
    entry = _save(cycle, "1000", note="first")
    pk = cycle.world.indicator_a.pk
    client = client_for(cycle.world.officer_a)
    form = PageForm.of(client, _entry_url(cycle), "entry-TOTAL_FORMS")
    assert form.shown("entry", pk, "quality_note") == "first"
    data = form.set("entry", pk, quality_note="second").data(action="save")
    assert client.post(_entry_url(cycle), data).status_code == 302
    entry.refresh_from_db()
    assert (entry.quality_note, entry.version) == ("second", 2)


# --- The review page -----------------------------------------------------------------------


@pytest.mark.django_db
def test_review_page_shows_the_last_four_values_the_target_and_the_flag(cycle, client_for):
    world = cycle.world
    builders.target(world.indicator_a, 2021, 100, quarter=2)
    for year, quarter, value in ((2020, 2, 70), (2020, 3, 80), (2020, 4, 90)):
        builders.entry(world.indicator_a, builders.period(world.plan, year, quarter), value)
    _previous(cycle)
    entry = _save(cycle, "1000", note="new posts")
    services.progress_submit(entry=entry, by=world.officer_a, expected_version=entry.version)
    client = client_for(world.head_a)
    client.cookies["marsad_language"] = "en"
    html = client.get(reverse("review", args=[cycle.open_period.pk])).content.decode()
    row = html[html.index(f'id="entry-{entry.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "70.0</span> · " in row and "80.0" in row and "90.0" in row and "100.0" in row
    assert 'data-label="Quarter target">100</td>' in row  # the quarter's target
    assert "jump up" in row and "Officer's note: new posts" in row


@pytest.mark.django_db
def test_review_page_shows_no_flag_for_a_plausible_value(cycle, client_for):
    _previous(cycle)
    entry = _save(cycle, "120")
    services.progress_submit(entry=entry, by=cycle.world.officer_a, expected_version=1)
    client = client_for(cycle.world.head_a)
    client.cookies["marsad_language"] = "en"
    html = client.get(reverse("review", args=[cycle.open_period.pk])).content.decode()
    assert "jump up" not in html and "Officer's note" not in html


# --- The API -------------------------------------------------------------------------------


def _api(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def _create(cycle, client, **fields):
    data = {"indicator": cycle.world.indicator_a.pk, "period": cycle.open_period.pk, **fields}
    return client.post("/api/v1/progress/", json.dumps(data), content_type="application/json")


@pytest.mark.django_db
def test_api_refuses_a_tenfold_value_without_a_note_with_400(cycle):
    _previous(cycle)
    response = _create(cycle, _api(cycle.world.officer_a), value="1000")
    assert response.status_code == 400
    body = response.json()
    assert "more than 3 times the previous one" in json.dumps(body)
    assert "quality_note" in json.dumps(body)
    assert not ProgressEntry.objects.filter(period=cycle.open_period).exists()


@pytest.mark.django_db
def test_api_saves_a_confirmed_value_and_shows_its_flags(cycle):
    _previous(cycle)
    officer = _api(cycle.world.officer_a)
    response = _create(cycle, officer, value="1000", quality_note="new posts")
    assert response.status_code == 201
    body = response.json()
    assert (body["quality_flags"], body["quality_note"]) == (["jump_up"], "new posts")
    assert body["unit"] == cycle.world.unit_a.pk
    listed = _api(cycle.world.viewer).get(f"/api/v1/progress/?period={cycle.open_period.pk}")
    assert [r["quality_flags"] for r in listed.json()["results"]] == [["jump_up"]]
    # A PATCH that keeps the value keeps the note; one that makes it plausible drops both.
    kept = officer.patch(
        f"/api/v1/progress/{body['id']}/", {"version": 1, "comment": "c"}, format="json"
    )
    assert kept.json()["quality_flags"] == ["jump_up"]
    fixed = officer.patch(
        f"/api/v1/progress/{body['id']}/", {"version": 2, "value": "110"}, format="json"
    )
    assert (fixed.json()["quality_flags"], fixed.json()["quality_note"]) == ([], "")


@pytest.mark.django_db
def test_api_flags_a_value_outside_the_plausible_range(cycle):
    indicator = cycle.world.indicator_a
    indicator.plausible_max = D(50)
    indicator.save()
    officer = _api(cycle.world.officer_a)
    assert _create(cycle, officer, value="60").status_code == 400
    response = _create(cycle, officer, value="60", quality_note="a record quarter")
    assert response.json()["quality_flags"] == ["above_range"]
    shown = _api(cycle.world.viewer).get(f"/api/v1/indicators/{indicator.pk}/").json()
    assert (shown["plausible_min"], shown["plausible_max"]) == (None, "50.0000")


# --- The dashboard's data-quality panel ------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_lists_flagged_values_awaiting_review_and_approved(cycle, client_for):
    from reports.selectors import build_dashboard

    world = cycle.world
    _previous(cycle)
    _previous(cycle, indicator=world.indicator_b)
    flagged = _save(cycle, "1000", note="new posts")
    services.progress_submit(entry=flagged, by=world.officer_a, expected_version=1)
    _save(cycle, "110", indicator=world.indicator_b, by=world.officer_b)  # plausible
    board = build_dashboard(
        world.plan, year=2021, quarter=1, unit=None, goal_id=None,
        include_submitted=False, today=cycle.open_period.opens_on,
    )  # fmt: skip
    assert [(f.code, f.period, f.value, f.flags, f.status) for f in board.flagged] == [
        ("G1.1.1", "2021 Q2", D(1000), ("jump_up",), "submitted")
    ]
    unit_b_board = build_dashboard(
        world.plan, year=2021, quarter=1, unit=world.unit_b, goal_id=None,
        include_submitted=False, today=cycle.open_period.opens_on,
    )  # fmt: skip
    assert unit_b_board.flagged == []
    client = client_for(world.admin)
    client.cookies["marsad_language"] = "en"
    html = client.get(f"/?plan={world.plan.pk}&year=2021&quarter=1").content.decode()
    panel = html[html.index("Data quality") :]
    panel = panel[: panel.index("</section>")]
    assert f'href="/indicators/{world.indicator_a.pk}/"' in panel
    assert "jump up" in panel and "Submitted" in panel and "G1.1.3" not in panel


# --- Fixed queries ---------------------------------------------------------------------------


def _flagged_rows(cycle, count):
    from indicators.models import Indicator

    world = cycle.world
    made = []
    for i in range(count):
        indicator = builders.indicator(world.objective, world.unit_a, f"Q{count}.{i}")
        builders.entry(indicator, cycle.closed_period, "1")
        made.append(
            builders.entry(
                indicator, cycle.open_period, "100", status="submitted", quality_flags="jump_up"
            )
        )
    return list(Indicator.objects.filter(entries__in=made).values_list("pk", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_quality_reads_take_fixed_queries(cycle, count, django_assert_num_queries):
    from indicators.selectors.quality import flagged_values, recent_values

    ids = _flagged_rows(cycle, count)
    with django_assert_num_queries(1):
        found = flagged_values(cycle.world.plan.pk, [cycle.open_period.pk], ids)
    assert [f.flags for f in found] == [("jump_up",)] * count
    with django_assert_num_queries(2):
        history = recent_values(cycle.open_period, ids)
    assert [[e.value for _p, e in history[pk]] for pk in ids] == [[D(1)]] * count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_review_page_takes_fixed_queries(cycle, client_for, count, django_assert_num_queries):
    _flagged_rows(cycle, count)
    client = client_for(cycle.world.head_a)
    url = reverse("review", args=[cycle.open_period.pk])
    client.get(url)  # the session and the membership, read once
    # 14 for the page, 1 for the submitted narratives (narratives_for_review), 1 for the bell.
    with django_assert_num_queries(16):  # +1: the bell's unread count in the header
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_changed_flagged_value_needs_a_new_note(cycle):
    _previous(cycle)
    entry = _save(cycle, "1000", note="new posts")
    with pytest.raises(ValidationError):
        services.progress_save(
            indicator=cycle.world.indicator_a,
            period=cycle.open_period,
            by=cycle.world.officer_a,
            value=D(2000),
            quality_note="new posts",  # the old note, sent back unchanged
            expected_version=entry.version,
        )
    entry = services.progress_save(
        indicator=cycle.world.indicator_a,
        period=cycle.open_period,
        by=cycle.world.officer_a,
        value=D(2000),
        quality_note="two new posts more",
        expected_version=entry.version,
    )
    assert (entry.value, entry.quality_note) == (D(2000), "two new posts more")


@pytest.mark.django_db
def test_the_explanation_is_in_arabic_too(cycle):
    _previous(cycle)
    with pytest.raises(ValidationError) as refused, override("ar"):
        _save(cycle, "1000")
    assert refused.value.message_dict["value"] == [
        "القيمة أكبر من 3 أضعاف القيمة السابقة (100 في الربع الأول 2021). "
        "إن كانت صحيحة فأكّدها بملاحظة تبيّن السبب."
    ]
