"""Matching text as people type it, Arabic first: one folding table, applied in Python to what
is typed and, as the same chain of ``REPLACE`` calls, by the database to what is stored.

Arabic is written in several ways that a reader takes for the same word: the alef with or
without its hamza or madda (أ إ آ ٱ → ا), the ta marbuta with or without its dots (ة → ه),
the alef maqsura and the ya (ى → ي), with or without diacritics (tashkeel) and the tatweel
that stretches a word. Digits are typed Arabic-Indic or Western (٣ → 3). ``fold`` maps each
form to one; ``folded`` is the same mapping as a database expression, so that
``folded("title_ar")`` contains ``fold(query)`` whatever way either was written.

Why in the database and not a stored column: every way a title is written (the services, the
admin, the plan workbook, roll-over's bulk inserts, the demo) would have to keep a stored copy
up to date, and a copy that one path forgets is a search that silently misses. ``REPLACE``
and ``LOWER`` are the same on SQLite and PostgreSQL; on a 3,000-indicator plan the scan stays
well under a tenth of a second (``benchmarks/search.py``), and every search is one query per
kind of result, each with a ``LIMIT``.
"""

from django.db.models import F, Value
from django.db.models.functions import Lower, Replace

# What each written form becomes. Keep it short: each pair is one REPLACE per column.
FOLDS: tuple[tuple[str, str], ...] = (
    ("أ", "ا"),
    ("إ", "ا"),
    ("آ", "ا"),
    ("ٱ", "ا"),
    ("ة", "ه"),
    ("ى", "ي"),
    # tashkeel: fathatan, dammatan, kasratan, fatha, damma, kasra, shadda, sukun, and the
    # superscript (dagger) alef; then the tatweel.
    *((chr(code), "") for code in range(0x064B, 0x0653)),
    ("\u0670", ""),
    ("\u0640", ""),
    # Arabic-Indic digits, as the entry forms read them (plans/inputs.py).
    *((chr(0x0660 + digit), str(digit)) for digit in range(10)),
)

_TABLE = str.maketrans(dict(FOLDS))

# Longer than this is not a search but a paste (or an attack): refused with a 400.
MAX_QUERY = 100
# Shorter than this (after folding) matches half the plan: asked to type more.
MIN_QUERY = 2


def fold(text: str) -> str:
    """``text`` as searches compare it: folded, lower case, spaces collapsed."""
    return " ".join(str(text or "").translate(_TABLE).lower().split())


def folded(field: str):
    """The database expression of ``fold`` over the column ``field`` (lower case and the same
    folds; spaces are left as stored)."""
    expression = F(field)
    for source, target in FOLDS:
        expression = Replace(expression, Value(source), Value(target))
    return Lower(expression)


def terms(query: str) -> list[str]:
    """The folded words of ``query``; a row matches when it holds every one of them."""
    return fold(query).split()
