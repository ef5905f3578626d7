"""Query budgets of what learners do most: a quiz submission (the same for a quiz in one lesson or in several,
however many attempts came before) and their own pages, with the caches that keep those budgets honest."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import LessonProgress, QuizAttempt
from tests.factories import StudentFactory
from tests.factories.courses import RIGHT_ANSWERS, course_tree

pytestmark = pytest.mark.django_db

SUBMISSION = (
    10  # measured 8 on SQLite (user, savepoints, lock, counts, two inserts, progress rows, completion)
)
MY_LEARNING = 8  # drawn afresh; from the cache 3
WRONG = {"q1": "q1-b"}


def _learner() -> Client:
    client = Client()
    client.force_login(StudentFactory())
    client.cookies["csrftoken"] = (
        "c" * 32
    )  # as a browser has after its first page: learner pages may be cached
    return client


def _submit(client: Client, quiz, answers: dict):
    return client.post(
        f"/api/v1/quizzes/{quiz.pk}/attempts/?lang=ky",
        {"answers": answers},
        content_type="application/json",
        HTTP_X_CSRFTOKEN="c" * 32,
    )


def _queries_of_submission(client, quiz, answers) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = _submit(client, quiz, answers)
    assert response.status_code == 201, response.content
    return len(ctx.captured_queries)


def test_a_submission_costs_the_same_for_one_lesson_or_several_and_after_many_attempts(quiz):
    course_tree(lessons=1, quiz=quiz)
    one = _learner()
    _submit(one, quiz, WRONG)  # the quiz and its lessons are cached by the first submission of anyone
    first = _queries_of_submission(one, quiz, WRONG)
    course_tree(lessons=2, quiz=quiz, topic="media_literacy")  # the quiz is now in a second lesson
    several = _learner()
    for _ in range(12):
        _submit(several, quiz, WRONG)
    later = _queries_of_submission(several, quiz, WRONG)
    passing = _queries_of_submission(several, quiz, RIGHT_ANSWERS)  # completes both lessons
    assert first <= SUBMISSION and later <= SUBMISSION and passing <= SUBMISSION, (first, later, passing)
    assert later == first  # neither the lessons using the quiz nor the attempts before make it dearer


def test_a_failed_submission_starts_every_lesson_of_the_quiz_and_a_pass_completes_them(quiz):
    _module, lessons = course_tree(lessons=2, quiz=quiz)
    _other, others = course_tree(lessons=1, quiz=quiz, topic="media_literacy")
    keys = {lessons[-1].translation_key, others[-1].translation_key}
    client = _learner()
    assert _submit(client, quiz, WRONG).status_code == 201
    rows = LessonProgress.objects.filter(lesson_key__in=keys)
    assert rows.count() == 2 and not rows.filter(completed_at__isnull=False).exists()
    response = _submit(client, quiz, RIGHT_ANSWERS)
    assert response.json()["passed"] and response.json()["number"] == 2
    assert rows.filter(completed_at__isnull=False).count() == 2
    completed = set(rows.values_list("completed_at", flat=True))
    _submit(client, quiz, WRONG)  # completion, once reached, stays as it was
    assert set(rows.values_list("completed_at", flat=True)) == completed
    assert QuizAttempt.objects.filter(quiz_key=quiz.translation_key).count() == 3


def test_the_submission_answer_counts_what_was_stored(quiz):
    course_tree(lessons=1, quiz=quiz)
    client = _learner()
    _submit(client, quiz, WRONG)
    data = _submit(client, quiz, RIGHT_ANSWERS).json()
    attempt = QuizAttempt.objects.get(pk=data["id"])
    assert (data["score"], data["max_score"], data["number"]) == (attempt.score, attempt.max_score, 2)
    assert {q["id"] for q in data["questions"]} == set(attempt.answers.values_list("question_id", flat=True))


def _queries(client, url) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), response.content


def test_my_learning_from_the_cache_until_progress_or_the_lesson_to_continue_changes(quiz):
    _module, lessons = course_tree(lessons=3, quiz=quiz)
    client = _learner()
    url = reverse("courses:my_learning")
    client.get(lessons[0].url)
    client.get(lessons[1].url)  # opened last: the lesson to continue
    _queries(client, url)
    count, html = _queries(client, url)
    assert count == 1, count  # the user: the lesson opened last is in the key as a count kept in the cache
    assert html.count(f'href="{lessons[1].url}"'.encode()) == 2  # in "continue" and in the module's list
    LessonProgress.objects.update(last_seen_at=F("last_seen_at") - timedelta(minutes=5))
    client.get(lessons[0].url)  # opened again: written down, and no new progress
    _count, html = _queries(client, url)
    assert html.count(f'href="{lessons[0].url}"'.encode()) == 2
    user = LessonProgress.objects.filter(lesson_key=lessons[1].translation_key).get().user
    services.quiz_attempt_submit(user=user, quiz=quiz, answers=RIGHT_ANSWERS)
    _count, html = _queries(client, url)
    assert html.count(b'class="badge ok"') == 1  # the lesson with the quiz is complete


def test_my_learning_follows_a_lesson_page_served_from_the_learners_own_cache(quiz):
    from django.core.cache import cache as django_cache

    from courses import cache as courses_cache

    _module, lessons = course_tree(lessons=3, quiz=quiz)
    client = _learner()
    url = reverse("courses:my_learning")
    for lesson in (lessons[0], lessons[1], lessons[0]):  # the last visit is kept for the learner's version
        client.get(lesson.url)
    client.get(lessons[1].url)
    assert client.get(url).content.count(f'href="{lessons[1].url}"'.encode()) == 2
    user_id = LessonProgress.objects.values_list("user_id", flat=True).first()
    courses_cache._SEEN.clear()  # a minute later: "last seen" may be written again
    django_cache.delete(f"courses:seen:{user_id}:{lessons[0].pk}")
    response = client.get(lessons[0].url)
    assert response["X-Civic-Cache"] == "hit"
    assert client.get(url).content.count(f'href="{lessons[0].url}"'.encode()) == 2


def test_my_learning_is_not_kept_for_a_lesson_the_database_no_longer_names_last(quiz):
    """A submission starts the quiz's lesson (its progress row is "seen" now) without a visit: the page drawn
    then shows that lesson, and must not be kept under the lesson the cache still named."""
    _module, lessons = course_tree(lessons=3, quiz=quiz)
    client = _learner()
    url = reverse("courses:my_learning")
    client.get(lessons[0].url)
    client.get(url)
    user = LessonProgress.objects.get().user
    services.quiz_attempt_submit(user=user, quiz=quiz, answers=WRONG)  # starts lessons[2]
    assert client.get(url).content.count(f'href="{lessons[2].url}"'.encode()) == 2
    LessonProgress.objects.update(last_seen_at=F("last_seen_at") - timedelta(minutes=5))
    client.get(lessons[0].url)  # opened again (not within the minute): the lesson to continue
    assert client.get(url).content.count(f'href="{lessons[0].url}"'.encode()) == 2


def test_my_learning_costs_the_same_for_more_modules(quiz):
    course_tree(lessons=3, quiz=quiz)
    client = _learner()
    url = reverse("courses:my_learning")
    fresh = url + "?fresh=1"  # a query string: never from the cache
    _queries(client, fresh)  # the site, its settings and the course map are read once, then kept
    few, _ = _queries(client, fresh)
    course_tree(lessons=4, topic="media_literacy")
    course_tree(lessons=2, topic="civic_activism")
    _queries(client, fresh)
    more, _ = _queries(client, fresh)
    assert few == more <= MY_LEARNING, (few, more)


@pytest.fixture
def pupil_in_class(quiz):
    from courses.classrooms import services as classrooms
    from tests.factories import TeacherFactory

    _module, _lessons = course_tree(lessons=1, quiz=quiz)
    teacher = TeacherFactory()
    classroom = classrooms.classroom_create(by=teacher, name="9-А", language="ky")
    client = _learner()
    pupil = client.session["_auth_user_id"]
    from accounts.models import User

    classrooms.student_add(classroom=classroom, by=teacher, username=User.objects.get(pk=pupil).username)
    due = timezone.now() + timedelta(hours=1)
    classrooms.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk, due_at=due)
    return client, due


def test_my_assignments_from_the_cache_until_an_assignment_falls_due(pupil_in_class):
    client, due = pupil_in_class
    url = reverse("classrooms:my_assignments")
    _queries(client, url)  # shows the new assignment's notice once: not kept
    _queries(client, url)
    count, html = _queries(client, url)
    assert count == 1, count  # the user: unread notices move the page's key
    assert b"state-not_started" in html and b"state-overdue" not in html
    later = due + timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        _count, html = _queries(client, url)
    assert b"state-overdue" in html and b"state-not_started" not in html


def test_a_reminder_is_shown_at_once_over_a_cached_my_assignments(pupil_in_class):
    """The clock's "due tomorrow" reminder changes no class nor assignment: the notice itself moves the page on."""
    from courses.classrooms.models import Notice, NoticeKind
    from courses.classrooms.services import notifications

    client, _due = pupil_in_class
    url = reverse("classrooms:my_assignments")
    _queries(client, url)  # the new assignment's notice, shown once
    _queries(client, url)
    count, cached = _queries(client, url)
    assert count == 1 and b'class="card notices"' not in cached  # from the cache
    assert notifications.due_soon_remind() == 1
    reminder = Notice.objects.get(kind=NoticeKind.DUE_SOON)
    link = reverse("classrooms:my_assignment", args=[reminder.assignment_id]).encode()
    _count, html = _queries(client, url)
    assert b'class="card notices"' in html and link in html.split(b'class="card notices"', 1)[1]
    assert Notice.objects.get(pk=reminder.pk).read_at is not None  # shown, so read
    _count, html = _queries(client, url)
    assert b'class="card notices"' not in html
    assert _queries(client, url) == (1, html)  # and kept again
