"""Values are stored exactly on SQLite and PostgreSQL, or refused before they are stored:
at most 14 digits before the point, 4 after it and 15 in all (SQLite keeps decimals as
floats). And a space is a thousands separator only between groups of three digits."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from indicators import services
from indicators.models import ProgressEntry
from plans.inputs import decimal_problem, parse_decimal
from tests import builders
from tests.page_forms import PageForm

TOO_PRECISE = [
    "12345678901234.5678",
    "99999999999999.9999",
    "1234567890123.456",
    "111111111111.1111",
]


@pytest.mark.parametrize("text", TOO_PRECISE)
def test_more_than_fifteen_significant_digits_is_refused(text):
    with pytest.raises(ValidationError) as caught:
        parse_decimal(text)
    assert caught.value.code == "too_precise"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("99999999999999.9", D("99999999999999.9")),
        ("12345678901.2345", D("12345678901.2345")),
        ("10000000000000", D("10000000000000")),
        ("0.0001", D("0.0001")),
        ("1 250", D("1250")),
        ("12 345 678.5", D("12345678.5")),
        ("١ ٢٥٠", D("1250")),
        ("1\u00a0250", D("1250")),
    ],
)
def test_numbers_within_the_bounds_are_read(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["1 2", "12 34", "1 2345", "1  250", "1 250 5"])
def test_spaces_that_are_not_thousands_separators_are_refused(text):
    with pytest.raises(ValidationError) as caught:
        parse_decimal(text)
    assert caught.value.code == "invalid"


@pytest.mark.django_db
def test_the_service_refuses_what_it_could_not_store(cycle):
    with pytest.raises(ValidationError) as caught:
        services.progress_save(
            indicator=cycle.world.indicator_a,
            period=cycle.open_period,
            by=cycle.world.officer_a,
            value=D("12345678901234.5678"),
        )
    assert list(caught.value.message_dict) == ["value"]
    assert not ProgressEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["12345678901234.5678", "99999999999999.9999"])
def test_the_api_refuses_it_with_a_400(cycle, client, text):
    token = Token.objects.create(user=cycle.world.officer_a)
    # The API reads JSON; a decimal is sent as a string of digits, so nothing is lost on the way.
    body = {"indicator": cycle.world.indicator_a.pk, "period": cycle.open_period.pk, "value": text}
    response = client.post(
        reverse("progress-list"),
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["value"]
    assert not ProgressEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["12345678901234.5678", "99999999999999.9999"])
def test_the_entry_page_refuses_it_and_keeps_working(cycle, client_for, text):
    indicator = cycle.world.indicator_a
    client = client_for(cycle.world.officer_a)
    url = reverse("entry", args=[cycle.open_period.pk]) + f"?unit={indicator.unit_id}"
    form = PageForm.of(client, url, "entry-TOTAL_FORMS").set("entry", indicator.pk, value=text)
    response = client.post(url, form.data(action="save"))
    assert response.status_code == 400
    assert "15" in response.content.decode()
    assert not ProgressEntry.objects.exists()
    assert client.get(url).status_code == 200
    assert (
        client_for(cycle.world.viewer)
        .get(reverse("indicator_detail", args=[indicator.pk]))
        .status_code
        == 200
    )


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["99999999999999.9", "12345678901.2345", "0.0001", "1250.5"])
def test_the_largest_values_are_stored_exactly_and_pages_show_them(cycle, client_for, text):
    indicator = cycle.world.indicator_a
    entry = services.progress_save(
        indicator=indicator, period=cycle.open_period, by=cycle.world.officer_a, value=D(text)
    )
    entry.refresh_from_db()
    assert entry.value == D(text)
    client = client_for(cycle.world.officer_a)
    url = reverse("entry", args=[cycle.open_period.pk]) + f"?unit={indicator.unit_id}"
    assert client.get(url).status_code == 200
    assert client.get(reverse("indicator_detail", args=[indicator.pk])).status_code == 200


storable = st.decimals(
    min_value=D("-99999999999999.9999"),
    max_value=D("99999999999999.9999"),
    places=4,
    allow_nan=False,
    allow_infinity=False,
)


@pytest.mark.django_db
def test_every_value_the_bounds_accept_comes_back_exactly(cycle):
    entry = builders.entry(cycle.world.indicator_a, cycle.open_period, 1)
    checked = []

    @given(value=storable)
    @settings(
        max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def round_trip(value):
        if decimal_problem(value) is not None:
            return
        ProgressEntry.objects.filter(pk=entry.pk).update(value=value)
        assert ProgressEntry.objects.get(pk=entry.pk).value == value
        checked.append(value)

    round_trip()
    assert len(checked) > 50
