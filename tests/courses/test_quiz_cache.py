"""A submission finds its quiz and the lessons using it without a trip to the cache while nothing is published
(this process keeps them per generation), and a quiz change or an unpublished lesson is seen by the very next
submission."""

import pytest

from courses import cache as courses_cache
from courses.models import QuizAttempt
from tests.factories.courses import RIGHT_ANSWERS

pytestmark = pytest.mark.django_db

# Right answers to q1 (1 point) only: a score of 1 of the quiz's points.
ONE_RIGHT = {"q1": "q1-a", "q2": ["q2-b"], "q3": False, "q4": ["osh"]}


def _submit(student_api, quiz, answers):
    return student_api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/", {"answers": answers}, format="json")


def test_a_second_submission_asks_the_cache_nothing_about_the_quiz(student_api, quiz, course, monkeypatch):
    assert _submit(student_api, quiz, RIGHT_ANSWERS).status_code == 201
    asked = []
    real_get = courses_cache.cache.get
    monkeypatch.setattr(
        courses_cache.cache, "get", lambda key, *a, **kw: asked.append(key) or real_get(key, *a, **kw)
    )
    assert _submit(student_api, quiz, RIGHT_ANSWERS).status_code == 201
    assert QuizAttempt.objects.filter(quiz=quiz).count() == 2
    assert not [key for key in asked if key.startswith(("courses:quiz:", "courses:quiz-lessons:"))], asked


def test_a_changed_pass_mark_counts_at_the_next_submission(student_api, quiz, course):
    first = _submit(student_api, quiz, ONE_RIGHT).json()
    attempt = QuizAttempt.objects.get(pk=first["id"])
    assert 0 < attempt.score < attempt.max_score and first["passed"] is False
    quiz.pass_mark = (100 * attempt.score) // attempt.max_score  # now exactly what that score reaches
    quiz.save()
    second = _submit(student_api, quiz, ONE_RIGHT).json()
    assert second["score"] == attempt.score and second["passed"] is True


def test_a_quiz_whose_lesson_is_unpublished_is_gone_at_the_next_submission(student_api, quiz, course):
    _module, lessons = course
    assert _submit(student_api, quiz, RIGHT_ANSWERS).status_code == 201
    lessons[-1].unpublish()
    response = _submit(student_api, quiz, RIGHT_ANSWERS)
    assert response.status_code == 404
    assert QuizAttempt.objects.filter(quiz=quiz).count() == 1


def test_a_lesson_page_is_read_once_per_revision_and_each_request_gets_its_own_copy(course):
    _module, lessons = course
    lesson = lessons[0]
    loads = []

    def load():
        loads.append(lesson.pk)
        return type(lesson).objects.get(pk=lesson.pk)

    gen = courses_cache.generation()
    first = courses_cache.live_page(
        page_id=lesson.pk, revision_id=lesson.live_revision_id, gen=gen, load=load
    )
    first.set_by_one_request = "pupil 1"
    second = courses_cache.live_page(
        page_id=lesson.pk, revision_id=lesson.live_revision_id, gen=gen, load=load
    )
    assert loads == [lesson.pk]  # read once
    assert second.pk == lesson.pk and second is not first
    assert not hasattr(second, "set_by_one_request")
    revision = lesson.save_revision()
    revision.publish()
    courses_cache.live_page(page_id=lesson.pk, revision_id=revision.pk, gen=gen, load=load)
    assert loads == [lesson.pk, lesson.pk]  # a new live revision is read again
    courses_cache.live_page(page_id=lesson.pk, revision_id=revision.pk, gen=gen + 1, load=load)
    assert len(loads) == 3  # and so is a new generation


def test_a_lesson_republished_shows_its_new_text_to_a_signed_in_learner_at_once(client, course, student):
    _module, lessons = course
    lesson = lessons[0]
    client.force_login(student)
    assert client.get(lesson.url).status_code == 200
    lesson.title = "Шайлоо укугу: жаңы сабак"
    lesson.save_revision().publish()
    assert "Шайлоо укугу: жаңы сабак" in client.get(lesson.url).content.decode()
