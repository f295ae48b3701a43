"""The one way Marsad sends email: every notice of every app goes through ``send_messages``,
which records each message as a ``MailDelivery`` and hands it to a background task
(``plans.tasks.deliver_mail``). The task sends through the configured mailer with a timeout
(``DJANGO_EMAIL_TIMEOUT``) and, when the server fails, tries again later with growing pauses; after
the last attempt the delivery stays "failed" for the planning admin to see.

With the database task backend the request only writes rows. With the immediate backend (the
default) the first attempt runs when the request's transaction commits, bounded by the
timeout, and while a recent attempt found the server down the request does not wait for it
at all: the delivery waits for the next retry (``manage.py deliver_mail``, run by cron).
"""

import contextlib
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, mailers
from django.utils import timezone

from plans.models import MailDelivery

logger = logging.getLogger(__name__)
Status = MailDelivery.Status
DOWN_KEY = "mail:server-down-until"


def backoff(attempts: int) -> timedelta:
    """The pause after the ``attempts``-th failure: 1, 5, 25, 125… minutes."""
    return timedelta(minutes=5 ** (attempts - 1))


def send_messages(messages) -> int:
    """Queue ``(subject, body, from_email, [recipients])`` tuples; returns how many.

    Side effects: one ``MailDelivery`` row per message; the delivery task enqueued. Never
    raises for a mail server that is down or slow: whatever the notice is about was saved,
    and a failed email must not undo, delay or hide that.
    """
    deliveries = [
        MailDelivery.objects.create(
            subject=subject[:300],
            body=body,
            from_email=from_email or "",
            recipients=list(recipients),
        )
        for subject, body, from_email, recipients in messages
        if recipients
    ]
    if deliveries:
        _enqueue([d.pk for d in deliveries])
    return len(deliveries)


def _can_defer() -> bool:
    from plans.tasks import deliver_mail

    return deliver_mail.get_backend().supports_defer


def _enqueue(ids: list[int], run_after=None) -> None:
    from plans.tasks import deliver_mail

    task = deliver_mail
    if run_after is not None:
        if not _can_defer():
            return  # picked up by `manage.py deliver_mail`
        task = task.using(run_after=run_after)
    try:
        task.enqueue(ids, retry=run_after is not None)
    except Exception:  # a queue that is down: the rows wait for `manage.py deliver_mail`
        logger.exception("Could not queue %d email(s)", len(ids))


def server_down() -> bool:
    return (cache.get(DOWN_KEY) or 0) > timezone.now().timestamp()


def mail_deliver(ids: list[int], *, retry: bool = False, now=None) -> int:
    """Send the deliveries ``ids`` that are still due, over one connection; returns how many
    went. A failure counts an attempt and schedules the next one (``backoff``), up to
    ``MARSAD_MAIL_ATTEMPTS``; after that the delivery is failed for good.

    A first attempt (``retry`` False) is skipped while a recent attempt found the server down,
    so that requests never wait for a server known not to answer.
    """
    now = now or timezone.now()
    deliveries = list(
        MailDelivery.objects.filter(pk__in=ids, status__in=[Status.PENDING, Status.RETRYING])
    )
    if not deliveries:
        return 0
    if not retry and server_down() and not _can_defer():
        MailDelivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
            status=Status.RETRYING, next_attempt_at=now
        )
        return 0
    sent = 0
    connection = mailers.default
    try:
        connection.open()
        for delivery in deliveries:
            message = EmailMessage(
                delivery.subject,
                delivery.body,
                delivery.from_email or None,
                delivery.recipients,
            )
            connection.send_messages([message])
            delivery.status, delivery.sent_at = Status.SENT, timezone.now()
            delivery.attempts += 1
            delivery.save(update_fields=["status", "sent_at", "attempts"])
            sent += 1
    except (OSError, smtplib.SMTPException) as error:
        cache.set(DOWN_KEY, (now + timedelta(minutes=1)).timestamp(), timeout=60)
        failed = [d for d in deliveries if d.status != Status.SENT]
        logger.warning("Could not send %d email(s): %r", len(failed), error)
        for delivery in failed:
            delivery.attempts += 1
            delivery.last_error = repr(error)[:2000]
            if delivery.attempts >= settings.MARSAD_MAIL_ATTEMPTS:
                delivery.status, delivery.next_attempt_at = Status.FAILED, None
            else:
                delivery.status = Status.RETRYING
                delivery.next_attempt_at = now + backoff(delivery.attempts)
            delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        retrying = [d for d in failed if d.status == Status.RETRYING]
        if retrying:
            _enqueue([d.pk for d in retrying], run_after=retrying[0].next_attempt_at)
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            connection.close()
    return sent


def mail_retry_due(*, now=None) -> int:
    """Try again every delivery whose next attempt is due; returns how many went."""
    now = now or timezone.now()
    due = list(
        MailDelivery.objects.filter(
            status__in=[Status.PENDING, Status.RETRYING], next_attempt_at__lte=now
        ).values_list("pk", flat=True)
    ) + list(
        MailDelivery.objects.filter(
            status=Status.PENDING, next_attempt_at=None, created_at__lte=now - timedelta(minutes=1)
        ).values_list("pk", flat=True)
    )
    return mail_deliver(due, retry=True, now=now) if due else 0
