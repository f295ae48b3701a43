"""Compile the translation catalogs (locale/*/LC_MESSAGES/*.po → .mo) with polib.

Django's own ``compilemessages`` needs GNU gettext's msgfmt on the machine; this does the
same job in pure Python so that ``make run`` works on a fresh machine without it.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the .po translation catalogs into .mo files."

    def handle(self, *args, **options):
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                catalog = polib.pofile(str(po_path))
                untranslated = [e.msgid for e in catalog.untranslated_entries() if not e.obsolete]
                if untranslated:
                    raise CommandError(
                        f"{po_path}: {len(untranslated)} untranslated message(s), "
                        f"first: {untranslated[0]!r}"
                    )
                catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
                compiled += 1
        self.stdout.write(f"Compiled {compiled} catalog(s).")
