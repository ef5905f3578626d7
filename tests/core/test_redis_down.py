"""Parts failing, nothing lost: with Redis down (a port where nothing listens), pages and the API still answer
from the database, sessions keep working, a queued task runs at once, and /readyz says 503."""

import socket

import pytest
from django.core import mail
from django.core.cache import caches
from django.test import override_settings
from django_tasks import task, task_backends

from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db

ran = []


@task()
def _note(value):
    ran.append(value)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: nothing listens there


@pytest.fixture
def redis_down(monkeypatch):
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    cache_setting = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    tasks_setting = {"default": {"BACKEND": "core.tasks_backend.ResilientRQBackend", "QUEUES": ["default"]}}
    rq_setting = {"default": {"URL": url, "DEFAULT_TIMEOUT": 30}}
    with override_settings(CACHES=cache_setting, TASKS=tasks_setting, RQ_QUEUES=rq_setting):
        import django_rq.settings

        monkeypatch.setattr(django_rq.settings, "QUEUES", rq_setting, raising=False)
        yield url


def test_the_cache_answers_misses_and_drops_writes(redis_down):
    cache = caches["default"]
    assert cache.set("k", "v") is None
    assert cache.get("k", "default") == "default"
    assert cache.add("k", "v") is False and cache.get_many(["k"]) == {} and cache.delete("k") is False
    with pytest.raises(ValueError):
        cache.incr("k")


def test_pages_api_and_sign_in_still_answer(redis_down, client, site, password):
    assert client.get("/ky/").status_code == 200
    assert client.get("/api/v1/").status_code == 200
    person = StudentFactory()
    response = client.post("/ky/accounts/login/", {"username": person.username, "password": password})
    assert response.status_code == 302
    assert client.get("/ky/accounts/profile/").status_code == 200  # the session was kept in the database


def test_readiness_says_503(redis_down, client):
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["cache"] == "unavailable"


def test_a_task_runs_at_once_when_the_queue_is_down(redis_down):
    ran.clear()
    mail.outbox.clear()
    backend = task_backends["default"]
    assert type(backend).__name__ == "ResilientRQBackend"
    result = _note.enqueue("sent")
    assert ran == ["sent"] and str(result.status).upper().endswith("SUCCESSFUL")


def test_a_counter_is_a_logged_zero(redis_down, caplog):
    from core.cache import incr_or_create

    assert incr_or_create(caches["default"], "visits") == 0
    assert "cache unreachable" in caplog.text


def test_a_quiz_submission_is_scored_and_stored(redis_down, student_api, student):
    from courses.models import QuizAttempt
    from tests.factories.courses import RIGHT_ANSWERS, QuizFactory, course_tree

    quiz = QuizFactory()
    course_tree(lessons=1, quiz=quiz)
    response = student_api.post(
        f"/api/v1/quizzes/{quiz.pk}/attempts/", {"answers": RIGHT_ANSWERS}, format="json"
    )
    assert response.status_code == 201
    attempt = QuizAttempt.objects.get(user=student)
    assert response.json()["score"] == attempt.score == attempt.max_score


def test_values_are_all_missing(redis_down):
    from core.cache import values_raw

    assert values_raw(caches["default"], ["a", "b"]) == [None, None]


def test_a_digest_matches_nothing_and_is_logged(redis_down, caplog):
    """While Redis is down a digest is new each time: no cached page keyed by it can be served."""
    from core.cache import values_digest

    digests = {values_digest(caches["default"], ["a", "b"]) for _ in range(3)}
    assert len(digests) == 3
    assert "a digest matches nothing" in caplog.text


def test_following_fails_and_a_followed_counter_is_a_logged_zero(redis_down, caplog):
    """While Redis is down nothing can follow anything (the caller then keeps nothing: classrooms' pages are
    drawn afresh), and a move is dropped, logged."""
    from core.cache import follow, incr_with_followers

    assert follow(caches["default"], "work:a", ["followers:1"]) is False
    assert "nothing followed" in caplog.text
    assert incr_with_followers(caches["default"], "version:1", "followers:1") == 0
    assert "incr dropped" in caplog.text


def test_a_teachers_dashboard_is_drawn_afresh_each_time(redis_down, client, teacher):
    """Nothing can follow the pupils' work while Redis is down: the dashboard keeps nothing, and answers."""
    from django.urls import reverse

    from courses.classrooms import services

    services.classroom_create(by=teacher, name="7-A")
    client.force_login(teacher)
    client.cookies["csrftoken"] = "d" * 32  # as a browser has after its first page: otherwise cacheable
    for _ in range(2):
        response = client.get(reverse("classrooms:teach"))
        assert response.status_code == 200 and response.context is not None  # drawn, not from a cache
