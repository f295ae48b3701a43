"""The one way Marsad sends email: every notice of every app goes through ``send_messages``,
so that how mail leaves (now, or later from a background task with retries) is decided here.
"""

import logging
import smtplib

from django.core.mail import send_mass_mail

logger = logging.getLogger(__name__)


def send_messages(messages) -> int:
    """Send ``(subject, body, from_email, [recipients])`` tuples; returns how many went.

    A mail server that is down is logged, never raised: whatever the notice is about was
    saved, and a failed email must not undo or hide that.
    """
    messages = list(messages)
    if not messages:
        return 0
    try:
        return send_mass_mail(messages)
    except (OSError, smtplib.SMTPException):
        logger.exception("Could not send %d notification(s)", len(messages))
        return 0
