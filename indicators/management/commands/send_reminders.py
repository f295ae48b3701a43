import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from indicators.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Email units that have indicators without a submitted value in an open period whose "
        "closing date has not passed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", help="Take this date (YYYY-MM-DD) as today, e.g. to test a schedule."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would be reminded; send nothing."
        )

    def handle(self, *args, today=None, dry_run=False, **options):
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as error:
                raise CommandError(
                    f"--today must be a date like 2024-01-15, not {today!r}"
                ) from error
        else:
            day = timezone.localdate()
        reminders = send_reminders(today=day, dry_run=dry_run)
        for reminder in reminders:
            self.stdout.write(
                f"{reminder.period} {reminder.unit.code}: {len(reminder.indicators)} missing → "
                f"{', '.join(reminder.recipients) or 'nobody with an email address'}"
            )
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(f"{len(reminders)} reminder(s) {verb}.")
