"""Every non-trivial read of courses: modules and lessons in a language, a learner's progress and quiz state.

Budgets: each function runs a fixed number of queries whatever the number of modules, lessons or questions.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils import timezone, translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from . import cache, scoring
from .activities import lesson_activities
from .cache import PageLink  # the lesson page's links (built and cached there; importable from here)
from .models import (
    TIME_LIMIT_GRACE,
    AttemptStatus,
    LessonPage,
    LessonProgress,
    LessonQuiz,
    ModulePage,
    Quiz,
    QuizAttempt,
)

# ---- pages in a language ------------------------------------------------------------------------------


def module_list(*, locale: Locale, topic: str = ""):
    modules = ModulePage.objects.live().public().filter(locale=locale).order_by("path")
    if topic:
        modules = modules.filter(topic=topic)
    return modules.select_related("cover_image")


def module_list_for_index(*, index, topic: str = "") -> list[ModulePage]:
    modules = (
        ModulePage.objects.child_of(index).live().public().order_by("path").select_related("cover_image")
    )
    if topic:
        modules = modules.filter(topic=topic)
    return list(modules)


def module_lessons(*, module: ModulePage) -> list[LessonPage]:
    """The module's live lessons in their order (the page tree's order)."""
    return list(
        LessonPage.objects.live()
        .filter(path__startswith=module.path, depth=module.depth + 1)
        .order_by("path")
        .defer("body")
    )


def _localized(model, obj, locale: Locale):
    if obj.locale_id == locale.pk:
        return obj
    translation = model.objects.live().filter(translation_key=obj.translation_key, locale=locale).first()
    return translation or obj


def page_in_language(*, model, pk: int, locale: Locale):
    """A live, public page by id, returned in `locale` when it has a translation there; Http404 otherwise."""
    page = model.objects.live().public().filter(pk=pk).first()
    if page is None:
        raise Http404
    return _localized(model, page, locale)


def lesson_module(*, lesson: LessonPage) -> ModulePage:
    return ModulePage.objects.get(path=lesson.path[: -lesson.steplen])


def quiz_available(*, pk: int, locale: Locale | None = None) -> Quiz:
    """A quiz used by a live, public lesson, in `locale` (default: the active language's) when translated;
    Http404 otherwise (a quiz of an unpublished lesson does not exist for learners). Cached until the next
    publication or quiz change: a submission reads no page to find its quiz."""
    language = locale.language_code if locale is not None else _active_language()

    def load():
        quiz = Quiz.objects.filter(pk=pk).first()
        if quiz is None:
            return None
        lessons = (
            LessonPage.objects.live().public().filter(quiz_links__quiz__translation_key=quiz.translation_key)
        )
        if not lessons.exists():
            return None
        locale_id = locale.pk if locale is not None else Locale.get_active().pk
        if quiz.locale_id != locale_id:
            quiz = (
                Quiz.objects.filter(translation_key=quiz.translation_key, locale_id=locale_id).first() or quiz
            )
        return cache.quiz_row(quiz)

    row = cache.quiz_for_learners(pk=pk, language=language, load=load)
    if row is None:
        raise Http404
    return Quiz(**row)


def _active_language() -> str:
    """The content language Locale.get_active() would choose, without its query."""
    try:
        return get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class LessonActivities:
    """A live lesson as progress sees it: its keys, its activities as (kind, key), and where it is."""

    lesson_id: int
    lesson_key: object
    module_key: object
    activities: tuple
    quiz_ids: tuple  # the quizzes (of its language) its body uses
    url: str
    path: str


def quiz_lessons(*, quiz: Quiz) -> list[LessonActivities]:
    """The live lessons that use this quiz in any language, in the page tree's order. Cached until the next
    publication or quiz change (two queries, and the bodies parsed, when not)."""

    def load():
        links = list(
            LessonQuiz.objects.filter(quiz__translation_key=quiz.translation_key, lesson__live=True)
            .select_related("lesson")
            .order_by("lesson__path", "quiz_id")
        )
        lessons = {link.lesson.pk: link.lesson for link in links}
        parents = {lesson.path[: -lesson.steplen] for lesson in lessons.values()}
        module_keys = dict(ModulePage.objects.filter(path__in=parents).values_list("path", "translation_key"))
        return [
            LessonActivities(
                lesson_id=lesson.pk,
                lesson_key=lesson.translation_key,
                module_key=module_keys.get(lesson.path[: -lesson.steplen]),
                activities=tuple((a.kind, a.key) for a in lesson_activities(lesson)),
                quiz_ids=tuple(link.quiz_id for link in links if link.lesson_id == lesson.pk),
                url=lesson.get_url() or "",
                path=lesson.path,
            )
            for lesson in lessons.values()
        ]

    return cache.quiz_lessons(quiz_key=quiz.translation_key, load=load)


def quizzes_in_locale(quizzes: list[Quiz], locale_id: int) -> dict[int, Quiz]:
    """Map each quiz's pk to its translation in the page's language (one query at most)."""
    others = [q for q in quizzes if q.locale_id != locale_id]
    result = {q.pk: q for q in quizzes}
    if others:
        found = {
            q.translation_key: q
            for q in Quiz.objects.filter(
                translation_key__in=[q.translation_key for q in others], locale_id=locale_id
            )
        }
        for q in others:
            result[q.pk] = found.get(q.translation_key, q)
    return result


# ---- progress -----------------------------------------------------------------------------------------


def _authenticated(user) -> bool:
    return user is not None and user.is_authenticated


def progress_percent(completed: int, total: int) -> int:
    return round(100 * completed / total) if total else 0


def module_progress_map(*, user, modules: list[ModulePage], lessons: list[LessonPage] | None = None) -> dict:
    """{module pk: {"completed", "total", "percent"}} for a learner; empty for the anonymous. Two queries."""
    if not _authenticated(user) or not modules:
        return {}
    if lessons is None:
        lessons = list(
            LessonPage.objects.live()
            .filter(reduce(or_, (Q(path__startswith=m.path, depth=m.depth + 1) for m in modules)))
            .only("path", "translation_key")
        )
    done = set(
        LessonProgress.objects.filter(
            user=user, module_key__in=[m.translation_key for m in modules], completed_at__isnull=False
        ).values_list("lesson_key", flat=True)
    )
    result = {}
    for module in modules:
        keys = [lesson.translation_key for lesson in lessons if lesson.path.startswith(module.path)]
        completed = sum(1 for k in keys if k in done)
        result[module.pk] = {
            "completed": completed,
            "total": len(keys),
            "percent": progress_percent(completed, len(keys)),
        }
    return result


def completed_lesson_keys(*, user, module) -> set | None:
    """Translation keys of the module's lessons this learner has completed; None for the anonymous."""
    if not _authenticated(user):
        return None
    return set(
        LessonProgress.objects.filter(
            user=user, module_key=module.translation_key, completed_at__isnull=False
        ).values_list("lesson_key", flat=True)
    )


def learner_last_opened(*, user) -> int | None:
    """The id of the live lesson the learner opened last (what "the lesson to continue" follows from), on the
    (user, -last_seen_at) index."""
    return _recently_opened(user).values_list("lesson_id", flat=True).first()


def _recently_opened(user):
    """The learner's progress rows in live lessons, the one opened last first."""
    return LessonProgress.objects.filter(user=user, lesson__live=True).order_by("-last_seen_at")


def learner_continue(*, user, locale: Locale) -> LessonPage | None:
    """The lesson to continue: the last one opened and not yet complete, else the next lesson after the last
    one opened; in the learner's current language. Anonymous: None."""
    if not _authenticated(user):
        return None
    recent = list(_recently_opened(user).select_related("lesson")[:1])
    if not recent:
        return None
    progress = recent[0]
    lesson = progress.lesson
    if progress.completed_at is not None:
        following = (
            LessonPage.objects.live()
            .filter(path__startswith=lesson.path[: -lesson.steplen], depth=lesson.depth, path__gt=lesson.path)
            .order_by("path")
            .first()
        )
        if following is None:
            return None
        lesson = following
    return _localized(LessonPage, lesson, locale)


@dataclass
class ModuleOverview:
    module: ModulePage
    completed: int
    total: int
    percent: int
    lessons: list = field(default_factory=list)  # [(lesson, LessonProgress | None)]


def learner_overview(*, user, locale: Locale) -> list[ModuleOverview]:
    """Every module of the language with the learner's progress in each lesson ("My learning"). Three queries."""
    modules = list(module_list(locale=locale))
    if not modules:
        return []
    lessons = list(
        LessonPage.objects.live()
        .filter(reduce(or_, (Q(path__startswith=m.path, depth=m.depth + 1) for m in modules)))
        .order_by("path")
        .defer("body")
    )
    rows = {
        p.lesson_key: p
        for p in LessonProgress.objects.filter(user=user, module_key__in=[m.translation_key for m in modules])
    }
    overview = []
    for module in modules:
        items = [
            (lesson, rows.get(lesson.translation_key))
            for lesson in lessons
            if lesson.path.startswith(module.path)
        ]
        completed = sum(1 for _lesson, p in items if p is not None and p.completed_at is not None)
        overview.append(
            ModuleOverview(module, completed, len(items), progress_percent(completed, len(items)), items)
        )
    return overview


# ---- quiz state ---------------------------------------------------------------------------------------


@dataclass
class QuizState:
    """What one learner may do with one quiz now, and what they may see."""

    quiz: Quiz
    questions: list  # public questions, in this learner's order
    attempts: list[QuizAttempt]  # submitted, newest first
    open_attempt: QuizAttempt | None
    authenticated: bool

    @property
    def attempts_used(self) -> int:
        return len(self.attempts) + (1 if self.open_attempt else 0) + self._expired

    _expired: int = 0

    @property
    def attempts_left(self) -> int | None:
        if not self.quiz.max_attempts:
            return None
        return max(0, self.quiz.max_attempts - self.attempts_used)

    @property
    def passed(self) -> bool:
        return any(a.passed for a in self.attempts)

    @property
    def best(self) -> QuizAttempt | None:
        return max(self.attempts, key=lambda a: (a.percent, a.number), default=None)

    @property
    def reveal(self) -> bool:
        return scoring.reveal_allowed(
            quiz=self.quiz, attempts_used=len(self.attempts), passed_any=self.passed
        )

    @property
    def can_submit(self) -> bool:
        if not self.authenticated:
            return False
        if self.quiz.time_limit_minutes:
            return self.open_attempt is not None
        return self.attempts_left is None or self.attempts_left > 0

    @property
    def must_start(self) -> bool:
        return (
            self.authenticated
            and bool(self.quiz.time_limit_minutes)
            and self.open_attempt is None
            and (self.attempts_left is None or self.attempts_left > 0)
        )


def quiz_states(*, user, quizzes: list[Quiz]) -> dict[int, QuizState]:
    """The state of each quiz for this learner; one query for all their attempts at all these quizzes."""
    authenticated = _authenticated(user)
    attempts: list[QuizAttempt] = []
    if authenticated and quizzes:
        attempts = list(
            QuizAttempt.objects.filter(user=user, quiz_key__in={q.translation_key for q in quizzes})
        )
    now = timezone.now()
    states = {}
    for quiz in quizzes:
        mine = [a for a in attempts if a.quiz_key == quiz.translation_key]
        submitted = sorted((a for a in mine if a.status == AttemptStatus.SUBMITTED), key=lambda a: -a.number)
        started = [a for a in mine if a.status == AttemptStatus.STARTED]
        open_attempt = next(
            (a for a in started if a.deadline is None or now <= a.deadline + TIME_LIMIT_GRACE), None
        )
        expired = len(started) - (1 if open_attempt else 0)
        number = open_attempt.number if open_attempt else len(mine) + 1
        seed = f"{quiz.translation_key}:{user.pk if authenticated else 0}:{number}"
        questions = [
            scoring.public_question(q)
            for q in scoring.ordered(scoring.quiz_questions(quiz), quiz=quiz, seed=seed)
        ]
        state = QuizState(quiz, questions, submitted, open_attempt, authenticated)
        state._expired = expired
        states[quiz.pk] = state
    return states


def quiz_open_questions(*, user, quiz: Quiz, answers: dict) -> list[int]:
    """The numbers (as the learner sees them, in their order) of the questions `answers` leaves open."""
    state = quiz_states(user=user, quizzes=[quiz])[quiz.pk]
    open_ids = set(scoring.unanswered(scoring.quiz_questions(quiz), answers))
    return [number for number, q in enumerate(state.questions, start=1) if q["id"] in open_ids]


def attempt_result(*, attempt: QuizAttempt, quiz: Quiz, reveal: bool, answers: list | None = None) -> dict:
    """A submitted attempt with per-question results; answers and feedback only when `reveal`.

    Questions are read from `quiz` (the learner's current language); answers are matched by question id.
    `answers`: the attempt's answers when the caller has them (a submission just stored them), else read."""
    questions = {q.id: q for q in scoring.quiz_questions(quiz)}
    results = []
    for answer in attempt.answers.all() if answers is None else answers:
        question = questions.get(answer.question_id)
        if question is None:  # the question was removed from the quiz since
            continue
        results.append(
            scoring.question_result(
                question,
                response=answer.response,
                correct=answer.correct,
                points=answer.points,
                reveal=reveal,
            )
        )
    return {
        "id": attempt.pk,
        "number": attempt.number,
        "status": attempt.status,
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "submitted_at": attempt.submitted_at,
        "answered_offline_at": attempt.answered_offline_at,
        "score": attempt.score,
        "max_score": attempt.max_score,
        "percent": attempt.percent,
        "passed": attempt.passed,
        "answers_shown": reveal,
        "questions": results,
    }


def own_attempts(*, user, quiz: Quiz):
    return (
        QuizAttempt.objects.filter(user=user, quiz_key=quiz.translation_key)
        .order_by("-number")
        .prefetch_related("answers")
    )


@dataclass(frozen=True)
class QuizTotals:
    """A learner's submitted attempts at a quiz (any language) and whether one passed."""

    submitted: int
    passed_any: bool


def quiz_reveal_for(*, user, quiz: Quiz, totals: QuizTotals | None = None) -> bool:
    """Whether this learner may see the answers now; `totals` when the caller knows them (a submission counts
    them under its lock), else two queries."""
    if totals is not None:
        return scoring.reveal_allowed(quiz=quiz, attempts_used=totals.submitted, passed_any=totals.passed_any)
    submitted = QuizAttempt.objects.filter(
        user=user, quiz_key=quiz.translation_key, status=AttemptStatus.SUBMITTED
    )
    used = submitted.count()
    return scoring.reveal_allowed(
        quiz=quiz, attempts_used=used, passed_any=submitted.filter(passed=True).exists()
    )


# ---- the lesson page ----------------------------------------------------------------------------------


def module_outline(*, lesson: LessonPage, request) -> tuple[PageLink, list[PageLink]]:
    """The lesson's module and its live lessons in order (cached until the next publication)."""
    return cache.module_outline(lesson=lesson, request=request)


def lesson_page_context(*, lesson: LessonPage, request) -> dict:
    """Everything the lesson page shows beyond the page itself, in a fixed number of queries."""
    user = request.user
    module, lessons = module_outline(lesson=lesson, request=request)
    index = next((i for i, item in enumerate(lessons) if item.id == lesson.pk), None)
    previous_lesson = lessons[index - 1] if index else None
    next_lesson = lessons[index + 1] if index is not None and index + 1 < len(lessons) else None

    quizzes = [
        c.value["quiz"] for c in lesson.body if c.block_type == "quiz" and c.value.get("quiz") is not None
    ]
    localized = quizzes_in_locale(quizzes, lesson.locale_id)
    states = quiz_states(user=user, quizzes=list({q.pk: q for q in localized.values()}.values()))
    # The template looks a quiz block up by the chosen quiz's pk.
    states_by_block = {pk: states[q.pk] for pk, q in localized.items()}

    if any(state.open_attempt is not None and state.open_attempt.deadline for state in states.values()):
        request.courses_no_cache = True  # the page changes when the time runs out
    context = {
        "module": module,
        "lessons": lessons,
        "lesson_number": (index or 0) + 1,
        "previous_lesson": previous_lesson,
        "next_lesson": next_lesson,
        "quiz_states": states_by_block,
        "lesson_progress": None,
        "module_progress": None,
        "results": {},
    }
    if _authenticated(user):
        rows = {
            p.lesson_key: p
            for p in LessonProgress.objects.filter(user=user, module_key=module.translation_key)
        }
        seen = rows.get(lesson.translation_key)
        recently = (
            seen is not None
            and seen.lesson_id == lesson.pk
            and (timezone.now() - seen.last_seen_at).total_seconds() < 60
        )
        if request.method == "GET" and not recently:
            # A reload within a minute need not be written down again. Selectors only read: the page's
            # middleware writes the visit (services.lesson_progress_visit) once the page is served.
            request.courses_visit = {
                "user": user,
                "lesson": lesson,
                "module_key": module.translation_key,
                "row": rows.get(lesson.translation_key),
            }
        completed = sum(
            1 for item in lessons if item.translation_key in rows and rows[item.translation_key].completed
        )
        context["lesson_progress"] = rows.get(lesson.translation_key)
        context["completed_keys"] = {k for k, p in rows.items() if p.completed}
        context["module_progress"] = {
            "completed": completed,
            "total": len(lessons),
            "percent": progress_percent(completed, len(lessons)),
        }
        attempt_id = request.GET.get("attempt", "")
        if attempt_id.isdigit():
            context["results"] = _result_for_page(user=user, attempt_id=int(attempt_id), states=states)
    return context


def _result_for_page(*, user, attempt_id: int, states: dict[int, QuizState]) -> dict:
    attempt = (
        QuizAttempt.objects.filter(user=user, pk=attempt_id, status=AttemptStatus.SUBMITTED)
        .prefetch_related("answers")
        .first()
    )
    if attempt is None:
        return {}
    for pk, state in states.items():
        if state.quiz.translation_key == attempt.quiz_key:
            return {pk: attempt_result(attempt=attempt, quiz=state.quiz, reveal=state.reveal)}
    return {}


def page_url(page: Page, request=None) -> str:
    return page.get_url(request) or ""
