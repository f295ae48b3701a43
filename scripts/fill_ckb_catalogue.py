"""Fill the Kurdish (Sorani) catalogue locale/ckb/LC_MESSAGES/django.po from translation files.

Each file is a JSON list of {"msgid", optional "msgctxt", "msgstr"} or, for plurals,
{"msgid", "msgid_plural", "msgstr_plural": [one, other]}. Only empty or fuzzy entries are
filled; the header gets Language: ckb and the two-form plural rule.

    .venv/bin/python scripts/fill_ckb_catalogue.py part1.json part2.json
"""

import json
import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "ckb" / "LC_MESSAGES" / "django.po"


def main(paths: list[str]) -> int:
    catalog = polib.pofile(str(CATALOGUE))
    catalog.metadata["Language"] = "ckb"
    catalog.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    given = {}
    for path in paths:
        for item in json.loads(Path(path).read_text(encoding="utf-8")):
            given[(item.get("msgctxt"), item["msgid"])] = item
    filled = 0
    for entry in catalog:
        if entry.obsolete or (entry.translated() and "fuzzy" not in entry.flags):
            continue
        item = given.get((entry.msgctxt, entry.msgid))
        if item is None:
            continue
        if entry.msgid_plural:
            forms = item.get("msgstr_plural") or []
            if len(forms) != 2 or not all(forms):
                continue
            entry.msgstr_plural = {0: forms[0], 1: forms[1]}
        else:
            if not item.get("msgstr"):
                continue
            entry.msgstr = item["msgstr"]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        filled += 1
    if "fuzzy" in catalog.metadata_is_fuzzy if isinstance(catalog.metadata_is_fuzzy, list) else []:
        pass
    catalog.metadata_is_fuzzy = False
    catalog.save()
    left = [e for e in catalog if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    print(f"Filled {filled}; {len(left)} left untranslated.")
    for entry in left:
        print(f"  {entry.msgctxt!r} {entry.msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
