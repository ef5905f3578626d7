"""Cached classroom views: the teacher's dashboard page and a class's report, kept until something they show
changes. A key is made of the classrooms generation (moved on by every write to classes, pupils in them and
assignments), the pupils' work (a counter that courses moves on with each pupil's learning version, at every
attempt and lesson progress), the minute (so a due time that passes shows within a minute) and, for pages, the
CSRF cookie.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from core.cache import values_raw
from core.generations import Generation
from courses.cache import learner_versions_digest, learners_followed_by

GENERATION_KEY = "classrooms:generation"
# A process-local cache cannot hear another worker's write: keep its copies to a minute there.
_LOCAL_ONLY = "locmem" in settings.CACHES["default"]["BACKEND"].lower()
TIMEOUT = 60 if _LOCAL_ONLY else 10 * 60


# Read once per request, with the other generations (core.generations).
CLASSROOMS = Generation(GENERATION_KEY)


def generation() -> int:
    return CLASSROOMS.current()


def _bump() -> None:
    CLASSROOMS.bump()


def changed() -> None:
    """Something a dashboard or report shows has changed: now, and again after the commit."""
    _bump()
    transaction.on_commit(_bump)


def fingerprint(
    *,
    scope: str,
    follow: str | None = None,
    load_student_ids=None,
    student_ids=None,
    now=None,
    per_minute: bool = True,
) -> str:
    """A cache key for `scope` as it stands now: generation, the pupils' work and the minute (unless
    `per_minute` is off: the caller then knows when its page changes with time).

    The pupils are `student_ids` (their learning versions are compared: a pupil's own page), or those
    `load_student_ids()` finds: then one counter, named by `follow` (what the pupils depend on: not the
    language or CSRF cookie a page is also keyed by; `scope` by default), moves on with each of their versions
    (courses.cache.learners_followed_by), so a page of hundreds of pupils compares one number. Which pupils
    belong to the scope changes only with the generation: they are followed once per generation, and the list
    is kept in this process and in the shared cache (a worker that has not read it yet finds it there)."""
    now = now or timezone.now()
    gen = generation()
    if student_ids is not None:
        work = learner_versions_digest(student_ids)
    else:
        work = _followed_work(follow or scope, gen, load_student_ids)
    minute = int(now.timestamp() // 60) if per_minute else ""
    return f"classrooms:{scope}:{gen}:{minute}:{work}"


def _followed_work(name: str, gen: int, load_student_ids) -> str:
    """The counter of the pupils' work for `name` (one trip), after making it follow them if this generation
    has not yet (the pupils are followed before the page is drawn: any later write of theirs moves it)."""
    counter, marker = f"classrooms:work:{name}", f"classrooms:followed:{name}:{gen}"
    value, followed = values_raw(cache, [counter, marker])
    if followed is None:
        student_ids = CLASSROOMS.kept(f"ids:{name}", lambda: _shared_ids(name, gen, load_student_ids))
        if not learners_followed_by(student_ids, counter):
            return uuid.uuid4().hex  # the cache is unreachable: match nothing
        cache.set(marker, 1, TIMEOUT)
    return value.decode() if isinstance(value, bytes) else str(value or 0)


def _shared_ids(scope: str, gen: int, load_student_ids) -> list[int]:
    ids_key = f"classrooms:ids:{scope}:{gen}"
    student_ids = cache.get(ids_key)
    if student_ids is None:
        student_ids = sorted(set(load_student_ids()))
        cache.set(ids_key, student_ids, TIMEOUT)
    return student_ids


def get(key: str):
    return cache.get(key)


def put(key: str, value) -> None:
    cache.set(key, value, TIMEOUT)
