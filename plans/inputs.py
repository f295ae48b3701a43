"""Reading ids, whole numbers and decimals out of query strings, forms and workbooks, strictly.

``str.isdigit`` accepts characters that ``int`` refuses (the superscript ``²``) and ``int``
accepts more than ids are made of (``"٣"``, ``" 3 "``, ``"3_0"``), so neither decides what
an id is. Here an id is 1 to 18 ASCII digits: anything else is bad input, raised as
``BadInput`` (Django's ``BadRequest``), which every page and the API answer with a 400 and
its translated message.
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import BadRequest, ValidationError
from django.utils.translation import gettext as _

# Eighteen digits always fit a 64-bit database integer.
_ID = re.compile(r"[0-9]{1,18}")


class BadInput(BadRequest):
    """Input that no form could hold: answered with a 400 and this message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_id(raw, *, name: str = "id") -> int:
    """An id, a version or another whole number that is never negative."""
    text = raw if isinstance(raw, str) else ""
    if not _ID.fullmatch(text):
        raise BadInput(
            _("“%(name)s” must be a whole number written with the digits 0–9.") % {"name": name}
        )
    return int(text)


def optional_id(raw, *, name: str = "id") -> int | None:
    """Like ``parse_id``, but an absent or empty value is None."""
    if raw is None or raw == "":
        return None
    return parse_id(raw, name=name)


# What every database Marsad runs on stores exactly: PostgreSQL's numeric(18, 4) holds more,
# but the embedded SQLite keeps decimals as 64-bit floats, exact to 15 significant digits.
MAX_INTEGER_DIGITS = 14
MAX_PLACES = 4
MAX_SIGNIFICANT = 15


def decimal_problem(value: Decimal) -> tuple[str, str] | None:
    """Why ``value`` cannot be stored exactly, as (code, translated message), or None."""
    if not value.is_finite():
        return "invalid", _("Enter a number, such as 1250 or 12.5.")
    if abs(value) >= Decimal(10) ** MAX_INTEGER_DIGITS:
        return "too_large", _("This number is too large.")
    exponent = value.as_tuple().exponent
    if -exponent > MAX_PLACES and value != value.quantize(Decimal(1).scaleb(-MAX_PLACES)):
        return "precision", _("Use at most four decimal places.")
    digits = value.quantize(Decimal(1).scaleb(-MAX_PLACES)).normalize().as_tuple().digits
    if value and len(digits) > MAX_SIGNIFICANT:
        return "too_precise", _(
            "A number can have at most 15 significant digits (for example 12345678901.2345)."
        )
    return None


def check_decimals(**values: Decimal | None) -> None:
    """Refuse, per field, the values that could not be stored exactly (ValidationError)."""
    errors = {}
    for name, value in values.items():
        if value is not None and (problem := decimal_problem(value)) is not None:
            errors[name] = ValidationError(problem[1], code=problem[0])
    if errors:
        raise ValidationError(errors)


# --- Numbers as people type them (pages, the API, uploaded workbooks) ----------------------

# Arabic-Indic (٠–٩) and Eastern Arabic-Indic (۰–۹) digits, the Arabic decimal separator (٫)
# and thousands separator (٬), the Arabic percent sign.
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬٪−", "01234567890123456789.,%-")
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
    normal = raw.translate(ARABIC_DIGITS).translate(_SPACES).removesuffix("%").strip()
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
