"""Reading what people type: numbers in Western or Arabic-Indic digits, and the entry page."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from plans.inputs import MAX_PLACES, decimal_problem

# Arabic-Indic (٠–٩) and Eastern Arabic-Indic (۰–۹) digits, the Arabic decimal separator (٫)
# and thousands separator (٬), the Arabic percent sign.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬٪−", "01234567890123456789.,%-")
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u2066\u2067\u2069"))
_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# A space (or a no-break or thin space) only between groups of three digits: "1 250".
_SPACED = re.compile(r"^[-+]?\d{1,3}(?: \d{3})+(?:\.\d+)?$")
_SPACES = str.maketrans("\u00a0\u202f\u2009", "   ")


def parse_decimal(text) -> Decimal:
    """A number as a person types it: '1250', '1,250.5', '١٢٥٠٫٥', '12.5%'.

    Raises ValidationError with a translated message for anything else.
    """
    raw = str(text or "").translate(_BIDI_MARKS).strip()
    if not raw:
        raise ValidationError(_("Enter a value."), code="required")
    normal = raw.translate(_DIGITS).translate(_SPACES).removesuffix("%").strip()
    if " " in normal:
        if not _SPACED.match(normal):
            raise ValidationError(_("Enter a number, such as 1250 or 12.5."), code="invalid")
        normal = normal.replace(" ", "")
    if not _NUMBER.match(normal):
        raise ValidationError(_("Enter a number, such as 1250 or 12.5."), code="invalid")
    try:
        value = Decimal(normal.replace(",", ""))
    except InvalidOperation as error:
        raise ValidationError(_("Enter a number, such as 1250 or 12.5."), code="invalid") from error
    problem = decimal_problem(value)
    if problem is not None:
        code, message = problem
        raise ValidationError(message, code=code)
    if -value.as_tuple().exponent > MAX_PLACES:
        value = value.quantize(Decimal(1).scaleb(-MAX_PLACES))  # trailing zeros, as in 12.50000
    return value


def parse_optional(text) -> Decimal | None:
    """Like ``parse_decimal``, but an empty field is None."""
    if not str(text or "").strip():
        return None
    return parse_decimal(text)
