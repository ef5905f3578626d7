"""Module index, module and lesson pages; the quiz as a plain HTML form; My learning; query budgets."""

import re

import pytest
from django.urls import reverse

from courses.models import LessonProgress, QuizAttempt
from tests.factories.courses import QuizFactory, course_tree, lesson_add

pytestmark = pytest.mark.django_db


def _url(page):
    return page.get_url()


def test_lesson_page_for_the_anonymous_shows_questions_without_answers(client, quiz, course):
    module, lessons = course
    response = client.get(_url(lessons[2]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "At what age can a citizen" in html
    assert "Right: 18." not in html and "Well done." not in html and "Bishkek" not in html
    assert "q1-a" in html  # choices are there, by id only
    assert module.title in html and 'rel="prev"' in html


def test_anonymous_lesson_page_is_cached_until_published_again(client, course):
    _module, lessons = course
    url = _url(lessons[0])
    assert "X-Civic-Cache" not in client.get(url)
    assert client.get(url)["X-Civic-Cache"] == "hit"
    lessons[0].title = "Changed title"
    lessons[0].save_revision().publish()
    response = client.get(url)
    assert "X-Civic-Cache" not in response and "Changed title" in response.content.decode()


def test_an_emptied_cache_never_brings_back_an_old_course_map(client, course):
    """Each process keeps its own copy of the course map (routes and view restrictions) per generation. After the
    shared cache is emptied (a Redis restart) the generation must not count from the start again, or that stale
    copy would serve a page that has since been restricted to signed-in users."""
    from django.core.cache import cache
    from wagtail.models import PageViewRestriction

    module, _lessons = course
    cache.clear()
    lesson = lesson_add(module, title="Soon for members only")
    assert client.get(_url(lesson)).status_code == 200  # this process now holds the map
    cache.clear()
    PageViewRestriction.objects.create(page=lesson, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(_url(lesson))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_logged_in_page_is_never_from_the_cache(client, student, course):
    _module, lessons = course
    client.get(_url(lessons[0]))
    client.force_login(student)
    response = client.get(_url(lessons[0]))
    assert "X-Civic-Cache" not in response
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_quiz_form_without_javascript_scores_and_shows_allowed_feedback(client, student, quiz, course):
    _module, lessons = course
    client.force_login(student)
    url = _url(lessons[2])
    response = client.post(
        reverse("courses:quiz_submit", args=[quiz.pk]),
        {"next": url, "q-q1": "q1-b", "q-q2": ["q2-a", "q2-c"], "q-q3": "true", "q-q4": "Бишкек"},
    )
    attempt = QuizAttempt.objects.get(user=student)
    assert response.status_code == 302
    assert response["Location"] == f"{url}?attempt={attempt.pk}#quiz-{quiz.pk}"
    assert (attempt.score, attempt.max_score, attempt.passed) == (4, 5, True)
    html = client.get(f"{url}?attempt={attempt.pk}").content.decode()
    assert "No: 16 is too young." in html and "Read the Constitution again." in html
    assert LessonProgress.objects.get(user=student, lesson_key=lessons[2].translation_key).completed


def test_feedback_stays_hidden_when_the_rule_says_never(client, student, course):
    quiz = QuizFactory(show_answers="never")
    module, lessons = course
    lesson = lesson_add(module, title="Extra", body=[("quiz", {"quiz": quiz})])
    client.force_login(student)
    client.post(
        reverse("courses:quiz_submit", args=[quiz.pk]),
        {"next": _url(lesson), "q-q1": "q1-b", "confirm": "partial"},
    )
    attempt = QuizAttempt.objects.get(user=student)
    html = client.get(f"{_url(lesson)}?attempt={attempt.pk}").content.decode()
    assert "quiz-result" in html
    assert "No: 16 is too young." not in html and "Read the Constitution again." not in html


def test_time_limited_quiz_starts_on_the_server_then_submits(client, student, course):
    quiz = QuizFactory(time_limit_minutes=10)
    module, _lessons = course
    lesson = lesson_add(module, title="Timed", body=[("quiz", {"quiz": quiz})])
    client.force_login(student)
    html = client.get(_url(lesson)).content.decode()
    assert reverse("courses:quiz_start", args=[quiz.pk]) in html
    assert reverse("courses:quiz_submit", args=[quiz.pk]) not in html
    client.post(reverse("courses:quiz_start", args=[quiz.pk]), {"next": _url(lesson)})
    attempt = QuizAttempt.objects.get(user=student)
    html = client.get(_url(lesson)).content.decode()
    assert f'name="attempt" value="{attempt.pk}"' in html
    client.post(
        reverse("courses:quiz_submit", args=[quiz.pk]),
        {"next": _url(lesson), "attempt": attempt.pk, "q-q1": "q1-a", "confirm": "partial"},
    )
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.score == 1


def test_bad_answer_in_the_form_is_a_form_error_not_a_500(client, student, quiz, course):
    _module, lessons = course
    client.force_login(student)
    response = client.post(
        reverse("courses:quiz_submit", args=[quiz.pk]),
        {"next": _url(lessons[2]), "q-q1": "forged", "confirm": "partial"},
        follow=True,
    )
    assert response.status_code == 200
    assert not QuizAttempt.objects.exists()
    assert f'id="quiz-{quiz.pk}-error"' in response.content.decode()


def test_mark_as_done_and_progress_bars(client, student, course):
    module, lessons = course
    client.force_login(student)
    client.post(reverse("courses:lesson_done", args=[lessons[0].pk]), {"next": _url(lessons[0])})
    html = client.get(_url(module)).content.decode()
    assert 'value="33"' in html
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert module.title in html and lessons[1].title in html


def test_home_page_offers_to_continue(client, student, course):
    _module, lessons = course
    client.force_login(student)
    client.get(_url(lessons[1]))
    html = client.get("/ky/").content.decode()
    assert "continue-learning" in html and lessons[1].title in html


def test_my_learning_needs_an_account(client, db):
    response = client.get(reverse("courses:my_learning"))
    assert response.status_code == 302


def test_module_index_filters_by_topic(client, course):
    course_tree(lessons=1, topic="media_literacy")
    index = course[0].get_parent()
    html = client.get(_url(index) + "?topic=media_literacy").content.decode()
    assert "Module media_literacy" in html and "Module rights" not in html
    html = client.get(_url(index) + "?topic=bogus").content.decode()
    assert "Module media_literacy" in html and "Module rights" in html


@pytest.mark.parametrize("logged_in", [False, True])
def test_lesson_page_query_budget_does_not_grow(client, student, django_assert_max_num_queries, logged_in):
    if logged_in:
        client.force_login(student)
    small_quiz = QuizFactory()
    _module, lessons = course_tree(lessons=2, quiz=small_quiz)
    big_quiz = QuizFactory(questions=[q for _ in range(10) for q in _fresh_questions()])
    module, many = course_tree(lessons=12, quiz=big_quiz)
    lesson_add(
        module, title="Two quizzes", body=[("quiz", {"quiz": big_quiz}), ("quiz", {"quiz": QuizFactory()})]
    )
    client.get(_url(many[0]))  # menus, site root paths and course routes cached, as on a running site
    for lesson in (lessons[-1], many[-1], many[5]):
        with django_assert_max_num_queries(12):
            response = client.get(_url(lesson))
        assert response.status_code == 200


def test_module_page_query_budget(client, student, django_assert_max_num_queries):
    client.force_login(student)
    module, _ = course_tree(lessons=15)
    client.get("/ky/")
    client.get(_url(module))
    with django_assert_max_num_queries(12):
        assert client.get(_url(module)).status_code == 200


def _fresh_questions():
    import uuid

    from tests.factories.courses import quiz_questions_data

    data = quiz_questions_data()
    for q in data:
        q["id"] = str(uuid.uuid4())
        for key in ("choices", "blanks"):
            for item in q["value"].get(key, []):
                item["id"] = str(uuid.uuid4())
    return data


def test_lesson_html_is_small(client, course):
    _module, lessons = course
    html = client.get(_url(lessons[2])).content
    assert len(html) < 30_000
    # Only the offline helper, our own file, deferred: nothing inline, nothing that blocks the first paint.
    assert re.findall(rb"<script[^>]*>", html) == [b'<script src="/static/js/offline.js" defer>']


def test_learner_page_is_cached_for_that_learner_and_refreshed_by_their_writes(client, student, quiz, course):
    from tests.factories import StudentFactory

    _module, lessons = course
    url = _url(lessons[2])
    client.force_login(student)
    client.get(url)  # sets the CSRF cookie
    first = client.get(url)
    assert "X-Civic-Cache" not in first
    assert client.get(url)["X-Civic-Cache"] == "hit"
    other = StudentFactory()
    client.force_login(other)
    assert "X-Civic-Cache" not in client.get(url)  # never another learner's copy
    client.force_login(student)
    client.get(url)
    client.post(
        reverse("courses:quiz_submit", args=[quiz.pk]), {"next": url, "q-q1": "q1-a", "confirm": "partial"}
    )
    response = client.get(url)
    assert "X-Civic-Cache" not in response  # the attempt moved the learner's version on
    assert 'class="badge ok"' not in response.content.decode()


def test_reading_a_lesson_is_written_down_by_the_page_not_by_the_selector(client, student, course, rf):
    """Selectors only read: the lesson page's context asks for the visit, the page middleware writes it."""
    from courses import selectors

    _module, lessons = course
    request = rf.get(_url(lessons[0]))
    request.user = student
    selectors.lesson_page_context(lesson=lessons[0], request=request)
    assert not LessonProgress.objects.filter(user=student).exists()
    assert request.courses_visit["lesson"] == lessons[0]

    client.force_login(student)
    assert client.get(_url(lessons[0])).status_code == 200
    progress = LessonProgress.objects.get(user=student)
    assert (progress.lesson_key, progress.lesson_id) == (lessons[0].translation_key, lessons[0].pk)
    assert progress.completed_at is None


def test_an_editors_preview_shows_the_draft_not_the_cached_live_lesson(client, course):
    """Wagtail's preview runs a made-up request to the page's URL through the middleware: the course pages'
    fast path must leave it to the draft (it once served the cached live page in its place)."""
    _module, lessons = course
    lesson = lessons[0]
    assert client.get(_url(lesson)).status_code == 200  # the live page is now in the anonymous cache
    lesson.title = "A draft title"
    html = lesson.make_preview_request().content.decode()
    assert "<h1>A draft title</h1>" in html
