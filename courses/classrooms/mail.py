"""Mail about assignments, written by the worker in each recipient's language: one message per notice, the
pupils' weekly digest and the teachers' weekly summary of their classes.

Each message is claimed before it is sent (``emailed_at``, ``last_digest_at``, ``last_summary_at`` updated only
where still unset or old), so a task that runs twice or on two workers at once sends it once.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from core.links import absolute_url

from . import selectors
from .models import ClassroomProfile, EmailFrequency, Notice, NoticeKind
from .services.notifications import DIGEST_EVERY


def _site() -> str:
    return absolute_url("/").rstrip("/")


def _language(user: User) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def _send(*, user: User, template: str, context: dict) -> None:
    language = _language(user)
    with translation.override(language):
        context = {
            **context,
            "name": user.display_name,
            "site_url": _site(),
            "my_url": _site() + reverse("classrooms:my_assignments"),
        }
        subject = " ".join(render_to_string(f"classrooms/email/{template}_subject.txt", context).split())
        body = render_to_string(f"classrooms/email/{template}_body.txt", context)
    send_mail(subject, body, None, [user.email])


def notice_emails_send(*, assignment_id: int, kind: str) -> int:
    """One e-mail per notice of this assignment and kind, to pupils who have an address and want each item."""
    notices = (
        Notice.objects.filter(assignment_id=assignment_id, kind=kind, emailed_at__isnull=True)
        .exclude(user__email="")
        .filter(
            Q(user__classroom_profile__isnull=True)
            | Q(user__classroom_profile__email_frequency=EmailFrequency.EACH)
        )
        .select_related("user", "assignment__classroom")
    )
    sent = 0
    for notice in notices:
        if not Notice.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(emailed_at=timezone.now()):
            continue  # another worker has it
        with translation.override(_language(notice.user)):
            url = _site() + reverse("classrooms:my_assignment", args=[notice.assignment_id])
        template = "assigned" if kind == NoticeKind.ASSIGNED else "due_soon"
        _send(user=notice.user, template=template, context={"assignment": notice.assignment, "url": url})
        sent += 1
    return sent


def digests_send(*, now=None) -> int:
    """Pupils who chose one weekly digest: every notice not yet mailed, in one message, once a week."""
    now = now or timezone.now()
    profiles = (
        ClassroomProfile.objects.filter(email_frequency=EmailFrequency.WEEKLY)
        .filter(Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - DIGEST_EVERY))
        .exclude(user__email="")
        .filter(user__is_active=True, user__classroom_notices__emailed_at__isnull=True)
        .select_related("user")
        .distinct()
    )
    sent = 0
    for profile in profiles:
        claimed = ClassroomProfile.objects.filter(pk=profile.pk).filter(
            Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - DIGEST_EVERY)
        )
        if not claimed.update(last_digest_at=now):
            continue
        notices = list(
            Notice.objects.filter(user=profile.user, emailed_at__isnull=True).select_related(
                "assignment__classroom"
            )
        )
        Notice.objects.filter(pk__in=[n.pk for n in notices]).update(emailed_at=now)
        items = selectors.my_assignments(user=profile.user, now=now)
        _send(user=profile.user, template="digest", context={"notices": notices, "items": items})
        sent += 1
    return sent


def summaries_send(*, now=None) -> int:
    """Teachers: once a week, how each of their current classes is doing (pupils, assignments, done, overdue)."""
    now = now or timezone.now()
    teachers = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(classrooms_owned__archived_at__isnull=True, classrooms_owned__isnull=False)
            | Q(classrooms_shared__classroom__archived_at__isnull=True, classrooms_shared__isnull=False)
        )
        .distinct()
    )
    sent = 0
    from .services.roster import profile_for

    for teacher in teachers:
        profile = profile_for(teacher)
        claimed = ClassroomProfile.objects.filter(pk=profile.pk).filter(
            Q(last_summary_at__isnull=True) | Q(last_summary_at__lte=now - DIGEST_EVERY)
        )
        if not claimed.update(last_summary_at=now):
            continue
        classes = []
        for summary in selectors.dashboard(user=teacher, now=now):
            matrix = selectors.class_matrix(classroom=summary.classroom, now=now)
            classes.append(
                {
                    "classroom": summary.classroom,
                    "columns": [c for c in matrix.columns if c.assignment.is_open(now)][-5:],
                }
            )
        if not classes:
            continue
        with translation.override(_language(teacher)):
            url = _site() + reverse("classrooms:teach")
        _send(user=teacher, template="summary", context={"classes": classes, "url": url})
        sent += 1
    return sent
