"""Pages that are not Wagtail pages: the quiz form's start and submit, "mark as done" and "My learning".

They work without JavaScript: plain POST forms, then a redirect back to the lesson (post/redirect/get)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache as django_cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Locale

from core.errors import DomainError
from core.forms import error_message

from . import cache, offline, scoring, selectors, services
from .models import LessonPage, ModulePage


def _back(request, fallback: str, anchor: str = "", query: str = ""):
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ) or not target.startswith("/"):
        target = fallback
    return redirect(f"{target}{query}{anchor}")


def _first_message(error: Exception) -> str:
    return error_message(error)


def _lesson_url_for(quiz) -> str:
    return next(
        (lesson.url for lesson in selectors.quiz_lessons(quiz=quiz) if quiz.pk in lesson.quiz_ids), "/"
    )


@login_required
@require_POST
def quiz_start(request, pk: int):
    quiz = selectors.quiz_available(pk=pk)
    try:
        services.quiz_attempt_start(user=request.user, quiz=quiz)
    except DomainError as error:
        messages.error(request, _first_message(error))
    return _back(request, _lesson_url_for(quiz), f"#quiz-{pk}")


# The quiz form shown again after a submission that needs another look (questions left open, or an error):
# the learner's answers, the open questions' numbers and the error, kept in the session for the next page view.
REVIEW_SESSION_KEY = "courses:quiz_review"


def _review_later(request, quiz_pk: int, *, open_numbers: list[int], error: str = "") -> str:
    """Keep the form's answers for the lesson page; return the query string that shows them."""
    answers = {
        key[2:]: request.POST.getlist(key) for key in request.POST if key.startswith("q-") and len(key) <= 80
    }
    reviews = request.session.get(REVIEW_SESSION_KEY, {})
    reviews[str(quiz_pk)] = {"answers": answers, "open": open_numbers, "error": error}
    request.session[REVIEW_SESSION_KEY] = reviews
    return f"?review={quiz_pk}"


@login_required
@require_POST
def quiz_submit(request, pk: int):
    """Score the answers; but first, unless the learner confirmed, show the questions still open."""
    quiz = selectors.quiz_available(pk=pk)
    attempt_id = request.POST.get("attempt", "")
    answers = scoring.form_answers(request.POST, quiz)
    lesson_url = _lesson_url_for(quiz)
    open_numbers = selectors.quiz_open_questions(user=request.user, quiz=quiz, answers=answers)
    if open_numbers and request.POST.get("confirm") != "partial":
        total = len(scoring.quiz_questions(quiz))
        if len(open_numbers) < total:
            return _back(
                request, lesson_url, f"#quiz-{pk}", _review_later(request, pk, open_numbers=open_numbers)
            )
    offline_at = request.POST.get("answered_offline_at", "")
    answered_offline_at = parse_datetime(offline_at) if offline_at else None
    if offline_at and (answered_offline_at is None or answered_offline_at.tzinfo is None):
        error = _("The time the answers were given offline is not a valid date and time.")
        return _back(
            request, lesson_url, f"#quiz-{pk}", _review_later(request, pk, open_numbers=[], error=error)
        )
    try:
        attempt = services.quiz_attempt_submit(
            user=request.user,
            quiz=quiz,
            answers=answers,
            attempt_id=int(attempt_id) if attempt_id.isdigit() else None,
            answered_offline_at=answered_offline_at,
        )
    except ValidationError as error:
        query = _review_later(request, pk, open_numbers=[], error=_first_message(error))
        return _back(request, lesson_url, f"#quiz-{pk}", query)
    except DomainError as error:
        messages.error(request, _first_message(error))
        return _back(request, lesson_url, f"#quiz-{pk}")
    return _back(request, lesson_url, f"#quiz-{pk}", f"?attempt={attempt.pk}")


@login_required
@require_POST
def lesson_done(request, pk: int):
    lesson = LessonPage.objects.live().filter(pk=pk).first()
    if lesson is None:
        raise Http404
    try:
        services.lesson_mark_done(user=request.user, lesson=lesson)
    except DomainError as error:
        messages.error(request, _first_message(error))
    return _back(request, lesson.get_url(request), "#lesson-progress")


@login_required
@require_GET
def my_learning(request):
    """Served from the learner's own cache until their progress, the lesson they opened last (the lesson to
    continue follows from it) or the courses change (courses.cache); never with messages waiting, nor before
    the CSRF cookie is set. A page from the cache costs no query of its own: the lesson opened last is kept
    in the cache by every visit. A page drawn afresh is kept only if the database still names that lesson
    (otherwise the cache learns the lesson the database names, for the next request)."""
    key = None
    if cache.learner_cacheable(request):
        key, last = cache.learning_key(request=request)
        if (html := django_cache.get(key)) is not None:
            return HttpResponse(html)
    locale = Locale.get_active()
    response = render(
        request,
        "courses/my_learning.html",
        {
            "overview": selectors.learner_overview(user=request.user, locale=locale),
            "continue_lesson": selectors.learner_continue(user=request.user, locale=locale),
        },
    )
    if key is not None:
        opened_last = selectors.learner_last_opened(user=request.user)
        if opened_last == last:
            django_cache.set(key, response.content, cache.LEARNER_TIMEOUT)
        else:
            cache.learner_last_seen_set(request.user.pk, opened_last)
    return response


@require_GET
def module_offline(request, pk: int):
    """What "Save for offline" downloads for a module: each file's URL and size, and the total."""
    module = ModulePage.objects.live().filter(pk=pk).specific().first()
    if module is None:
        raise Http404
    files = offline.module_offline_files(module=module)
    return JsonResponse({"files": files, "bytes": sum(f["bytes"] for f in files)})
