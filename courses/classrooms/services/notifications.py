"""Notices and mail about assignments: a notice on the site for each new assignment and a day before it is due,
and mail to those with an address, in their own language, after the transaction commits, from the worker.

Each person chooses one e-mail per item or one weekly digest (or none); teachers get a weekly summary of their
classes. A notice of a kind is unique per person and assignment, and an e-mail is claimed (``emailed_at``) before
it is sent, so running a reminder task twice, or two workers at once, never sends a message twice.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.mail import mail_queue
from courses.cache import learner_version_bump

from ..models import Assignment, EmailFrequency, Membership, MembershipStatus, Notice, NoticeKind

__all__ = [
    "assignment_notify",
    "notices_create",
    "assignments_opened_notify",
    "due_soon_remind",
    "notices_mark_read",
    "DIGEST_EVERY",
]

DIGEST_EVERY = timedelta(days=7)
REMIND_BEFORE = timedelta(days=1)


def _recipient_ids(assignment: Assignment) -> list[int]:
    members = Membership.objects.filter(classroom_id=assignment.classroom_id, status=MembershipStatus.ACTIVE)
    if not assignment.for_everyone:
        members = members.filter(student__classroom_assignments__assignment=assignment)
    return list(members.values_list("student_id", flat=True))


def notices_create(*, assignment: Assignment, kind: str, student_ids: list[int]) -> None:
    """Notices for these pupils (those who have one of this kind already are skipped); the mail is queued once
    the transaction commits."""
    if not student_ids:
        return
    now = timezone.now()
    Notice.objects.bulk_create(
        [Notice(user_id=pk, assignment=assignment, kind=kind, created_at=now) for pk in student_ids],
        ignore_conflicts=True,
    )
    _pages_changed(student_ids)
    assignment_id = assignment.pk

    def queue():
        from ..tasks import notice_emails_send

        mail_queue(
            notice_emails_send,
            what=f"the {kind} notices of assignment {assignment_id}",
            assignment_id=assignment_id,
            kind=kind,
        )

    # The notices are saved either way; a mail that cannot be queued is logged by mail_queue, not an error page.
    transaction.on_commit(queue)


def assignment_notify(*, assignment: Assignment) -> None:
    """Tell the pupils about an assignment that is open now (one that opens later is told about when it opens)."""
    if assignment.is_open():
        notices_create(
            assignment=assignment, kind=NoticeKind.ASSIGNED, student_ids=_recipient_ids(assignment)
        )


def assignments_opened_notify(*, now=None) -> int:
    """For the clock: assignments whose start time has come since the last run get their notices."""
    now = now or timezone.now()
    opened = Assignment.objects.filter(
        starts_at__lte=now, starts_at__gt=now - timedelta(days=2), classroom__archived_at__isnull=True
    )
    count = 0
    for assignment in opened:
        with transaction.atomic():
            notices_create(
                assignment=assignment, kind=NoticeKind.ASSIGNED, student_ids=_recipient_ids(assignment)
            )
        count += 1
    return count


def due_soon_remind(*, now=None) -> int:
    """For the clock: a day before an assignment is due, its pupils who have not finished it are reminded."""
    from ..selectors import work_map
    from ..states import FINISHED, state_of

    now = now or timezone.now()
    due = list(
        Assignment.objects.filter(
            due_at__gt=now, due_at__lte=now + REMIND_BEFORE, classroom__archived_at__isnull=True
        )
        .filter(Q(starts_at__isnull=True) | Q(starts_at__lte=now))
        .select_related("module")
    )
    reminded = 0
    for assignment in due:
        ids = _recipient_ids(assignment)
        work = work_map(student_ids=ids, assignments=[assignment])
        waiting = [
            pk
            for pk in ids
            if state_of(work=work[(pk, assignment.pk)], due_at=assignment.due_at, now=now) not in FINISHED
        ]
        with transaction.atomic():
            notices_create(assignment=assignment, kind=NoticeKind.DUE_SOON, student_ids=waiting)
        reminded += len(waiting)
    return reminded


def notices_mark_read(*, user, ids: list[int] | None = None) -> int:
    notices = Notice.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        notices = notices.filter(pk__in=ids)
    marked = notices.update(read_at=timezone.now())
    if marked:
        _pages_changed([user.pk])
    return marked


def _pages_changed(student_ids) -> None:
    """The pupils' own pages show their unread notices: their cached copies must go, now and after the commit
    (a page rendered in between from the old rows is not kept)."""
    ids = list(student_ids)
    for pk in ids:
        learner_version_bump(pk)
    transaction.on_commit(lambda: [learner_version_bump(pk) for pk in ids])


def wants_each(user) -> bool:
    profile = getattr(user, "classroom_profile", None)
    return profile is None or profile.email_frequency == EmailFrequency.EACH
