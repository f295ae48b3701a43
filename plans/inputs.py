"""Reading ids and whole numbers out of query strings and forms, strictly.

``str.isdigit`` accepts characters that ``int`` refuses (the superscript ``²``) and ``int``
accepts more than ids are made of (``"٣"``, ``" 3 "``, ``"3_0"``), so neither decides what
an id is. Here an id is 1 to 18 ASCII digits: anything else is bad input, raised as
``BadInput`` (Django's ``BadRequest``), which every page and the API answer with a 400 and
its translated message.
"""

import re

from django.core.exceptions import BadRequest
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
