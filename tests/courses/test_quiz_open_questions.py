"""A quiz submitted by accident uses no attempt: nothing answered is refused, a partial answer is confirmed first."""

import pytest
from django.urls import reverse
from django.utils import translation

from courses.models import QuizAttempt
from tests.factories.courses import QuizFactory, lesson_add

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_language(settings):
    """The API's `?lang=` stays active in the test's thread; the pages' URLs are reversed in the default one."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def limited(course):
    """A quiz with a single attempt, in a lesson of its own."""
    quiz = QuizFactory(max_attempts=1)
    lesson = lesson_add(course[0], title="One try", body=[("quiz", {"quiz": quiz})])
    return quiz, lesson


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "Answer at least one question."), ("ru", "Ответьте хотя бы на один вопрос.")],
)
def test_api_refuses_a_quiz_with_nothing_answered_and_uses_no_attempt(student_api, limited, lang, message):
    quiz, _lesson = limited
    url = f"/api/v1/quizzes/{quiz.pk}/attempts/?lang={lang}"
    for answers in ({}, {"q2": [], "q3": "", "q4": ["  "]}):
        response = student_api.post(url, {"answers": answers}, format="json")
        assert response.status_code == 400, response.content
        assert response.json()["error"]["fields"]["answers"] == [message]
    assert not QuizAttempt.objects.exists()
    detail = student_api.get(f"/api/v1/quizzes/{quiz.pk}/").json()
    assert detail["mine"]["attempts_left"] == 1
    # The one attempt is still there to use.
    assert student_api.post(url, {"answers": {"q1": "q1-a"}}, format="json").status_code == 201


def test_page_refuses_a_quiz_with_nothing_answered_as_a_form_error(client, student, limited):
    quiz, lesson = limited
    client.force_login(student)
    response = client.post(reverse("courses:quiz_submit", args=[quiz.pk]), {"next": lesson.get_url()})
    assert response.status_code == 302
    response = client.get(response["Location"])
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="quiz-{quiz.pk}-error"' in html and "Жок дегенде бир суроого жооп бериңиз." in html
    assert not QuizAttempt.objects.exists()
    assert reverse("courses:quiz_submit", args=[quiz.pk]) in html  # the form is still offered


def test_partial_page_submission_lists_the_open_questions_and_keeps_the_answers(client, student, limited):
    quiz, lesson = limited
    client.force_login(student)
    url = lesson.get_url()
    submit = reverse("courses:quiz_submit", args=[quiz.pk])
    response = client.post(submit, {"next": url, "q-q1": "q1-a", "q-q4": "Бишкек"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?review={quiz.pk}#quiz-{quiz.pk}"
    assert not QuizAttempt.objects.exists()  # not scored, no attempt used

    html = client.get(response["Location"]).content.decode()
    notice = html[html.index(f'id="quiz-{quiz.pk}-open"') :]
    notice = notice[: notice.index("</div>")]
    assert "Жооп берилбеген суроолор: 2, 3." in notice  # the lesson is in Kyrgyz
    assert 'value="q1-a" id="q-q1-1" checked' in html  # the answers given are kept
    assert 'value="Бишкек"' in html
    assert 'name="confirm" value="partial"' in html

    # The notice is shown once: the lesson page afterwards is the plain form again.
    assert f'id="quiz-{quiz.pk}-open"' not in client.get(url).content.decode()

    response = client.post(submit, {"next": url, "q-q1": "q1-a", "q-q4": "Бишкек", "confirm": "partial"})
    attempt = QuizAttempt.objects.get(user=student)
    assert response["Location"] == f"{url}?attempt={attempt.pk}#quiz-{quiz.pk}"
    assert (attempt.score, attempt.max_score) == (2, 5)


def test_fully_answered_quiz_is_scored_at_once(client, student, limited):
    quiz, lesson = limited
    client.force_login(student)
    client.post(
        reverse("courses:quiz_submit", args=[quiz.pk]),
        {"next": lesson.get_url(), "q-q1": "q1-b", "q-q2": "q2-a", "q-q3": "false", "q-q4": "Ош"},
    )
    assert QuizAttempt.objects.get(user=student).score == 0
