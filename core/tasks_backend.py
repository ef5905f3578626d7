"""The task queue on Redis, and what happens when Redis is down: the task runs at once in the process that
queued it (as without Redis), so a page that sends a mail or updates the search index still answers."""

import logging

from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_rq.backend import RQBackend
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class ResilientRQBackend(RQBackend):
    def enqueue(self, task, args, kwargs):
        try:
            return super().enqueue(task, args, kwargs)
        except RedisError:
            logger.warning("task queue unreachable: running %s at once", task.module_path, exc_info=True)
            return ImmediateBackend(self.alias, {}).enqueue(task, args, kwargs)
