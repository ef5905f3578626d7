"""Caches of courses, all keyed by a generation number that moves on whenever a page is published, unpublished,
moved or deleted or a quiz changes (so nothing is ever served stale):

- the course map: page path in each language → (page id, kind, live revision), module outlines and view
  restrictions, so course pages are found with one query instead of Wagtail's walk down the tree;
- anonymous pages: the whole response, keyed by language, page, live revision and generation;
- module outlines (the module and its lessons as links) when the course map cannot hold them;
- lesson bodies without their quizzes, rendered once per language, revision and signed-in state;
- quizzes used by lesson bodies (plain field values, rebuilt into Quiz objects);
- a quiz as learners reach it by id in a language, and the live lessons that use it with their activities, so a
  submission finds its quiz and the progress it moves without reading pages;
- a logged-in learner's own module and lesson pages and "My learning" (below), and the once-a-minute "last
  seen" throttle.

Every `courses:*` key is built here.
"""

import copy
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from wagtail.models import Page, PageViewRestriction, Site

from core.cache import follow, incr_with_followers, values_digest, values_raw
from core.generations import Generation

GENERATION_KEY = "courses:generation"
_LOCAL: dict = {}  # per-process copy of the course map for the current generation
# A process-local cache (LocMemCache) cannot hear another worker's publication: keep its copies to a minute.
# With a shared cache (Redis, CACHE_URL) the generation number reaches every worker at once.
_LOCAL_ONLY = "locmem" in settings.CACHES["default"]["BACKEND"].lower()
TIMEOUT = 60 if _LOCAL_ONLY else 60 * 60


@dataclass(frozen=True)
class PageLink:
    """A page as a link: enough for navigation, and cheap to cache."""

    id: int
    title: str
    url: str
    translation_key: object


# Read once per request, with the other generations (core.generations).
COURSES = Generation(GENERATION_KEY)


def generation() -> int:
    return COURSES.current()


def generation_bump() -> None:
    COURSES.bump()  # a request that publishes reads its own change


def course_map(gen: int) -> dict | None:
    """Built in three queries, then cached until the next publication; None with several sites (then Wagtail
    routes as usual):

    - ``routes``: {(language, path under the language prefix): (page id, kind, live revision id)};
    - ``outlines``: {module path: (module PageLink, [lesson PageLinks in order])};
    - ``restrictions``: {page path: [PageViewRestriction]} for the pages that have any (on them or above).
    """
    local = _LOCAL.get("map")
    fresh = local is not None and (not _LOCAL_ONLY or time.monotonic() - local[2] < TIMEOUT)
    if fresh and local[0] == gen:  # this process already has it: no unpickling per request
        return local[1] or None
    key = f"courses:map:{gen}"
    data = cache.get(key)
    if data is not None:
        _LOCAL["map"] = (gen, data, time.monotonic())
        return data or None
    # Late: courses.models imports the lesson body's blocks, which read quizzes through this module.
    from .models import LessonPage, ModulePage

    roots = list(Site.get_site_root_paths())
    if len({r.site_id for r in roots}) != 1:
        cache.set(key, {}, TIMEOUT)
        return None
    fields = ("pk", "url_path", "live_revision_id", "path", "title", "translation_key")
    pages = {
        kind: list(model.objects.live().order_by("path").values_list(*fields))
        for kind, model in (("lesson", LessonPage), ("module", ModulePage))
    }
    restrictions = list(PageViewRestriction.objects.select_related("page"))
    routes, links = {}, {}
    for kind, rows in pages.items():
        for pk, url_path, revision, path, title, translation_key in rows:
            for root in roots:
                if url_path.startswith(root.root_path):
                    relative = "/" + url_path[len(root.root_path) :]
                    routes[(root.language_code, relative)] = (pk, kind, revision, translation_key)
                    links[path] = PageLink(pk, title, f"/{root.language_code}{relative}", translation_key)
                    break
    outlines = {}
    for path, module_link in ((row[3], links.get(row[3])) for row in pages["module"]):
        if module_link is not None:
            lessons = [links[row[3]] for row in pages["lesson"] if row[3][:-4] == path and row[3] in links]
            outlines[path] = (module_link, lessons)
    by_path = {}
    for path in links:
        found = [r for r in restrictions if path.startswith(r.page.path)]
        if found:
            by_path[path] = found
    data = {"routes": routes, "outlines": outlines, "restrictions": by_path}
    cache.set(key, data, TIMEOUT)
    _LOCAL["map"] = (gen, data, time.monotonic())
    return data


