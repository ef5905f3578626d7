"""Parts failing, nothing lost: a mail the worker cannot send is tried again with backoff, and after the last try it
is kept as a failed task an operator sees (failed-job registry, metric, error log). Against a real redis-server
and RQ's own worker, as in production."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import override_settings
from django_tasks_rq.backend import Job
from rq import SimpleWorker
from rq.registry import ScheduledJobRegistry
from rq.scheduler import RQScheduler

from accounts.tasks import email_send
from core.mail import mail_queue
from core.observability import TASKS
from tests.servers import redis_server

pytestmark = pytest.mark.django_db


class FlakyBackend(EmailBackend):
    """The mail server refuses the first `failures` messages, then takes them (django's locmem outbox)."""

    failures = 0
    tries = 0

    def send_messages(self, messages):
        FlakyBackend.tries += 1
        if FlakyBackend.tries <= FlakyBackend.failures:
            raise ConnectionRefusedError("the mail server is down")
        return super().send_messages(messages)


@pytest.fixture
def queue(monkeypatch):
    with redis_server() as url:
        rq_setting = {"default": {"URL": url, "DEFAULT_TIMEOUT": 30}}
        tasks = {"default": {"BACKEND": "core.tasks_backend.ResilientRQBackend", "QUEUES": ["default"]}}
        with override_settings(TASKS=tasks, RQ_QUEUES=rq_setting, EMAIL_BACKEND=f"{__name__}.FlakyBackend"):
            import django_rq.settings

            monkeypatch.setattr(django_rq.settings, "QUEUES", rq_setting, raising=False)
            FlakyBackend.tries = 0
            mail.outbox = []
            yield django_rq.get_queue("default", job_class=Job)


def _queue_a_reset_mail():
    return mail_queue(email_send, what="a test mail", subject="Reset", body="Your link", to=["a@example.org"])


def _work(queue):
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)


def _failed_count(task="accounts.tasks.email_send", status="failed"):
    return TASKS.labels(task=task, status=status)._value.get()


@override_settings(MAIL_RETRY_INTERVALS=[0, 0])
def test_a_mail_that_fails_twice_is_sent_on_the_third_try(queue):
    FlakyBackend.failures = 2
    retrying = _failed_count(status="retrying")
    result = _queue_a_reset_mail()
    assert mail.outbox == []  # queued, not sent by the page
    _work(queue)
    assert FlakyBackend.tries == 3
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert queue.failed_job_registry.count == 0
    assert _failed_count(status="retrying") == retrying + 2
    assert queue.fetch_job(result.id).get_status() == "finished"


@override_settings(MAIL_RETRY_INTERVALS=[0, 0, 0])
def test_a_mail_that_never_goes_out_is_kept_as_a_failed_task(queue, caplog):
    FlakyBackend.failures = 100
    failed = _failed_count()
    result = _queue_a_reset_mail()
    with caplog.at_level(logging.WARNING, logger="core.tasks_backend"):
        _work(queue)
    assert FlakyBackend.tries == 4  # the first try and three more
    assert mail.outbox == []
    assert queue.failed_job_registry.get_job_ids() == [result.id]  # requeueable from django-rq's admin
    assert _failed_count() == failed + 1  # civic_tasks{status="failed"}: once, for the last try
    errors = [r for r in caplog.records if r.name == "core.tasks_backend" and r.levelno == logging.ERROR]
    assert len(errors) == 1 and "failed for good after 4 tries" in errors[0].getMessage()
    assert "ConnectionRefusedError" in caplog.text
    # The operator requeues it once the mail server is back: it goes out.
    FlakyBackend.failures = 0
    queue.failed_job_registry.requeue(result.id)
    _work(queue)
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


@override_settings(MAIL_RETRY_INTERVALS=[60, 300])
def test_a_failed_mail_waits_for_its_interval_before_the_next_try(queue):
    FlakyBackend.failures = 1
    start = datetime.now(UTC)
    result = _queue_a_reset_mail()
    _work(queue)
    assert FlakyBackend.tries == 1 and mail.outbox == []
    scheduled = ScheduledJobRegistry(queue=queue)
    assert scheduled.get_job_ids() == [result.id]
    assert scheduled.get_scheduled_time(result.id) >= start + timedelta(seconds=59)
    # The worker's scheduler (rqworker --with-scheduler) puts it back on the queue once the minute is over.
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        scheduler = RQScheduler([queue], connection=queue.connection)
        scheduler.acquire_locks()
        scheduler.enqueue_scheduled_jobs()
        scheduler.release_locks()
    _work(queue)
    assert FlakyBackend.tries == 2 and [m.to for m in mail.outbox] == [["a@example.org"]]


@override_settings(MAIL_RETRY_INTERVALS=[60, 300, 1800])
def test_only_mail_is_tried_again(queue):
    from tests.core.test_redis_down import _note

    other = _note.enqueue("indexed")
    assert queue.fetch_job(other.id).retries_left is None
    queued = _queue_a_reset_mail()
    assert queue.fetch_job(queued.id).retries_left == 3
