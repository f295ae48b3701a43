"""Matching text as people type it, Arabic first: one folding table, applied in Python to what
is typed and, as the same chain of ``REPLACE`` calls, by the database to what is stored.

Arabic is written in several ways that a reader takes for the same word: the alef with or
without its hamza or madda (أ إ آ ٱ → ا), the ta marbuta with or without its dots (ة → ه),
the alef maqsura and the ya (ى → ي), with or without diacritics (tashkeel) and the tatweel
that stretches a word. Digits are typed Arabic-Indic or Western (٣ → 3). ``fold`` maps each
form to one; ``folded`` is the same mapping as a database expression, so that
``folded("title_ar")`` contains ``fold(query)`` whatever way either was written.

Where: each searchable row keeps its code and titles folded in ``search_text``, a column the
database itself computes from this same table (a ``GeneratedField``, stored): every way a row
is written (the services, the admin, the plan workbook, roll-over's bulk inserts, the demo,
raw SQL) keeps it true, and the migration that added it filled it for the rows already there.
A search is then a ``LIKE`` on one column per kind, one query each with a ``LIMIT``; on a
3,000-indicator plan the whole page answered in 0.10–0.17 s at the median on SQLite and
0.06–0.10 s on PostgreSQL (``benchmarks/search.py``, on a shared two-core machine), where
folding every title at query time had taken 0.8–1.9 s on SQLite for the planning admin.
That folding at query time (``folded``) is kept for the accounts (Django's user table, not
ours to add a column to), which only the planning admin searches.
Changing ``FOLDS`` changes the columns' expression: ``makemigrations`` then writes the
migration that recomputes them.
"""

from django.db import models
from django.db.models import F, Func, Value
from django.db.models.functions import Lower, Replace
from django.utils.translation import gettext_lazy as _

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


def folded(*fields: str):
    """The database expression of ``fold`` over the columns ``fields``, joined by a space
    (lower case and the same folds; spaces are left as stored)."""
    # Joined with || (flat, not nested CONCATs: SQLite's parser allows so much nesting, and
    # the REPLACE chain takes most of it); the columns are NOT NULL.
    expression = Func(
        *[part for name in fields for part in (Value(" "), F(name))][1:],
        template="(%(expressions)s)",
        arg_joiner=" || ",
        output_field=models.TextField(),
    )
    for source, target in FOLDS:
        expression = Replace(
            expression, Value(source), Value(target), output_field=models.TextField()
        )
    return Lower(expression, output_field=models.TextField())


def search_column(*fields: str) -> models.GeneratedField:
    """The column a model keeps ``fields`` folded in, computed by the database."""
    return models.GeneratedField(
        expression=folded(*fields),
        output_field=models.TextField(),
        db_persist=True,
        verbose_name=_("search text"),
        editable=False,
    )


def terms(query: str) -> list[str]:
    """The folded words of ``query``; a row matches when it holds every one of them."""
    return fold(query).split()
