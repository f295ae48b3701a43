"""Background tasks of the plans app (Django's Tasks framework): email delivery."""

from django.tasks import task


@task()
def deliver_mail(delivery_ids: list[int], retry: bool = False) -> None:
    from plans.mail import mail_deliver

    mail_deliver(delivery_ids, retry=retry)
