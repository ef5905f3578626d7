"""What operators see: a request id on every log line (following a request into the tasks it queues), JSON logs,
and Prometheus metrics at a protected /metrics.

- The request id comes from a trusted proxy's ``X-Request-ID`` (when it looks like one) or is made here; it is
  sent back in the response, stored in a context variable that the logging filter reads, and remembered in the
  cache under each queued task's id, so the worker's log lines for that task carry it too.
- Metrics: django-prometheus counts requests, latency by view, database and cache calls; this module adds the
  task queue's depth and failed jobs (read from Redis when scraped, whichever process ran them), the outcome of
  every task run, and the domain events that apps count with :func:`count_event`.
"""

import hmac
import logging
import re
import resource
import uuid

from django.conf import settings
from django.core.cache import cache
from django.dispatch import receiver
from django.http import Http404, HttpResponse
from django_tasks.signals import task_enqueued, task_finished, task_started
from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from prometheus_client import multiprocess as prometheus_multiprocess
from prometheus_client.core import REGISTRY, GaugeMetricFamily

from .requestid import RequestIdFilter, request_id_var

__all__ = ["RequestIdFilter", "RequestIdMiddleware", "count_event", "metrics_view", "request_id_var"]

logger = logging.getLogger(__name__)

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_TASK_KEY = "civic:task-request:{}"
_TASK_KEY_SECONDS = 24 * 3600

EVENTS = Counter("civic_events", "Domain events (quiz submissions, registrations...)", ["event"])
TASKS = Counter("civic_tasks", "Background task runs by task and final status", ["task", "status"])
# Under gunicorn (PROMETHEUS_MULTIPROC_DIR set) the scrape shows the largest of every worker's, stopped ones too.
WORKER_PEAK_MEMORY = Gauge(
    "civic_worker_peak_memory_bytes", "Peak resident memory of a web worker process", multiprocess_mode="max"
)


def count_event(event: str) -> None:
    """Count one domain event, e.g. ``count_event("quiz_submission")``."""
    EVENTS.labels(event=event).inc()


class RequestIdMiddleware:
    """First in the chain: every log line of the request, and the response, carry its id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _VALID_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
            WORKER_PEAK_MEMORY.set(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)  # kB on Linux
        response["X-Request-ID"] = request_id
        return response


@receiver(task_enqueued)
def _remember_request_of_task(sender, task_result, **kwargs):
    request_id = request_id_var.get()
    if request_id == "-":
        return
    try:
        cache.set(_TASK_KEY.format(task_result.id), request_id, _TASK_KEY_SECONDS)
    except Exception:  # a cache that is down must not stop the task from being queued
        logger.warning("could not remember the request of task %s", task_result.id, exc_info=True)


@receiver(task_started)
def _adopt_request_of_task(sender, task_result, **kwargs):
    if request_id_var.get() != "-":
        return  # run at once, inside the request that queued it
    try:
        request_id = cache.get(_TASK_KEY.format(task_result.id))
    except Exception:
        request_id = None
    request_id_var.set(request_id or f"task-{task_result.id}")


@receiver(task_finished)
def _count_task(sender, task_result, **kwargs):
    TASKS.labels(task=task_result.task.module_path, status=str(task_result.status).lower()).inc()


class _QueueCollector:
    """The task queue as Redis holds it at scrape time: jobs waiting and jobs failed, per queue."""

    def collect(self):
        waiting = GaugeMetricFamily(
            "civic_task_queue_waiting", "Jobs waiting in the task queue", labels=["queue"]
        )
        failed = GaugeMetricFamily(
            "civic_task_queue_failed", "Failed jobs kept by the task queue", labels=["queue"]
        )
        for name in getattr(settings, "RQ_QUEUES", {}):
            try:
                import django_rq

                queue = django_rq.get_queue(name)
                waiting.add_metric([name], queue.count)
                failed.add_metric([name], queue.failed_job_registry.count)
            except Exception:  # Redis down: say nothing rather than fail the scrape
                logger.warning("task queue %s unreadable for metrics", name, exc_info=True)
        yield waiting
        yield failed


def _registry() -> CollectorRegistry:
    import os

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


def metrics_view(request):
    """Prometheus metrics for a scraper that sends ``Authorization: Bearer <METRICS_TOKEN>``; without the
    setting, or with another token, the page does not exist (404)."""
    expected = getattr(settings, "METRICS_TOKEN", "")
    header = request.headers.get("Authorization", "")
    given = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise Http404
    queues = CollectorRegistry()
    queues.register(_QueueCollector())
    body = generate_latest(_registry()) + generate_latest(queues)
    return HttpResponse(body, content_type="text/plain; version=0.0.4; charset=utf-8")
