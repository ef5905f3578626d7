"""Quiz scoring, attempt and time limits, lesson completion and progress."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.api.errors import Conflict
from courses import scoring, selectors, services
from courses.models import LessonProgress, QuizAnswer, QuizAttempt
from tests.factories.courses import RIGHT_ANSWERS, QuizFactory, course_tree

pytestmark = pytest.mark.django_db


def test_right_answers_score_full_marks_and_are_stored(student, quiz, course):
    attempt = services.quiz_attempt_submit(user=student, quiz=quiz, answers=RIGHT_ANSWERS)
    assert (attempt.score, attempt.max_score, attempt.passed, attempt.number) == (5, 5, True, 1)
    assert QuizAnswer.objects.filter(attempt=attempt, correct=True).count() == 4


def test_fill_blanks_ignores_case_unless_told(student, quiz, course):
    attempt = services.quiz_attempt_submit(user=student, quiz=quiz, answers={"q4": ["  БИШКЕК "]})
    assert attempt.answers.get(question_id="q4").correct
    data = quiz.questions.raw_data
    data[3]["value"]["case_sensitive"] = True
    quiz.questions = data
    quiz.save()
    attempt = services.quiz_attempt_submit(user=student, quiz=quiz, answers={"q4": ["bishkek"]})
    assert not attempt.answers.get(question_id="q4").correct


def test_multiple_choice_needs_exactly_the_right_set(student, quiz, course):
    attempt = services.quiz_attempt_submit(user=student, quiz=quiz, answers={"q2": ["q2-a"]})
    assert not attempt.answers.get(question_id="q2").correct
    assert attempt.score == 0 and not attempt.passed


def test_unknown_question_is_refused_and_nothing_is_stored(student, quiz, course):
    with pytest.raises(ValidationError):
        services.quiz_attempt_submit(user=student, quiz=quiz, answers={"nope": "x"})
    with pytest.raises(ValidationError):
        services.quiz_attempt_submit(user=student, quiz=quiz, answers={"q1": "not-a-choice"})
    assert not QuizAttempt.objects.exists() and not QuizAnswer.objects.exists()


def test_attempt_limit(student, course):
    quiz = QuizFactory(max_attempts=2)
    for _ in range(2):
        services.quiz_attempt_submit(user=student, quiz=quiz, answers={"q1": "q1-b"})
    with pytest.raises(Conflict):
        services.quiz_attempt_submit(user=student, quiz=quiz, answers={"q1": "q1-b"})
    assert QuizAttempt.objects.filter(user=student).count() == 2


def test_time_limit_needs_a_started_attempt_and_holds(student, course):
    quiz = QuizFactory(time_limit_minutes=5)
    with pytest.raises(ValidationError):
        services.quiz_attempt_submit(user=student, quiz=quiz, answers={"q1": "q1-a"})
    attempt = services.quiz_attempt_start(user=student, quiz=quiz)
    assert services.quiz_attempt_start(user=student, quiz=quiz).pk == attempt.pk  # resumes, no new attempt
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(minutes=10), deadline=timezone.now() - timedelta(minutes=5)
    )
    with pytest.raises(Conflict):
        services.quiz_attempt_submit(user=student, quiz=quiz, answers=RIGHT_ANSWERS, attempt_id=attempt.pk)
    assert QuizAttempt.objects.get(pk=attempt.pk).status == "started"
    assert not QuizAnswer.objects.exists()
    fresh = services.quiz_attempt_start(user=student, quiz=quiz)
    assert fresh.number == 2
    done = services.quiz_attempt_submit(user=student, quiz=quiz, answers=RIGHT_ANSWERS, attempt_id=fresh.pk)
    assert done.passed
    with pytest.raises(Conflict):
        services.quiz_attempt_submit(user=student, quiz=quiz, answers=RIGHT_ANSWERS, attempt_id=fresh.pk)


def test_someone_elses_attempt_is_not_yours(student, quiz, course):
    from tests.factories import StudentFactory

    other = StudentFactory()
    attempt = services.quiz_attempt_start(user=other, quiz=quiz)
    with pytest.raises(ValidationError):
        services.quiz_attempt_submit(user=student, quiz=quiz, answers={}, attempt_id=attempt.pk)


@pytest.mark.parametrize(
    ("rule", "max_attempts", "passed_any", "used", "expected"),
    [
        ("never", 0, True, 1, False),
        ("each_attempt", 0, False, 1, True),
        ("after_passing", 0, False, 1, False),
        ("after_passing", 0, True, 1, True),
        ("last_attempt", 2, True, 1, False),
        ("last_attempt", 2, False, 2, True),
        ("last_attempt", 0, False, 5, False),
        ("each_attempt", 0, False, 0, False),
    ],
)
def test_reveal_rule(rule, max_attempts, passed_any, used, expected):
    quiz = QuizFactory.build(show_answers=rule, max_attempts=max_attempts)
    assert scoring.reveal_allowed(quiz=quiz, attempts_used=used, passed_any=passed_any) is expected


def test_public_questions_carry_no_answers_or_feedback(quiz):
    for question in scoring.quiz_questions(quiz):
        public = scoring.public_question(question)
        text = repr(public)
        assert "correct" not in text and "feedback" not in text and "Bishkek" not in text


def test_passing_the_quiz_completes_the_lesson_and_moves_module_progress(student, quiz, course):
    module, lessons = course
    services.quiz_attempt_submit(user=student, quiz=quiz, answers={"q1": "q1-b"})  # failed: not complete
    assert not LessonProgress.objects.filter(user=student, completed_at__isnull=False).exists()
    services.quiz_attempt_submit(user=student, quiz=quiz, answers=RIGHT_ANSWERS)
    progress = LessonProgress.objects.get(user=student, lesson_key=lessons[2].translation_key)
    assert progress.completed
    services.lesson_mark_done(user=student, lesson=lessons[0])
    assert selectors.module_progress_map(user=student, modules=[module])[module.pk] == {
        "completed": 2,
        "total": 3,
        "percent": 67,
    }


def test_a_lesson_with_a_quiz_cannot_just_be_marked_done(student, course):
    _module, lessons = course
    with pytest.raises(Conflict):
        services.lesson_mark_done(user=student, lesson=lessons[2])


def test_continue_where_you_left_off(student, course):
    _module, lessons = course
    from wagtail.models import Locale

    ky = Locale.objects.get(language_code="ky")
    assert selectors.learner_continue(user=student, locale=ky) is None
    services.lesson_progress_visit(user=student, lesson=lessons[0])
    assert selectors.learner_continue(user=student, locale=ky).pk == lessons[0].pk
    services.lesson_mark_done(user=student, lesson=lessons[0])
    assert selectors.learner_continue(user=student, locale=ky).pk == lessons[1].pk


def test_quiz_of_an_unpublished_lesson_is_not_available(quiz, course):
    from django.http import Http404
    from wagtail.models import Locale

    ky = Locale.objects.get(language_code="ky")
    assert selectors.quiz_available(pk=quiz.pk, locale=ky) == quiz
    course[1][2].unpublish()
    with pytest.raises(Http404):
        selectors.quiz_available(pk=quiz.pk, locale=ky)
    lonely = QuizFactory()
    with pytest.raises(Http404):
        selectors.quiz_available(pk=lonely.pk, locale=ky)


def test_progress_is_shared_across_languages(student, quiz):
    module, lessons = course_tree(lessons=1, quiz=quiz)
    from wagtail.models import Locale

    ru = Locale.objects.get(language_code="ru")
    quiz_ru = quiz.copy_for_translation(ru)
    quiz_ru.title = "Тест"
    quiz_ru.save()
    services.quiz_attempt_submit(user=student, quiz=quiz_ru, answers=RIGHT_ANSWERS)
    assert selectors.module_progress_map(user=student, modules=[module])[module.pk]["completed"] == 1
