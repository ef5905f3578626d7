"""What operators see: request ids on responses and log lines (and in the tasks a request queues), JSON logs in
production, and Prometheus metrics behind a token."""

import contextvars
import json
import logging
import subprocess
import sys

import pytest
from django.test import override_settings
from django_tasks import task

from core import observability
from tests.factories import StudentFactory
from tests.factories.courses import RIGHT_ANSWERS, QuizFactory, course_tree

pytestmark = pytest.mark.django_db

seen_in_task = []


@task()
def _remember_request_id():
    seen_in_task.append(observability.request_id_var.get())


def test_every_response_carries_a_request_id_and_a_proxys_id_is_kept(client):
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32 and made != client.get("/healthz")["X-Request-ID"]
    assert client.get("/healthz", HTTP_X_REQUEST_ID="edge-1234abcd")["X-Request-ID"] == "edge-1234abcd"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")["X-Request-ID"]
    assert forged != "bad id\nwith newline" and len(forged) == 32


def test_log_lines_carry_the_request_id_and_so_does_a_task_it_queues(caplog):
    caplog.set_level(logging.INFO)
    record = logging.LogRecord("civic", logging.INFO, __file__, 1, "hello", None, None)
    token = observability.request_id_var.set("req-0123456789")
    try:
        observability.RequestIdFilter().filter(record)
        seen_in_task.clear()
        _remember_request_id.enqueue()
    finally:
        observability.request_id_var.reset(token)
    assert record.request_id == "req-0123456789"
    assert seen_in_task == ["req-0123456789"]


def test_a_worker_adopts_the_request_id_of_the_task_it_runs():
    from types import SimpleNamespace

    result = SimpleNamespace(id="task-abc", task=SimpleNamespace(module_path="x.y"), status="SUCCESSFUL")
    token = observability.request_id_var.set("req-queued-here")
    observability._remember_request_of_task(sender=None, task_result=result)
    observability.request_id_var.reset(token)
    context = contextvars.copy_context()  # a fresh worker context: no request id yet

    def in_worker():
        observability.request_id_var.set("-")
        observability._adopt_request_of_task(sender=None, task_result=result)
        return observability.request_id_var.get()

    assert context.run(in_worker) == "req-queued-here"


def _metrics(client, token="s3cret-token"):
    return client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")


@override_settings(METRICS_TOKEN="s3cret-token")
def test_metrics_need_the_token(client):
    assert client.get("/metrics").status_code == 404
    assert _metrics(client, "wrong").status_code == 404
    response = _metrics(client)
    assert response.status_code == 200
    assert "django_http_requests_latency_seconds_by_view_method" in response.content.decode()


@override_settings(METRICS_TOKEN="")
def test_without_a_token_there_are_no_metrics(client):
    assert _metrics(client, "").status_code == 404


@override_settings(METRICS_TOKEN="s3cret-token")
def test_quiz_submissions_are_counted(client):
    def submitted():
        for line in _metrics(client).content.decode().splitlines():
            if line.startswith('civic_events_total{event="quiz_submission"}'):
                return float(line.split()[-1])
        return 0.0

    quiz = QuizFactory()
    course_tree(lessons=1, quiz=quiz)
    learner = StudentFactory()
    before = submitted()
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(learner)
    assert (
        api.post(
            f"/api/v1/quizzes/{quiz.pk}/attempts/", {"answers": RIGHT_ANSWERS}, format="json"
        ).status_code
        == 201
    )
    assert submitted() == before + 1


@override_settings(METRICS_TOKEN="s3cret-token")
def test_a_workers_peak_memory_is_in_the_metrics(client):
    import resource

    client.get("/healthz")
    line = next(
        line
        for line in _metrics(client).content.decode().splitlines()
        if line.startswith("civic_worker_peak_memory_bytes ")
    )
    shown = float(line.split()[-1])
    # This process's own peak, as the kernel counts it (kB), read after the request: never below what was shown.
    assert 0 < shown <= resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _production(code: str, **env) -> subprocess.CompletedProcess:
    base = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "civic.example.org",
        "PUBLIC_BASE_URL": "https://civic.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_logs_are_json_with_the_request_id():
    done = _production(
        "import django, logging; django.setup();"
        "from core.observability import request_id_var; request_id_var.set('req-42');"
        "logging.getLogger('civic').warning('held %s', 3)"
    )
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert line["message"] == "held 3" and line["request_id"] == "req-42" and line["level"] == "WARNING"


def test_error_reporting_is_off_by_default_and_on_with_a_dsn():
    code = "import django; django.setup(); import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    assert _production(code).stdout.strip() == "False"
    assert _production(code, SENTRY_DSN="http://key@127.0.0.1:9/1").stdout.strip() == "True"


def test_the_counted_cache_keeps_falsy_values_and_counts_hits_and_misses():
    from core.cache import LocMemCache

    cache = LocMemCache("counted-test", {})
    cache.set("zero", 0)
    cache.set("empty", "")
    assert cache.get("zero") == 0 and cache.get("empty") == "" and cache.get("absent", "d") == "d"
