"""Demo courses: three modules of three lessons in ky, ru and en, each with a quiz; seeding twice adds nothing."""

from io import StringIO

import pytest

from courses import demo
from courses.models import LessonPage, LessonQuiz, ModuleIndexPage, ModulePage, Quiz, QuizAttempt
from courses.scoring import quiz_questions

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (ModuleIndexPage, ModulePage, LessonPage, Quiz, LessonQuiz)]


def test_demo_courses_in_three_languages_and_idempotent(site, client, student):
    demo.seed(stdout=StringIO())
    first = _counts()
    demo.seed(stdout=StringIO())
    assert _counts() == first == [3, 9, 27, 9, 9]
    assert not LessonPage.objects.filter(alias_of__isnull=False).exists()
    for lang in ("ky", "ru", "en"):
        modules = ModulePage.objects.filter(locale__language_code=lang)
        assert sorted(m.topic for m in modules) == ["civic_activism", "media_literacy", "rights"]
        index = ModuleIndexPage.objects.get(locale__language_code=lang)
        assert index.show_in_menus and index.get_parent().specific.__class__.__name__ == "HomePage"
        response = client.get(f"/{lang}/")
        assert index.title in response.content.decode()  # in the main menu
    # Every quiz teaches: each question has feedback for a wrong answer.
    for quiz in Quiz.objects.all():
        assert all(q.feedback_incorrect for q in quiz_questions(quiz)), quiz
    # A learner takes the Russian rights quiz through the lesson page form.
    quiz = Quiz.objects.get(locale__language_code="ru", title__contains="права")
    lesson = LessonPage.objects.get(quiz_links__quiz=quiz)
    client.force_login(student)
    html = client.get(lesson.get_url()).content.decode()
    assert quiz.title in html and 'lang="ru"' in html
    first_q = quiz_questions(quiz)[0]
    right = next(c["id"] for c in first_q.choices if c["correct"])
    client.post(
        f"/ru/learning/quizzes/{quiz.pk}/submit/",
        {"next": lesson.get_url(), f"q-{first_q.id}": right, "confirm": "partial"},
    )
    attempt = QuizAttempt.objects.get(user=student)
    assert attempt.score == 1 and not attempt.passed
