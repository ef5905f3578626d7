"""Background tasks of classrooms: mail about assignments (queued after commit) and, on the clock, notices for
assignments that open, reminders a day before the due time and the weekly digests and summaries."""

from django_tasks import task

from . import mail, services


@task()
def notice_emails_send(*, assignment_id: int, kind: str) -> int:
    """The e-mails for one assignment's new notices, each in its reader's language."""
    return mail.notice_emails_send(assignment_id=assignment_id, kind=kind)


@task()
def assignments_opened_notify() -> int:
    """Pupils are told about assignments whose start time has come."""
    return services.assignments_opened_notify()


@task()
def due_soon_remind() -> int:
    """A day before the due time, pupils who have not finished are reminded."""
    return services.due_soon_remind()


@task()
def weekly_mail_send() -> int:
    """Pupils' weekly digests and teachers' weekly summaries, each to whoever's week has passed."""
    return mail.digests_send() + mail.summaries_send()


# (task, every N seconds) for the clock (manage.py run_periodic).
PERIODIC_TASKS = [
    (assignments_opened_notify, 10 * 60),
    (due_soon_remind, 60 * 60),
    (weekly_mail_send, 6 * 60 * 60),
]
