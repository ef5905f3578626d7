"""The state of one pupil's work on one assignment: a pure function of what the server recorded and when.

Only the server's timestamps count (a lesson's completion time, a quiz attempt's submission time), never the
device's clock: work finished before the due time is on time wherever the pupil was.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
DONE = "done"
DONE_LATE = "done_late"
OVERDUE = "overdue"

LABELS = {
    NOT_STARTED: _("Not started"),
    IN_PROGRESS: _("In progress"),
    DONE: _("Done"),
    DONE_LATE: _("Done late"),
    OVERDUE: _("Overdue"),
}
STATES = tuple(LABELS)
FINISHED = (DONE, DONE_LATE)


@dataclass(frozen=True)
class Work:
    """What a pupil has done on an assignment's content: when it was finished (None if not), whether it was
    begun, the best quiz score in percent (None for lessons and modules or no attempt) and the number of
    submitted attempts."""

    done_at: datetime | None = None
    started: bool = False
    best_percent: int | None = None
    attempts: int = 0


def state_of(*, work: Work, due_at: datetime | None, now: datetime) -> str:
    """The one rule: finished by the due time is done, after it done late; unfinished past it is overdue."""
    if work.done_at is not None:
        return DONE_LATE if due_at is not None and work.done_at > due_at else DONE
    if due_at is not None and now > due_at:
        return OVERDUE
    return IN_PROGRESS if work.started else NOT_STARTED
