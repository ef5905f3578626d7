"""The task queue on Redis: what happens when Redis is down, and tasks that are tried again when they fail.

- While Redis is down a task runs at once in the process that queued it (as without Redis), so a page that sends
  a mail or updates the search index still answers.
- A task registered with :func:`retry_on_failure` (every mail: core.mail) that raises in the worker is queued
  again after each of its intervals (backoff); the worker's scheduler (`rqworker --with-scheduler`) moves it back
  to the queue when its time comes. Each failed try is a warning in the log and counts in
  ``civic_tasks{status="retrying"}``; after the last one the job stays in the queue's failed-job registry
  (``civic_task_queue_failed``, django-rq's admin page), its traceback is an error in the log and it counts in
  ``civic_tasks{status="failed"}``. Nothing is dropped: an operator requeues it from there.
"""

import logging

import django_rq
from django_tasks import TaskResultStatus
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TASK_MAX_PRIORITY, TaskResult
from django_tasks.signals import task_enqueued, task_finished
from django_tasks.utils import get_module_path, get_random_id
from django_tasks_rq.backend import Job, RQBackend, success_callback
from redis.exceptions import RedisError
from rq import Retry
from rq.job import Callback, JobStatus

logger = logging.getLogger(__name__)

# Task module path -> seconds to wait before each further try.
_RETRIED: dict[str, tuple[int, ...]] = {}


def retry_on_failure(task, *, intervals) -> None:
    """Queue `task` from now on with one further try after each of `intervals` (seconds) when it raises."""
    _RETRIED[task.module_path] = tuple(int(seconds) for seconds in intervals)


def retry_intervals(task) -> tuple[int, ...]:
    return _RETRIED.get(task.module_path, ())


def failed_callback(job, connection, exception_class, exception_value, traceback):
    """Called by the worker after every failed try: a try that will be repeated is a warning; the last one an
    error, the failed task's signal and its place in the failed-job registry (rq puts it there)."""
    job.meta.setdefault("_django_tasks_rq_exceptions", []).append(get_module_path(exception_class))
    job.save_meta()
    task_result = job.task_result
    if job.retries_left:
        logger.warning(
            "task %s (%s) failed, %s tries left: %s",
            task_result.task.module_path,
            job.id,
            job.retries_left,
            exception_value,
        )
        from .observability import TASKS

        TASKS.labels(task=task_result.task.module_path, status="retrying").inc()
        return
    logger.error(
        "task %s (%s) failed for good after %s tries; kept in the failed-job registry",
        task_result.task.module_path,
        job.id,
        len(job.meta["_django_tasks_rq_exceptions"]),
        exc_info=(exception_class, exception_value, traceback),
    )
    object.__setattr__(task_result, "status", TaskResultStatus.FAILED)
    task_finished.send(type(task_result.task.get_backend()), task_result=task_result)


class ResilientRQBackend(RQBackend):
    def enqueue(self, task, args, kwargs):
        try:
            return self._enqueue(task, args, kwargs)
        except RedisError:
            logger.warning("task queue unreachable: running %s at once", task.module_path, exc_info=True)
            return ImmediateBackend(self.alias, {}).enqueue(task, args, kwargs)

    def _enqueue(self, task, args, kwargs):
        """RQBackend.enqueue, with a retry policy for the registered tasks and our failure callback."""
        self.validate_task(task)
        task_result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        intervals = retry_intervals(task)
        queue = django_rq.get_queue(task.queue_name, job_class=Job)
        job = queue.create_job(
            task.module_path,
            args=args,
            kwargs=kwargs,
            job_id=task_result.id,
            status=JobStatus.SCHEDULED if task.run_after else JobStatus.QUEUED,
            on_failure=Callback(failed_callback),
            on_success=Callback(success_callback),
            meta={"backend_name": self.alias},
            retry=Retry(max=len(intervals), interval=list(intervals)) if intervals else None,
        )
        if task.run_after is None:
            job = queue.enqueue_job(job, at_front=task.priority == TASK_MAX_PRIORITY)
        else:
            job = queue.schedule_job(job, task.run_after)
        object.__setattr__(task_result, "enqueued_at", job.enqueued_at)
        task_enqueued.send(type(self), task_result=task_result)
        return task_result
