"""The clock (`manage.py run_periodic`): the periodic tasks are queued and do their work (here the task backend
runs them at once, as without Redis); a wrong schedule stops the clock before it starts."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from camps import services, tasks
from camps.models import Application, Status
from core.management.commands.run_periodic import schedule
from tests.factories import CohortFactory, OrganiserFactory, StudentFactory, birth_date_for_age

pytestmark = pytest.mark.django_db


def _submit(cohort, user):
    return services.application_submit(
        cohort=cohort,
        applicant=user,
        data={
            "full_name": user.username,
            "date_of_birth": birth_date_for_age(19, on=cohort.starts_on),
            "contact_email": f"{user.username}@example.org",
            "region": "bishkek",
        },
        answers={},
    )


def test_run_periodic_once_lapses_due_offers_and_clears_expired_sessions(django_capture_on_commit_callbacks):
    organiser = OrganiserFactory()
    cohort = CohortFactory(organisers=[organiser], capacity=1)
    holder, waiting = _submit(cohort, StudentFactory()), _submit(cohort, StudentFactory())
    services.application_decide(application=holder, by=organiser, decision="accept")
    services.application_decide(application=waiting, by=organiser, decision="waitlist")
    services.application_withdraw(application=holder, by=holder.applicant)
    Application.objects.filter(pk=waiting.pk).update(
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    old = SessionStore()
    old.set_expiry(timezone.now() - dt.timedelta(days=1))
    old.create()
    live = SessionStore()
    live.create()

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic", "--once", stdout=out)

    assert "queued offers_expire" in out.getvalue() and "queued sessions_clear" in out.getvalue()
    waiting.refresh_from_db()
    assert waiting.status == Status.EXPIRED
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


@pytest.mark.parametrize(
    "entry",
    [
        ("camps.tasks.offers_expire", 60),  # a name, not the task
        (services.offers_expire, 60),  # a plain function, not a task
        (tasks.offers_expire, 0),
    ],
)
def test_a_wrong_schedule_stops_the_clock_before_it_starts(monkeypatch, entry):
    monkeypatch.setattr(tasks, "PERIODIC_TASKS", [entry])
    with pytest.raises(CommandError, match="PERIODIC_TASKS"):
        call_command("run_periodic", "--once", stdout=StringIO())


def test_the_clock_asks_every_app_for_its_periodic_tasks():
    assert {task.name: seconds for task, seconds in schedule()} == {
        "offers_expire": 5 * 60,
        "reminders_send": 60 * 60,
        "personal_data_purge": 24 * 60 * 60,
        "sessions_clear": 24 * 60 * 60,
        "assignments_opened_notify": 10 * 60,
        "due_soon_remind": 60 * 60,
        "weekly_mail_send": 6 * 60 * 60,
    }
