"""Compile the translation catalogs (locale/*/LC_MESSAGES/*.po → .mo) with polib.

Django's own ``compilemessages`` needs GNU gettext's msgfmt on the machine and loads the
settings; this does the same job in pure Python, so ``make run`` works on a fresh machine
and refuses a catalog with untranslated messages.
"""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[1] / "locale"


def main() -> int:
    compiled = 0
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        catalog = polib.pofile(str(po_path))
        untranslated = [e.msgid for e in catalog.untranslated_entries() if not e.obsolete]
        untranslated += [e.msgid for e in catalog.fuzzy_entries()]
        if untranslated:
            print(f"{po_path}: {len(untranslated)} untranslated message(s):", file=sys.stderr)
            for msgid in untranslated[:20]:
                print(f"  {msgid!r}", file=sys.stderr)
            return 1
        catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
        compiled += 1
    print(f"Compiled {compiled} catalog(s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
