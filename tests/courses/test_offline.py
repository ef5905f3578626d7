"""Offline on the server: quiz answers sent late are scored like any other and keep the time they were given;
what "Save for offline" downloads for a module; the service worker served at the site's root."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import QuizAttempt
from tests.factories.courses import QuizFactory, course_tree

pytestmark = pytest.mark.django_db

ANSWERS = {"q-q1": "q1-a", "q-q2": ["q2-a", "q2-c"], "q-q3": "true", "q-q4": "Бишкек", "confirm": "partial"}


def _submit(client, quiz, lesson, **extra):
    data = {"next": lesson.get_url(), **ANSWERS, **extra}
    return client.post(reverse("courses:quiz_submit", args=[quiz.pk]), data)


def test_answers_given_offline_are_scored_on_arrival_and_keep_both_times(client, student, quiz, course):
    _module, lessons = course
    client.force_login(student)
    answered = timezone.now() - timedelta(hours=3)
    _submit(client, quiz, lessons[2], answered_offline_at=answered.isoformat())
    attempt = QuizAttempt.objects.get(user=student)
    assert attempt.answered_offline_at == answered
    assert attempt.submitted_at > answered and (attempt.score, attempt.max_score) == (
        5,
        5,
    )  # every answer right
    html = client.get(f"{lessons[2].get_url()}?attempt={attempt.pk}").content.decode()
    assert 'class="offline-note"' in html


def test_a_phone_clock_ahead_of_the_server_never_dates_answers_after_their_arrival(
    client, student, quiz, course
):
    _module, lessons = course
    client.force_login(student)
    _submit(client, quiz, lessons[2], answered_offline_at=(timezone.now() + timedelta(days=2)).isoformat())
    attempt = QuizAttempt.objects.get(user=student)
    assert attempt.answered_offline_at == attempt.submitted_at


def test_an_unreadable_offline_time_is_a_form_error_and_uses_no_attempt(client, student, quiz, course):
    _module, lessons = course
    client.force_login(student)
    response = _submit(client, quiz, lessons[2], answered_offline_at="yesterday")
    assert not QuizAttempt.objects.exists()
    html = client.get(response["Location"]).content.decode()
    assert "Интернетсиз жооп берилген убакыт туура эмес" in html


def test_the_attempt_limit_holds_for_answers_sent_late(client, student, course_limited):
    quiz, lesson = course_limited
    client.force_login(student)
    answered = (timezone.now() - timedelta(days=1)).isoformat()
    for _ in range(3):
        _submit(client, quiz, lesson, answered_offline_at=answered)
    assert QuizAttempt.objects.filter(user=student).count() == 2


@pytest.fixture
def course_limited(db):
    quiz = QuizFactory(max_attempts=2)
    _module, lessons = course_tree(lessons=1, quiz=quiz)
    return quiz, lessons[0]


def test_save_for_offline_lists_the_module_its_lessons_and_their_files_with_sizes(client, course):
    module, lessons = course
    data = client.get(reverse("courses:module_offline", args=[module.pk])).json()
    urls = [f["url"] for f in data["files"]]
    assert urls[: len(lessons) + 1] == [module.get_url()] + [lesson.get_url() for lesson in lessons]
    assert "/static/css/civic.css" in urls and "/static/js/offline.js" in urls
    assert data["bytes"] == sum(f["bytes"] for f in data["files"]) and data["bytes"] > 0
    assert len(set(urls)) == len(urls)


def test_the_offline_list_of_a_module_that_is_not_live_is_404(client, course):
    module, _ = course
    module.unpublish()
    assert client.get(reverse("courses:module_offline", args=[module.pk])).status_code == 404


def test_the_service_worker_is_served_at_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Content-Type"].startswith("text/javascript")
    assert b"addEventListener('fetch'" in response.content


def test_the_api_takes_answers_given_offline_and_shows_when(student_api, quiz, course):
    answered = timezone.now() - timedelta(minutes=40)
    response = student_api.post(
        f"/api/v1/quizzes/{quiz.pk}/attempts/",
        {"answers": {"q1": "q1-a"}, "answered_offline_at": answered.isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert QuizAttempt.objects.get().answered_offline_at == answered
    assert response.json()["answered_offline_at"] is not None
