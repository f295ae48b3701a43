from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from indicators.plan_workbook.export import empty_template, export_plan
from plans.models import StrategicPlan


class Command(BaseCommand):
    help = (
        "Write a plan to the plan workbook (the import template), or with --template the "
        "template without rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx file to write.")
        parser.add_argument("--plan", help="The code of the plan to export.")
        parser.add_argument(
            "--template", action="store_true", help="Write the empty template instead of a plan."
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="The language of headings and choices (Arabic sheets are right to left).",
        )

    def handle(self, *args, file, plan=None, template=False, language, **options):
        if bool(plan) == bool(template):
            raise CommandError("Give either --plan CODE or --template.")
        with translation.override(language):
            if template:
                data = empty_template()
            else:
                found = StrategicPlan.objects.filter(code=plan).first()
                if found is None:
                    raise CommandError(f"No plan has the code {plan!r}.")
                data = export_plan(found)
        Path(file).write_bytes(data)
        self.stdout.write(f"{file}: {len(data):,} bytes written.")
