"""Background tasks of accounts: mail already written (in its reader's language) goes out from the worker, so a
slow or unreachable mail server never holds up a page."""

from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django_tasks import task


@task()
def email_send(*, subject: str, body: str, to: list[str], html: str | None = None, from_email=None) -> int:
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


@task()
def sessions_clear() -> None:
    """Expired sessions leave the database: Django's own `clearsessions`, on the clock."""
    call_command("clearsessions")


# (task, every N seconds) for the clock.
PERIODIC_TASKS = [(sessions_clear, 24 * 60 * 60)]
