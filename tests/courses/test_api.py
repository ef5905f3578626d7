"""The courses API: listing and filtering, language, no answers before the rules allow, attempts and errors."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient
from wagtail.models import Locale

from courses.models import QuizAnswer, QuizAttempt
from tests.conftest import requires_postgres
from tests.factories import StudentFactory
from tests.factories.courses import RIGHT_ANSWERS, QuizFactory, course_tree

pytestmark = pytest.mark.django_db


def test_modules_list_filter_and_progress(api_client, student_api, course):
    course_tree(lessons=1, topic="media_literacy")
    data = api_client.get("/api/v1/modules/").json()
    assert data["count"] == 2
    assert {"id", "title", "url", "topic", "progress"} <= set(data["results"][0])
    assert data["results"][0]["progress"] is None
    data = api_client.get("/api/v1/modules/?topic=media_literacy").json()
    assert [m["topic"] for m in data["results"]] == ["media_literacy"]
    bad = api_client.get("/api/v1/modules/?topic=cooking")
    assert bad.status_code == 400 and "topic" in bad.json()["error"]["fields"]
    mine = student_api.get("/api/v1/modules/").json()["results"][0]["progress"]
    assert mine == {"completed": 0, "total": 3, "percent": 0}


def test_module_detail_lists_lessons_in_order(api_client, course):
    module, lessons = course
    data = api_client.get(f"/api/v1/modules/{module.pk}/").json()
    assert [lesson["id"] for lesson in data["lessons"]] == [lesson.pk for lesson in lessons]
    assert data["lessons"][0]["url"] == lessons[0].get_url()
    assert api_client.get("/api/v1/modules/999999/").status_code == 404


def test_lesson_detail_has_structured_body_and_navigation(api_client, quiz, course):
    _module, lessons = course
    data = api_client.get(f"/api/v1/lessons/{lessons[2].pk}/").json()
    assert [b["type"] for b in data["body"]] == ["paragraph", "quiz"]
    assert data["body"][1]["value"] == {"quiz": quiz.pk, "title": quiz.title}
    assert data["previous"]["id"] == lessons[1].pk and data["next"] is None
    assert data["quizzes"] == [quiz.pk]


def test_unpublished_lesson_and_its_quiz_are_404(api_client, student_api, quiz, course):
    lessons = course[1]
    lessons[2].unpublish()
    assert api_client.get(f"/api/v1/lessons/{lessons[2].pk}/").status_code == 404
    assert api_client.get(f"/api/v1/quizzes/{quiz.pk}/").status_code == 404
    response = student_api.post(
        f"/api/v1/quizzes/{quiz.pk}/attempts/", {"answers": RIGHT_ANSWERS}, format="json"
    )
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert not QuizAttempt.objects.exists()


def test_quiz_has_no_answers_or_feedback(api_client, quiz, course):
    response = api_client.get(f"/api/v1/quizzes/{quiz.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert len(response.json()["questions"]) == 4
    for secret in ('"correct"', "feedback", "Right: 18.", "Bishkek", "Well done"):
        assert secret not in text


def test_submit_scores_on_the_server_and_reveals_per_rule(student_api, quiz, course):
    response = student_api.post(
        f"/api/v1/quizzes/{quiz.pk}/attempts/", {"answers": {"q1": "q1-b", "q3": "true"}}, format="json"
    )
    assert response.status_code == 201
    data = response.json()
    assert (data["score"], data["max_score"], data["passed"], data["answers_shown"]) == (1, 5, False, True)
    q1 = next(q for q in data["questions"] if q["id"] == "q1")
    assert q1["correct"] is False and q1["correct_answer"] == ["q1-a"]
    assert "No: 16 is too young." in q1["feedback"]
    listed = student_api.get(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == data["id"]


def test_the_last_attempt_rule_reveals_on_the_submission_that_uses_the_last_attempt(
    student, student_api, course
):
    """Judged by the submitted attempts the database counts before this one."""
    quiz = QuizFactory(show_answers="last_attempt", max_attempts=3)
    from tests.factories.courses import lesson_add

    lesson_add(course[0], title="Extra", body=[("quiz", {"quiz": quiz})])
    url = f"/api/v1/quizzes/{quiz.pk}/attempts/"
    shown = []
    for _ in range(quiz.max_attempts):
        response = student_api.post(url, {"answers": {"q1": "q1-b"}}, format="json")
        assert response.status_code == 201, response.json()
        shown.append(response.json()["answers_shown"])
    assert shown == [False] * (quiz.max_attempts - 1) + [True]
    assert student_api.post(url, {"answers": {"q1": "q1-b"}}, format="json").status_code == 409


def test_never_rule_keeps_answers_hidden_in_the_api(student_api, course):
    quiz = QuizFactory(show_answers="after_passing")
    from tests.factories.courses import lesson_add

    lesson_add(course[0], title="Extra", body=[("quiz", {"quiz": quiz})])
    data = student_api.post(
        f"/api/v1/quizzes/{quiz.pk}/attempts/", {"answers": {"q1": "q1-b"}}, format="json"
    ).json()
    assert data["answers_shown"] is False
    assert all("feedback" not in q and "correct_answer" not in q for q in data["questions"])
    data = student_api.post(
        f"/api/v1/quizzes/{quiz.pk}/attempts/", {"answers": RIGHT_ANSWERS}, format="json"
    ).json()
    assert data["answers_shown"] is True


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"answers": {"nope": "x"}}, "answers"),
        ({"answers": {"q1": ["q1-a", "q1-b"]}}, "answers"),
        ({"answers": {"q3": "perhaps"}}, "answers"),
        ({"answers": {"q4": [1]}}, "answers"),
        ({"answers": "all right"}, "answers"),
        ({}, "answers"),
        ({"answers": {"q1": "q1-a"}, "attempt": 999999}, "attempt"),
    ],
)
def test_bad_answers_are_400_and_store_nothing(student_api, quiz, course, payload, field):
    response = student_api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]
    assert not QuizAttempt.objects.exists() and not QuizAnswer.objects.exists()


def test_attempt_limit_is_409(student_api, course):
    quiz = QuizFactory(max_attempts=1)
    from tests.factories.courses import lesson_add

    lesson_add(course[0], title="Extra", body=[("quiz", {"quiz": quiz})])
    url = f"/api/v1/quizzes/{quiz.pk}/attempts/"
    assert student_api.post(url, {"answers": {"q1": "q1-b"}}, format="json").status_code == 201
    response = student_api.post(url, {"answers": {"q1": "q1-b"}}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"
    assert QuizAttempt.objects.count() == 1


def test_time_limited_quiz_through_the_api(student_api, course):
    quiz = QuizFactory(time_limit_minutes=5)
    from tests.factories.courses import lesson_add

    lesson_add(course[0], title="Timed", body=[("quiz", {"quiz": quiz})])
    response = student_api.post(
        f"/api/v1/quizzes/{quiz.pk}/attempts/", {"answers": {"q1": "q1-a"}}, format="json"
    )
    assert response.status_code == 400 and "attempt" in response.json()["error"]["fields"]
    started = student_api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/start/").json()
    assert started["deadline"]
    assert student_api.get(f"/api/v1/quizzes/{quiz.pk}/").json()["mine"]["open_attempt"] == started["id"]
    response = student_api.post(
        f"/api/v1/quizzes/{quiz.pk}/attempts/",
        {"answers": RIGHT_ANSWERS, "attempt": started["id"]},
        format="json",
    )
    assert response.status_code == 201 and response.json()["passed"]


def test_anonymous_cannot_submit_or_see_progress(api_client, quiz, course):
    assert (
        api_client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/", {"answers": {}}, format="json").status_code
        == 401
    )
    assert api_client.get(f"/api/v1/quizzes/{quiz.pk}/attempts/").status_code == 401
    assert api_client.get("/api/v1/me/progress/").status_code == 401


def test_my_progress(student_api, quiz, course):
    module, lessons = course
    student_api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/", {"answers": RIGHT_ANSWERS}, format="json")
    data = student_api.get("/api/v1/me/progress/").json()
    assert data["modules"][0]["id"] == module.pk
    assert data["modules"][0]["progress"] == {"completed": 1, "total": 3, "percent": 33}
    assert [lesson["completed"] for lesson in data["modules"][0]["lessons"]] == [False, False, True]
    assert data["continue_lesson"] is None  # the last lesson is complete and there is no next one


def test_mark_done_through_the_api(student_api, course):
    lessons = course[1]
    assert student_api.post(f"/api/v1/lessons/{lessons[0].pk}/done/").json() == {"completed": True}
    assert student_api.post(f"/api/v1/lessons/{lessons[2].pk}/done/").status_code == 409


def test_language_by_query_or_header_returns_the_translation(api_client, course):
    from cms.demo import translate_page

    module, lessons = course
    ru = Locale.objects.get(language_code="ru")
    translate_page(module.get_parent().get_parent().specific, ru, {"title": "Главная"})
    index_ru = translate_page(module.get_parent().specific, ru, {"title": "Модули"})
    assert index_ru.locale == ru
    module_ru = translate_page(module, ru, {"title": "Модуль по-русски"})
    data = api_client.get(f"/api/v1/modules/{module.pk}/?lang=ru").json()
    assert (data["id"], data["title"], data["language"]) == (module_ru.pk, "Модуль по-русски", "ru")
    data = api_client.get(f"/api/v1/modules/{module.pk}/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert data["id"] == module_ru.pk
    data = api_client.get("/api/v1/modules/?lang=ru").json()
    assert [m["id"] for m in data["results"]] == [module_ru.pk]
    assert api_client.get(f"/api/v1/modules/{module.pk}/?lang=en").json()["id"] == module.pk  # no translation


def test_error_messages_are_translated(student_api, quiz, course):
    QuizFactory  # noqa: B018
    response = student_api.post(
        f"/api/v1/quizzes/{quiz.pk}/attempts/?lang=ru", {"answers": {"nope": "x"}}, format="json"
    )
    assert response.json()["error"]["fields"]["answers"]["nope"] == ["В этом тесте нет такого вопроса."]


def test_api_query_budgets_do_not_grow(api_client, student_api, django_assert_max_num_queries):
    quiz = QuizFactory()
    module, lessons = course_tree(lessons=10, quiz=quiz)
    course_tree(lessons=10)
    with django_assert_max_num_queries(10):
        assert student_api.get("/api/v1/modules/").status_code == 200
    with django_assert_max_num_queries(10):
        assert student_api.get(f"/api/v1/modules/{module.pk}/").status_code == 200
    with django_assert_max_num_queries(10):
        assert student_api.get(f"/api/v1/lessons/{lessons[-1].pk}/").status_code == 200
    with django_assert_max_num_queries(10):
        assert student_api.get(f"/api/v1/quizzes/{quiz.pk}/").status_code == 200
    with django_assert_max_num_queries(10):
        assert student_api.get("/api/v1/me/progress/").status_code == 200


@requires_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_submissions_at_the_limit_store_one():
    quiz = QuizFactory(max_attempts=1)
    course_tree(lessons=1, quiz=quiz)
    student = StudentFactory()
    barrier = threading.Barrier(2)
    codes = []

    def submit():
        client = APIClient()
        client.force_authenticate(student)
        barrier.wait()
        try:
            codes.append(
                client.post(
                    f"/api/v1/quizzes/{quiz.pk}/attempts/", {"answers": RIGHT_ANSWERS}, format="json"
                ).status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [201, 409]
    assert QuizAttempt.objects.filter(user=student).count() == 1
    assert QuizAnswer.objects.count() == 4


@requires_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_learners_submission_waits_while_another_of_their_quiz_writes_holds_the_lock():
    """The lock, not only the unique attempt number, keeps one learner's quiz writes one at a time: a
    submission waits (PostgreSQL shows it waiting on a lock) until the other transaction ends."""
    from django.db import transaction

    from courses import services

    quiz = QuizFactory()
    course_tree(lessons=1, quiz=quiz)
    student = StudentFactory()
    holding, release, done = threading.Event(), threading.Event(), []

    def first():
        try:
            with transaction.atomic():
                services._lock_learner(student)
                holding.set()
                release.wait(30)
                done.append("first")
        finally:
            connection.close()

    def second():
        try:
            holding.wait(30)
            services.quiz_attempt_submit(user=student, quiz=quiz, answers=RIGHT_ANSWERS)
            done.append("second")
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    waiting = 0
    for _ in range(300):  # until the second submission waits on a lock (30 s at most)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            waiting = cursor.fetchone()[0]
        if waiting or done:
            break
        threading.Event().wait(0.1)
    assert waiting == 1 and done == []
    release.set()
    for t in threads:
        t.join()
    assert done == ["first", "second"]
    assert QuizAttempt.objects.filter(user=student).count() == 1
