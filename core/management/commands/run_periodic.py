"""The clock: queues the periodic background tasks on time, forever (one such process per site; docker/compose.yaml
runs it as the `clock` service). Each app lists its own in `tasks.PERIODIC_TASKS` as (task, every N seconds);
core.registry collects them. The worker does the work; without Redis the tasks run here."""

import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django_tasks.base import Task

from core.registry import periodic_tasks


def schedule() -> list[tuple[Task, int]]:
    """Every app's PERIODIC_TASKS as (task, every N seconds); a wrong entry stops the clock at once, not at its
    first turn."""
    entries = []
    for task, seconds, app in periodic_tasks():
        if not isinstance(task, Task) or not isinstance(seconds, int) or seconds < 1:
            raise CommandError(
                f"{app}.tasks.PERIODIC_TASKS: {task!r} must be a task and {seconds!r} a number of seconds"
            )
        entries.append((task, seconds))
    return entries


class Command(BaseCommand):
    help = (
        "Queue the periodic background tasks (offer expiry, personal-data purge, expired sessions) on time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="queue every periodic task once, then stop")

    def handle(self, *args, once=False, **options):
        entries = schedule()
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
        due = {task.name: time.monotonic() for task, _seconds in entries}  # all at start, then every N s
        while not stopping:
            now = time.monotonic()
            for task, seconds in entries:
                if due[task.name] <= now:
                    result = task.enqueue()
                    self.stdout.write(f"queued {task.name} ({result.id})")
                    due[task.name] = now + seconds
            if once:
                return
            time.sleep(max(0.0, min(1.0, min(due.values()) - time.monotonic())))
