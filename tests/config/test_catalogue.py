"""The Arabic and Kurdish (Sorani) catalogues (locale/{ar,ckb}/LC_MESSAGES/django.po) are complete
and safe to render."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
CATALOGUE = LOCALE / "ar" / "LC_MESSAGES" / "django.po"
LANGUAGES = ("ar", "ckb")
# Arabic has six plural forms, Sorani two (one, other).
PLURAL_FORMS = {"ar": 6, "ckb": 2}
# Python's %-format and Django's {{ var }} / %(name)s placeholders, and brace formats.
# As `make catalogue` runs it (the Makefile's CATALOGUE_FLAGS).
MAKEMESSAGES_FLAGS = ("--add-location", "file", "--no-obsolete")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_0-9]*\}")


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(CATALOGUE))


@pytest.fixture(scope="module", params=LANGUAGES)
def any_catalogue(request):
    catalog = polib.pofile(str(LOCALE / request.param / "LC_MESSAGES" / "django.po"))
    catalog.language_code = request.param
    return catalog


def _live(catalogue):
    return [entry for entry in catalogue if not entry.obsolete]


def test_every_message_is_translated_and_none_is_a_fuzzy_guess(any_catalogue):
    catalogue = any_catalogue
    missing = [e.msgid for e in _live(catalogue) if not e.translated()]
    fuzzy = [e.msgid for e in _live(catalogue) if "fuzzy" in e.flags]
    assert (missing, fuzzy) == ([], [])


def test_plural_messages_have_every_form_of_the_language(any_catalogue):
    catalogue = any_catalogue
    wanted = PLURAL_FORMS[catalogue.language_code]
    assert catalogue.metadata["Language"] == catalogue.language_code
    assert catalogue.metadata["Plural-Forms"].startswith(f"nplurals={wanted};")
    short = [
        e.msgid
        for e in _live(catalogue)
        if e.msgid_plural and sorted(e.msgstr_plural) != list(range(wanted))
    ]
    assert short == []


def test_translations_keep_every_placeholder_of_the_english(any_catalogue):
    catalogue = any_catalogue
    broken = []
    for entry in _live(catalogue):
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for form in forms:
            found = sorted(PLACEHOLDER.findall(form))
            # A plural form may drop the count ("one"/"two" forms say it in words).
            if entry.msgid_plural:
                found_set, wanted_set = set(found), set(wanted)
                if not found_set <= wanted_set | set(PLACEHOLDER.findall(entry.msgid_plural)):
                    broken.append((entry.msgid, form))
            elif found != wanted:
                broken.append((entry.msgid, form))
    assert broken == []


def test_a_broken_placeholder_is_caught():
    entry = polib.POEntry(msgid="%(count)s indicators", msgstr="مؤشرات")
    assert sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(entry.msgstr))


def _keys(catalog):
    return {(entry.msgctxt, entry.msgid) for entry in catalog if not entry.obsolete}


def test_the_catalogue_holds_every_message_of_the_code_and_no_other(tmp_path):
    """django.po is the source translators edit, so it must follow the code: a message added
    to the code and not to the catalogue would show in English on an Arabic page, and one
    left behind in the catalogue is dead weight for the translator. `make catalogue` mends
    both (the same makemessages run as here, on a copy of the tree)."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext is not installed; .ci/run installs it")
        pytest.skip("GNU gettext is not installed (Debian: gettext)")
    root = LOCALE.parent
    copy = tmp_path / "tree"
    ignore = shutil.ignore_patterns(".*", "__pycache__", "artifacts", "media*", "*.mo")
    shutil.copytree(root, copy, ignore=ignore)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ar", "-l", "ckb", *MAKEMESSAGES_FLAGS],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_DEBUG": "true"},
    )
    for language in LANGUAGES:
        fresh = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        committed = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
        assert {
            "in the code, not in the catalogue": sorted(_keys(fresh) - _keys(committed), key=str),
            "in the catalogue, not in the code": sorted(_keys(committed) - _keys(fresh), key=str),
        } == {
            "in the code, not in the catalogue": [],
            "in the catalogue, not in the code": [],
        }, language


def _arabic(catalogue, msgid, context=None):
    return next(e.msgstr for e in _live(catalogue) if e.msgid == msgid and e.msgctxt == context)


def test_the_ministrys_words(catalogue):
    """Iraqi ministries write «الربع الثالث», not «الفصل 3»; a status says what it means,
    not its colour; two ideas never share one Arabic word (achievement of a target and an
    activity's percent complete, an indicator's direction and its trend)."""
    quarters_as_seasons = [
        e.msgid
        for e in _live(catalogue)
        for text in [e.msgstr, *e.msgstr_plural.values()]
        if re.search(r"فصل|فصول", text)
    ]
    assert quarters_as_seasons == []
    # A quarter is named by its ordinal («الربع الرابع»), never by a number («الربع 4»).
    quarters_by_number = [
        e.msgid
        for e in _live(catalogue)
        for text in [e.msgstr, *e.msgstr_plural.values()]
        if re.search(r"الربع\s*(%|\{|[0-9٠-٩])", text)
    ]
    assert quarters_by_number == []
    assert [_arabic(catalogue, q) for q in ("Q1", "Q2", "Q3", "Q4")] == [
        "الربع الأول",
        "الربع الثاني",
        "الربع الثالث",
        "الربع الرابع",
    ]
    colours = {"أخضر", "أصفر", "أحمر", "رمادي"}
    assert not colours & {
        _arabic(catalogue, s, "score status")
        for s in ("on track", "needs attention", "off track", "not enough data")
    }
    assert _arabic(catalogue, "Achievement") != _arabic(catalogue, "Percent complete")
    assert _arabic(catalogue, "Trend") != _arabic(catalogue, "Direction")
    assert _arabic(catalogue, "lead") != "القيادة"  # "the command", as in Border Forces Command


def test_the_kurdish_quarters_are_named_by_ordinal():
    """plans.vocabulary builds a quarter's name from the translated Q1…Q4; in Sorani they are
    words too («چارەکی یەکەم»), not the English Q and a digit."""
    kurdish = polib.pofile(str(LOCALE / "ckb" / "LC_MESSAGES" / "django.po"))
    quarters = [_arabic(kurdish, q) for q in ("Q1", "Q2", "Q3", "Q4")]
    assert len(set(quarters)) == 4
    assert not [q for q in quarters if re.search(r"[A-Za-z0-9٠-٩]", q)]
