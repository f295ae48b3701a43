"""Numbers as people type them, in Western and Arabic-Indic digits."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from plans.inputs import parse_decimal, parse_optional

ARABIC = str.maketrans("0123456789.", "٠١٢٣٤٥٦٧٨٩٫")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1250", D("1250")),
        ("1,250.5", D("1250.5")),
        ("١٢٥٠", D("1250")),
        ("١٢٥٠٫٥", D("1250.5")),
        ("١٬٢٥٠٫٥", D("1250.5")),
        ("۱۲۳", D("123")),  # Eastern Arabic-Indic (Persian) digits
        (" 42 ", D("42")),
        ("12.5%", D("12.5")),
        ("٨٥٪", D("85")),
        ("-3", D("-3")),
        ("\u200f١٢\u200f", D("12")),  # right-to-left marks pasted with the number
        ("12.50000", D("12.5000")),
    ],
)
def test_accepted_numbers(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "required"),
        ("   ", "required"),
        ("abc", "invalid"),
        ("12a", "invalid"),
        ("1.2.3", "invalid"),
        ("1,25", "invalid"),
        ("<script>", "invalid"),
        ("1e5", "invalid"),
        ("NaN", "invalid"),
        ("99999999999999999999", "too_large"),
        ("0.123456", "precision"),
    ],
)
def test_refused_numbers(text, code):
    with pytest.raises(ValidationError) as caught:
        parse_decimal(text)
    assert caught.value.code == code


def test_empty_is_none_when_optional():
    assert parse_optional("  ") is None
    assert parse_optional("٣") == D(3)


# Up to 11 digits before the point: 15 significant digits in all, what every database stores.
@given(
    st.decimals(min_value=0, max_value=10**11 - 1, places=4, allow_nan=False, allow_infinity=False)
)
def test_arabic_indic_and_western_digits_read_the_same(value):
    text = f"{value:f}"
    assert parse_decimal(text) == value
    assert parse_decimal(text.translate(ARABIC)) == value


@given(st.text(max_size=30))
def test_any_text_is_a_number_or_a_clear_error(text):
    try:
        result = parse_decimal(text)
    except ValidationError as error:
        assert error.code in {"required", "invalid", "too_large", "precision"}
    else:
        assert abs(result) < D("1e14")