def module_outline(*, lesson, request) -> tuple[PageLink, list[PageLink]]:
    """The lesson's module and its live lessons in order: from the course map, else one query cached until
    the next publication."""
    parent_path = lesson.path[: -lesson.steplen]
    data = course_map(generation())
    if data and parent_path in data["outlines"]:
        return data["outlines"][parent_path]
    key = f"courses:outline:{generation()}:{parent_path}"
    outline = cache.get(key)
    if outline is None:
        rows = list(
            Page.objects.filter(
                Q(path=parent_path) | Q(live=True, depth=lesson.depth, path__startswith=parent_path)
            )
            .order_by("path")
            .only("id", "title", "slug", "url_path", "path", "depth", "translation_key", "locale_id", "live")
        )
        links = [PageLink(p.pk, p.title, p.get_url(request) or "", p.translation_key) for p in rows]
        outline = (links[0], links[1:])
        cache.set(key, outline, TIMEOUT)
    return outline


def quiz_rows(ids: list[int], load) -> dict:
    """{quiz pk: plain field values} for lesson bodies' quiz blocks; `load(ids)` reads those not cached."""
    key = f"courses:quizzes:{generation()}:{','.join(map(str, ids))}"
    rows = cache.get(key)
    if rows is None:
        rows = load(ids)
        cache.set(key, rows, TIMEOUT)
    return rows


def quiz_row(quiz) -> dict:
    """A quiz as plain field values (what the cache keeps); `Quiz(**row)` makes it an object again."""
    row = {f.attname: getattr(quiz, f.attname) for f in quiz._meta.concrete_fields}
    row["questions"] = list(quiz.questions.raw_data)
    return row


_GENERATIONAL: dict = {}  # this process's copies: {name: (generation, value, when)}
_GENERATIONAL_MAX = 5000


def _generational(name: str, load):
    """A value that only a publication or a quiz change can alter, so it is kept per generation: in this
    process (no trip to the cache while the generation stands; a minute at most with a process-local cache,
    which cannot hear another worker), else in the shared cache, else `load()`ed."""
    gen = generation()
    mine = _GENERATIONAL.get(name)
    if mine is not None and mine[0] == gen and (not _LOCAL_ONLY or time.monotonic() - mine[2] < TIMEOUT):
        return mine[1]
    key = f"{name}:{gen}"
    found = cache.get(key)
    if found is None:
        found = load()
        cache.set(key, found, TIMEOUT)
    if len(_GENERATIONAL) >= _GENERATIONAL_MAX:
        _GENERATIONAL.clear()
    _GENERATIONAL[name] = (gen, found, time.monotonic())
    return found


_LIVE_PAGES: dict = {}  # this process's copies: {page id: ((generation, revision), page, when)}


def live_page(*, page_id: int, revision_id, gen: int, load):
    """The live module or lesson page the course map names, read (`load()`) once per generation and live
    revision in this process; each request gets its own shallow copy, so nothing one request sets on it is seen
    by another."""
    stamp = (gen, revision_id)
    mine = _LIVE_PAGES.get(page_id)
    if mine is None or mine[0] != stamp or (_LOCAL_ONLY and time.monotonic() - mine[2] > TIMEOUT):
        page = load()
        if page is None:
            return None
        if len(_LIVE_PAGES) >= _GENERATIONAL_MAX:
            _LIVE_PAGES.clear()
        mine = _LIVE_PAGES[page_id] = (stamp, page, time.monotonic())
    return copy.copy(mine[1])


def quiz_for_learners(*, pk: int, language: str, load):
    """The plain values of the quiz learners get for this id in this language, or None when it is not open to
    them; `load()` works it out when not cached."""
    return _generational(f"courses:quiz:{language}:{pk}", lambda: load() or 0) or None  # 0: "not open"


def quiz_lessons(*, quiz_key, load) -> list:
    """The live lessons that use the quiz (in any language), as `load()` describes them."""
    return _generational(f"courses:quiz-lessons:{quiz_key}", load)


