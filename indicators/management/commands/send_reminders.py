import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from indicators.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Once a day: tell officers and heads that a period opened; remind units of missing "
        "values before and after the closing date, escalating to the head, the head above and "
        "the planning directorate; send heads a digest of what waits for their review. A "
        "second run on the same day sends nothing new."
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
            about = " ".join(
                str(part)
                for part in (reminder.period, reminder.unit and reminder.unit.code)
                if part
            )
            what = (
                f"{len(reminder.indicators)} missing"
                if reminder.indicators
                else f"{reminder.waiting} waiting for review"
                if reminder.waiting
                else ""
            )
            people = ", ".join(u.get_username() for u in reminder.users) or "nobody"
            self.stdout.write(
                f"{reminder.kind} {about}: {what} (up to: {reminder.level}) → notice to "
                f"{people}; email to {', '.join(reminder.recipients) or 'no address'}"
            )
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(f"{len(reminders)} reminder(s) {verb}.")
