"""The one place that lists what a learner does in a lesson (its activities) and when each kind is done.

A lesson is complete when every activity in its body is done; a lesson without activities is complete when the
learner marks it done. Each kind (``quiz`` here, ``h5p`` from courses.h5p.integration) registers two things:

- ``ACTIVITY_BLOCKS[block_name]``: turns a body block's value into an ``Activity`` (or None);
- ``ACTIVITY_DONE[kind]``: given a user and that kind's activities, returns the keys that user has done
  (one query for all of them, so progress does not cost a query per activity).

When something that may complete an activity happens (a quiz attempt is stored, an H5P package reports
completion), call ``courses.services.lesson_progress_refresh(user=..., lesson=...)`` for the lessons concerned.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .models import QuizAttempt


@dataclass(frozen=True)
class Activity:
    kind: str
    key: str  # stable across languages (e.g. a quiz's translation_key)
    object: Any = None


def _quiz_activity(value) -> Activity | None:
    quiz = value.get("quiz")
    return Activity("quiz", str(quiz.translation_key), quiz) if quiz is not None else None


def _quizzes_done(*, user, activities: Iterable[Activity]) -> set[str]:
    keys = {a.key for a in activities}
    passed = QuizAttempt.objects.filter(user=user, quiz_key__in=keys, passed=True).values_list(
        "quiz_key", flat=True
    )
    return {str(k) for k in passed}


ACTIVITY_BLOCKS: dict[str, Callable[[Any], Activity | None]] = {"quiz": _quiz_activity}
ACTIVITY_DONE: dict[str, Callable[..., set[str]]] = {"quiz": _quizzes_done}


def lesson_activities(lesson) -> list[Activity]:
    """The activities in a lesson's body, in order, without duplicates."""
    found: dict[tuple[str, str], Activity] = {}
    for child in lesson.body:
        make = ACTIVITY_BLOCKS.get(child.block_type)
        activity = make(child.value) if make else None
        if activity is not None:
            found.setdefault((activity.kind, activity.key), activity)
    return list(found.values())


def activities_done(*, user, activities: list[Activity]) -> set[tuple[str, str]]:
    """(kind, key) of the activities this user has done."""
    done: set[tuple[str, str]] = set()
    by_kind: dict[str, list[Activity]] = {}
    for activity in activities:
        by_kind.setdefault(activity.kind, []).append(activity)
    for kind, items in by_kind.items():
        check = ACTIVITY_DONE.get(kind)
        if check is not None:
            done |= {(kind, key) for key in check(user=user, activities=items)}
    return done
