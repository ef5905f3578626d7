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


def _blocks(lesson, kind):
    return [child.value for child in lesson.body if child.block_type == kind]


def _html(value) -> str:
    return getattr(value, "source", value)


def test_the_seeded_demo_is_what_the_data_files_say_in_every_language(site):
    """Oracle: the JSON files in courses/demo_content/ as a translator edits them, field by field."""
    demo.seed(stdout=StringIO())
    texts, specs = demo.content_index(), demo.content_modules()
    assert [spec["slug"] for spec in specs] == ["rights", "media-literacy", "civic-activism"]
    for lang in ("ky", "ru", "en"):
        index = ModuleIndexPage.objects.get(locale__language_code=lang)
        assert (index.title, index.intro) == (texts["title"][lang], texts["intro"][lang])
        modules = list(ModulePage.objects.child_of(index).order_by("path"))
        assert [m.slug for m in modules] == [spec["slug"] for spec in specs]
        for module, spec in zip(modules, specs, strict=True):
            assert (module.title, module.summary, module.topic, module.estimated_minutes) == (
                spec["title"][lang],
                spec["summary"][lang],
                spec["topic"],
                spec["estimated_minutes"],
            )
            assert module.outcomes == spec["learning_outcomes"][lang]
            lessons = list(LessonPage.objects.child_of(module).order_by("path"))
            assert [lesson.slug for lesson in lessons] == [ls["slug"] for ls in spec["lessons"]]
            for lesson, ls in zip(lessons, spec["lessons"], strict=True):
                assert (lesson.title, lesson.summary) == (ls["title"][lang], ls["summary"][lang])
                assert [h["text"] for h in _blocks(lesson, "heading")] == [
                    s["heading"][lang] for s in ls["sections"]
                ]
                assert [_html(p) for p in _blocks(lesson, "paragraph")] == [
                    s["text"][lang] for s in ls["sections"]
                ]
                assert [_html(k["text"]) for k in _blocks(lesson, "key_idea")] == [ls["key_idea"][lang]]
                assert [(g["term"], g["definition"]) for g in _blocks(lesson, "glossary_term")] == [
                    (ls["glossary_term"]["term"][lang], ls["glossary_term"]["definition"][lang])
                ]
                quiz_titles = [q["quiz"].title for q in _blocks(lesson, "quiz")]
                assert quiz_titles == ([spec["quiz"]["title"][lang]] if ls.get("quiz") else [])
            quiz_spec = spec["quiz"]
            quiz = Quiz.objects.get(locale__language_code=lang, title=quiz_spec["title"][lang])
            assert (quiz.intro, quiz.pass_mark, quiz.max_attempts, quiz.show_answers) == (
                quiz_spec["intro"][lang],
                quiz_spec["pass_mark"],
                quiz_spec["max_attempts"],
                quiz_spec["show_answers"],
            )
            questions = quiz_questions(quiz)
            assert len(questions) == len(quiz_spec["questions"])
            for question, q in zip(questions, quiz_spec["questions"], strict=True):
                assert (question.type, question.text, question.points) == (
                    q["kind"],
                    q["text"][lang],
                    q["points"],
                )
                assert (question.feedback_correct, question.feedback_incorrect) == (
                    q["feedback_correct"][lang],
                    q["feedback_incorrect"][lang],
                )
                assert [(c["text"], c["feedback"], c["correct"]) for c in question.choices] == [
                    (c["text"][lang], c["feedback"][lang], c["correct"]) for c in q.get("choices", [])
                ]
                assert question.correct == q.get("correct")
                assert question.blanks == [
                    [a.strip() for a in b["answers"][lang].split("/")] for b in q.get("blanks", [])
                ]
    # The three languages' copies of a quiz share question ids (attempts count across languages).
    for spec in specs:
        ids = {
            tuple(q.id for q in quiz_questions(quiz))
            for quiz in Quiz.objects.filter(translation_key=demo.quiz_key(spec["quiz"]))
        }
        assert len(ids) == 1
