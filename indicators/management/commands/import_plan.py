from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from indicators.plan_workbook.importer import plan_import
from plans.permissions import is_planning_admin


class Command(BaseCommand):
    help = (
        "Import a plan workbook: every cell is checked and the whole workbook is saved, or "
        "nothing is. Problems are printed one per line (sheet, cell, message) and the command "
        "then exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx workbook to import.")
        parser.add_argument(
            "--plan", help="Import into the plan with this code (else the Plan sheet names it)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count everything; write nothing."
        )
        parser.add_argument(
            "--user",
            help="The planning admin the changes are recorded under (default: the first "
            "active superuser).",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="The language of the messages.",
        )

    def handle(self, *args, file, plan=None, dry_run=False, user=None, language, **options):
        by = self._user(user)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        with translation.override(language):
            result = plan_import(
                by=by, source=path, file_name=path.name, plan_code=plan, dry_run=dry_run
            )
            if result.problems:
                for problem in result.problems:
                    self.stderr.write(str(problem))
                raise CommandError(
                    _("%(count)s problems; nothing was imported.") % {"count": len(result.problems)}
                )
            for outcome in result.outcomes:
                self.stdout.write(
                    _(
                        "%(sheet)s: %(created)s created, %(changed)s changed, %(unchanged)s "
                        "unchanged, %(absent)s not in the workbook (left as they are)."
                    )
                    % {
                        "sheet": outcome.title,
                        "created": len(outcome.created),
                        "changed": len(outcome.changed),
                        "unchanged": outcome.unchanged,
                        "absent": outcome.absent,
                    }
                )
            if dry_run:
                self.stdout.write(_("A dry run: nothing was written."))
            else:
                self.stdout.write(_("The workbook was imported."))

    def _user(self, username):
        User = get_user_model()
        if username:
            account = User.objects.filter(username=username, is_active=True).first()
            if account is None or not is_planning_admin(account):
                raise CommandError(f"{username!r} is not an active planning admin.")
            return account
        account = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if account is None:
            raise CommandError("There is no active superuser; name a planning admin with --user.")
        return account