def body_segments(*, language: str, signed_in: bool, page_id: int, revision_id, render) -> list:
    """A lesson body's segments (everything but its quizzes, which depend on the learner), `render()`ed once for
    every worker and kept per generation like the quizzes the body uses."""
    return _generational(f"courses:body:{language}:{int(signed_in)}:{page_id}:{revision_id}", render)


_SEEN: dict = {}  # this process's own "written within the minute", so most page hits skip the cache too


def seen_throttle(*, user_id: int, lesson_id: int) -> bool:
    """True at most once a minute per learner and lesson: when "last seen" may be written again."""
    now, local = time.monotonic(), (generation(), user_id, lesson_id)  # a new generation starts afresh
    if now - _SEEN.get(local, -60.0) < 60:
        return False
    if len(_SEEN) > 50_000:
        _SEEN.clear()
    _SEEN[local] = now
    return cache.add(f"courses:seen:{user_id}:{lesson_id}", 1, 60)


def anonymous_cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def page_key(*, language: str, page_id: int, revision_id, gen: int) -> str:
    return f"courses:page:{language}:{page_id}:{revision_id}:{gen}"


# ---- a learner's own pages ----------------------------------------------------------------------------
# A logged-in learner's module and lesson pages are cached for that learner only, keyed also by their CSRF
# cookie (the forms carry its token) and a per-learner version that every write about them moves on
# (attempt started or submitted, lesson done or completed). Short-lived, and never with an open timed attempt.
LEARNER_TIMEOUT = 60 if _LOCAL_ONLY else 5 * 60


def learner_cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and "messages" not in request.COOKIES
        and bool(request.COOKIES.get("csrftoken"))
    )


def learner_version(user_id: int) -> int:
    return cache.get(f"courses:learner:{user_id}") or 0


def learner_versions_digest(user_ids) -> str:
    """One short value that changes whenever any of these learners' versions moves (one cache round trip; on
    Redis the versions themselves never travel back). The learners are the same list in the same order for
    the same key (the caller's), so the digest covers the values only."""
    return values_digest(cache, [f"courses:learner:{pk}" for pk in user_ids])


def learner_version_bump(user_id: int) -> None:
    """The learner's version moves on, and with it every counter that follows them (learners_followed_by)."""
    incr_with_followers(cache, f"courses:learner:{user_id}", followers_key(user_id))


def followers_key(user_id: int) -> str:
    return f"courses:learner-followers:{user_id}"


def learners_followed_by(user_ids, counter: str) -> bool:
    """From now on `counter` moves on whenever any of these learners' versions does: a page that shows many
    learners (a teacher's dashboard) compares that one counter rather than all their versions. False when the
    cache cannot be reached (nothing then follows them)."""
    return follow(cache, counter, [followers_key(pk) for pk in user_ids])


def learner_followers_forget(user_id: int) -> None:
    cache.delete(followers_key(user_id))


LAST_SEEN_TIMEOUT = 24 * 60 * 60


def learner_last_seen_set(user_id: int, lesson_id: int | None) -> None:
    """The lesson the learner opened last ("My learning" follows it), kept apart from their version, which a
    lesson visit leaves alone (their cached lesson pages stay good)."""
    cache.set(f"courses:learner-last:{user_id}", lesson_id or 0, LAST_SEEN_TIMEOUT)


def learning_key(*, request) -> tuple[str, int | None]:
    """The key of "My learning" and the lesson opened last it is for (None when not known here), in one round
    trip: keyed like the learner's other own pages, and by that lesson (the lesson to continue follows from it)."""
    user_id = request.user.pk
    version, last = values_raw(cache, [f"courses:learner:{user_id}", f"courses:learner-last:{user_id}"])
    last = None if last is None else int(last) or None
    csrf = request.COOKIES.get("csrftoken", "")[:64]
    key = (
        f"courses:lview:learning:{user_id}:{int(version or 0)}:{last or '-'}:{csrf}:{request.LANGUAGE_CODE}:"
        f"{generation()}"
    )
    return key, last


def learner_page_key(*, request, language: str, page_id: int, revision_id, gen: int) -> str:
    user_id = request.user.pk
    csrf = request.COOKIES.get("csrftoken", "")[:64]
    return (
        f"courses:lpage:{user_id}:{learner_version(user_id)}:{csrf}:{language}:{page_id}:{revision_id}:{gen}"
    )
