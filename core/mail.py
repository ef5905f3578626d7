"""Queuing mail: the one place where a mail that cannot be written or queued is reported.

What a person did (an application saved, a reset asked for) stands whether or not its mail goes out; a mail
that fails is logged for operators, never shown to the person as an error. With CIVIC_MAIL_ERRORS_RAISE (the
test settings) the error is raised again after logging, so that a broken mail fails its test instead of
vanishing into a log line.

With a worker, a mail whose sending fails is tried again after each of MAIL_RETRY_INTERVALS (seconds: a backoff
from a minute to hours, while a mail server is down); after the last try it stays in the task queue's failed-job
registry for an operator (core/tasks_backend.py), never dropped.
"""

import logging

from django.conf import settings
from django_tasks import TaskResultStatus

from .tasks_backend import retry_on_failure

logger = logging.getLogger("civic.mail")


class MailError(Exception):
    """A mail task that ran at once (no worker) failed; its traceback is the message."""


def _raising() -> bool:
    return bool(getattr(settings, "CIVIC_MAIL_ERRORS_RAISE", False))


def mail_queue(task, *, what: str, **kwargs):
    """Queue `task(**kwargs)`; `what` names the mail in the log. Returns the task's result, or None when it
    could not be queued. Without a worker (the immediate backend) the task has already run: a failure is
    reported here too."""
    try:
        retry_on_failure(task, intervals=settings.MAIL_RETRY_INTERVALS)
        result = task.enqueue(**kwargs)
    except Exception:
        logger.exception("Could not queue %s", what)
        if _raising():
            raise
        return None
    if result.status == TaskResultStatus.FAILED:
        traceback = result.errors[-1].traceback if result.errors else ""
        logger.error("Could not send %s:\n%s", what, traceback)
        if _raising():
            raise MailError(f"Could not send {what}:\n{traceback}")
    return result
