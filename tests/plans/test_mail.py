"""Email leaves from a background task with a timeout and retries: a mail server that
accepts connections and never answers does not slow a submission, and the notice is tried
again until it goes (or is marked failed for the planning admin to see)."""

import socket
import threading
import time
from datetime import timedelta
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from indicators import services
from plans.mail import mail_retry_due, send_messages
from plans.models import MailDelivery
from tests.page_forms import PageForm

pytestmark = pytest.mark.django_db
Status = MailDelivery.Status
TIMEOUT = 0.5


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def stalled_smtp(settings):
    """An SMTP "server" on 127.0.0.1 that accepts every connection and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": listener.getsockname()[1], "timeout": TIMEOUT},
        }
    }
    yield held
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


def _page_submission(cycle, client_for, indicator):
    """The officer's client, the entry page and what submitting it sends, read before the
    clock starts: only the submission is timed."""
    client = client_for(cycle.world.officer_a)
    url = reverse("entry", args=[cycle.open_period.pk]) + f"?unit={indicator.unit_id}"
    form = PageForm.of(client, url, "entry-TOTAL_FORMS").set("entry", indicator.pk, value="7")
    return client, url, form.data(action="submit_all")


def test_a_stalled_mail_server_does_not_hold_the_submission(
    cycle, client_for, stalled_smtp, django_capture_on_commit_callbacks
):
    world = cycle.world
    client, url, data = _page_submission(cycle, client_for, world.indicator_a)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    first = time.monotonic() - started
    assert response.status_code == 302
    assert first < TIMEOUT + 2  # bounded by the timeout, never the server's silence
    delivery = MailDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.recipients) == (
        Status.RETRYING,
        1,
        ["head.a@example.test"],
    )
    assert "timed out" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()
    assert len(stalled_smtp) >= 1  # it really connected to the stalled server
    # While the server is known to be down, the next submission does not wait at all.
    client, url, data = _page_submission(cycle, client_for, world.indicator_a1)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    assert time.monotonic() - started < TIMEOUT
    second = MailDelivery.objects.exclude(pk=delivery.pk).get()
    assert (second.status, second.attempts) == (Status.RETRYING, 0)


def test_the_notice_is_retried_until_it_goes(cycle, stalled_smtp, settings):
    entry = services.progress_save(
        indicator=cycle.world.indicator_a,
        period=cycle.open_period,
        by=cycle.world.officer_a,
        value=D(3),
    )
    services.progress_submit(entry=entry, by=cycle.world.officer_a, expected_version=1)
    from indicators.notifications import entries_submitted

    assert entries_submitted([entry.pk]) == 1
    delivery = MailDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Status.RETRYING, 1)
    # Not due yet: nothing is tried.
    assert mail_retry_due() == 0
    # Due: tried again, still stalled; the pause grows.
    later = delivery.next_attempt_at + timedelta(seconds=1)
    assert mail_retry_due(now=later) == 0
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.RETRYING, 2)
    assert delivery.next_attempt_at - later > timedelta(minutes=4)
    # The server is back: the next retry delivers it.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    MailDelivery.objects.update(next_attempt_at=timezone.now())
    out = StringIO()
    call_command("deliver_mail", stdout=out)
    assert out.getvalue() == "1 sent, 0 waiting, 0 failed.\n"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.SENT, 3)
    assert [m.to for m in mail.outbox] == [["head.a@example.test"]]
    assert "G1.1.1" in mail.outbox[0].body


def test_after_the_last_attempt_the_delivery_is_failed_and_listed_for_the_admin(
    cycle, stalled_smtp, settings, client_for
):
    settings.MARSAD_MAIL_ATTEMPTS = 2
    send_messages([("Subject", "Body", None, ["someone@example.test"])])
    delivery = MailDelivery.objects.get()
    MailDelivery.objects.update(next_attempt_at=timezone.now())
    mail_retry_due()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (
        Status.FAILED,
        2,
        None,
    )
    listing = reverse("admin:plans_maildelivery_changelist")
    page = client_for(cycle.world.admin).get(listing, {"status": "failed"})
    assert page.status_code == 200
    assert "someone@example.test" in page.content.decode()
    assert client_for(cycle.world.officer_a).get(listing).status_code == 302  # to the admin login


def test_a_working_server_sends_at_once(cycle):
    assert send_messages([("Subject", "Body", None, ["someone@example.test"])]) == 1
    delivery = MailDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Status.SENT, 1)
    assert [m.to for m in mail.outbox] == [["someone@example.test"]]


def test_messages_without_recipients_are_not_queued(db):
    assert send_messages([("Subject", "Body", None, [])]) == 0
    assert not MailDelivery.objects.exists()
