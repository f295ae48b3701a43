"""`manage.py cleanup_reports [--days N]`: delete old and superseded report files (run it
daily, from cron or as the `reports.tasks.cleanup_report_files` task)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from reports.services import report_files_cleanup


class Command(BaseCommand):
    help = "Delete report files older than N days or superseded by a newer one."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.MARSAD_REPORT_FILE_DAYS)

    def handle(self, *args, days, **options):
        removed = report_files_cleanup(days=days)
        self.stdout.write(f"{removed} report file(s) removed.")
