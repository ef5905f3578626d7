"""Reminders from the clock: two days before an offer lapses, a week before the window closes for a missing
guardian's consent; each sent once, however often the task runs."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from camps import tasks
from camps.models import Reminder, Status
from tests.factories import ApplicationFactory, CohortFactory, StudentFactory

pytestmark = pytest.mark.django_db


def _run(capture):
    with capture(execute=True):
        return tasks.reminders_send.call()


def test_an_offer_about_to_lapse_is_reminded_once(django_capture_on_commit_callbacks):
    soon = ApplicationFactory(
        status=Status.OFFERED,
        offer_expires_at=timezone.now() + dt.timedelta(days=1, hours=20),
        applicant=StudentFactory(preferred_language="ru"),
    )
    later = ApplicationFactory(status=Status.OFFERED, offer_expires_at=timezone.now() + dt.timedelta(days=3))
    ApplicationFactory(status=Status.CONFIRMED)
    assert _run(django_capture_on_commit_callbacks) == 1
    assert _run(django_capture_on_commit_callbacks) == 0  # the clock runs again: nothing twice
    [message] = mail.outbox
    assert message.to == [soon.contact_email]
    assert message.subject.startswith("Напоминание: подтвердите место")
    assert "/ru/camps/my/" in message.body
    assert list(Reminder.objects.values_list("application", "kind")) == [(soon.pk, Reminder.Kind.OFFER)]
    assert not later.reminders.exists()


def test_a_missing_guardians_consent_is_reminded_once_a_week_before_the_window_closes(
    django_capture_on_commit_callbacks,
):
    closing = CohortFactory(applications_close_at=timezone.now() + dt.timedelta(days=5))
    open_long = CohortFactory(applications_close_at=timezone.now() + dt.timedelta(days=20))
    waiting = ApplicationFactory(
        cohort=closing,
        status=Status.AWAITING_GUARDIAN,
        guardian_name="Гүлнара",
        guardian_contact="gulnara@example.org",
        guardian_language="ky",
        guardian_link_version=1,
    )
    ApplicationFactory(
        cohort=open_long,
        status=Status.AWAITING_GUARDIAN,
        guardian_name="Айгүл",
        guardian_contact="aigul@example.org",
    )
    ApplicationFactory(cohort=closing, status=Status.SUBMITTED)
    assert _run(django_capture_on_commit_callbacks) == 1
    assert _run(django_capture_on_commit_callbacks) == 0
    [message] = mail.outbox
    assert message.to == ["gulnara@example.org"]
    assert message.subject.startswith("Эскертүү:")
    assert "/ky/camps/guardian/" in message.body
    assert waiting.reminders.get().kind == Reminder.Kind.GUARDIAN


def test_the_clock_runs_the_reminders():
    assert (tasks.reminders_send, 60 * 60) in tasks.PERIODIC_TASKS
