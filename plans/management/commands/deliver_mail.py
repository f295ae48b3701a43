"""`manage.py deliver_mail`: send the emails whose next attempt is due (run it from cron every
few minutes when the tasks run in the request, MARSAD_TASKS=immediate)."""

from django.core.management.base import BaseCommand

from plans.mail import mail_retry_due
from plans.models import MailDelivery


class Command(BaseCommand):
    help = "Send the queued emails whose next attempt is due."

    def handle(self, *args, **options):
        sent = mail_retry_due()
        waiting = MailDelivery.objects.filter(
            status__in=[MailDelivery.Status.PENDING, MailDelivery.Status.RETRYING]
        ).count()
        failed = MailDelivery.objects.filter(status=MailDelivery.Status.FAILED).count()
        self.stdout.write(f"{sent} sent, {waiting} waiting, {failed} failed.")
