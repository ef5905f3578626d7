"""Reminders the clock sends: to applicants two days before an offered place lapses, to parents (guardians) when
their consent is still missing a week before applications close. Each is recorded (camps.Reminder, unique per
application and kind) in the same transaction that queues it, so it goes out once however often, or however
many clocks at once, the task runs."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Application, Reminder, Status
from .notifications import guardian_message_schedule, offer_reminder_schedule

OFFER_REMINDER_BEFORE = timedelta(days=2)
GUARDIAN_REMINDER_BEFORE = timedelta(days=7)


def _record(application: Application, kind: str) -> bool:
    """Record the reminder; False when it was already sent (the unique constraint decides a race)."""
    try:
        with transaction.atomic():
            Reminder.objects.create(application=application, kind=kind)
    except IntegrityError:
        return False
    return True


def offer_reminders_send(*, now=None) -> int:
    """Remind people whose offered place lapses within two days to confirm it. Returns how many were queued."""
    now = now or timezone.now()
    due = (
        Application.objects.filter(
            status=Status.OFFERED, offer_expires_at__gt=now, offer_expires_at__lte=now + OFFER_REMINDER_BEFORE
        )
        .exclude(reminders__kind=Reminder.Kind.OFFER)
        .order_by("pk")
    )
    sent = 0
    for application in due:
        with transaction.atomic():
            if _record(application, Reminder.Kind.OFFER):
                offer_reminder_schedule(application_id=application.pk)
                sent += 1
    return sent


def guardian_reminders_send(*, now=None) -> int:
    """Remind guardians whose consent is still missing when the cohort's applications close within a week."""
    now = now or timezone.now()
    due = (
        Application.objects.filter(
            status=Status.AWAITING_GUARDIAN,
            anonymised_at__isnull=True,
            cohort__applications_close_at__gt=now,
            cohort__applications_close_at__lte=now + GUARDIAN_REMINDER_BEFORE,
        )
        .exclude(reminders__kind=Reminder.Kind.GUARDIAN)
        .order_by("pk")
    )
    sent = 0
    for application in due:
        with transaction.atomic():
            if _record(application, Reminder.Kind.GUARDIAN):
                guardian_message_schedule(application_id=application.pk, reminder=True)
                sent += 1
    return sent


def reminders_send(*, now=None) -> int:
    now = now or timezone.now()
    return offer_reminders_send(now=now) + guardian_reminders_send(now=now)
