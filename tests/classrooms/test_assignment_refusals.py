"""What cannot be assigned, each refusal with the words the teacher reads (here in English) and its field; and
what each kind of content resolves to in the class's language."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from core.errors import Invalid
from courses.classrooms import services
from courses.classrooms.models import Assignment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _fields(**kwargs):
    with pytest.raises(Invalid) as exc:
        services.content_resolve(**kwargs)
    return exc.value.fields


@pytest.mark.parametrize(
    "kind, content_id, fields",
    [
        ("video", 1, {"kind": ["Choose a lesson, a module or a quiz."]}),
        ("lesson", "1", {"content": ["Choose what to assign."]}),
        ("lesson", 0, {"content": ["Choose what to assign."]}),
        ("lesson", 10**6, {"content": ["There is no such lesson."]}),
        ("module", 10**6, {"content": ["There is no such module."]}),
        ("quiz", 10**6, {"content": ["There is no such quiz."]}),
    ],
    ids=["unknown-kind", "id-as-text", "id-zero", "no-lesson", "no-module", "no-quiz"],
)
def test_each_reason_content_cannot_be_assigned(classroom, kind, content_id, fields):
    assert _fields(classroom=classroom, kind=kind, content_id=content_id) == fields


@pytest.mark.parametrize("kind", ["lesson", "module", "quiz"])
def test_content_missing_in_the_classes_language(teacher, course, quiz, kind):
    module, lessons = course
    russian_class = services.classroom_create(by=teacher, name="9-Б", language="ru")
    content_id = {"lesson": lessons[0].pk, "module": module.pk, "quiz": quiz.pk}[kind]
    assert _fields(classroom=russian_class, kind=kind, content_id=content_id) == {
        "content": ["This is not available in the class's language."]
    }


@pytest.mark.parametrize("kind", ["lesson", "module", "quiz"])
def test_content_resolves_with_its_title(classroom, course, quiz, kind):
    module, lessons = course
    content = {"lesson": lessons[0], "module": module, "quiz": quiz}[kind]
    assert services.content_resolve(classroom=classroom, kind=kind, content_id=content.pk) == (
        content,
        content.title,
    )


@pytest.mark.parametrize(
    "times, fields",
    [
        ({"starts_at": dt.datetime(2031, 9, 1, 8)}, {"starts_at": ["Give a time with its time zone."]}),
        ({"due_at": dt.datetime(2031, 9, 1, 8)}, {"due_at": ["Give a time with its time zone."]}),
        (
            {
                "starts_at": timezone.now() + dt.timedelta(days=2),
                "due_at": timezone.now() + dt.timedelta(days=2),
            },
            {"due_at": ["The due date must come after the start date."]},
        ),
    ],
    ids=["naive-start", "naive-due", "due-at-the-start"],
)
def test_each_reason_the_times_are_refused(classroom, teacher, quiz, course, times, fields):
    if "due_at" in times and "starts_at" in times:
        times["due_at"] = times["starts_at"]
    with pytest.raises(Invalid) as exc:
        services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk, **times)
    assert (exc.value.message, exc.value.fields) == ("Check the dates.", fields)
    assert not Assignment.objects.exists()


def test_a_due_time_alone_is_enough(classroom, teacher, quiz, course):
    due = timezone.now() + dt.timedelta(days=2)
    assignment = services.assignment_create(
        classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk, due_at=due
    )
    assert assignment.due_at == due


@pytest.mark.parametrize(
    "chosen, fields",
    [
        ("none", {"students": ["Choose at least one pupil, or the whole class."]}),
        ("outsider", {"students": ["Some of these pupils are not in the class."]}),
    ],
)
def test_each_reason_the_chosen_pupils_are_refused(classroom, teacher, pupils, quiz, course, chosen, fields):
    from tests.factories import StudentFactory

    student_ids = [] if chosen == "none" else [pupils[0].pk, StudentFactory().pk]
    with pytest.raises(Invalid) as exc:
        services.assignment_create(
            classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk, student_ids=student_ids
        )
    assert exc.value.fields == fields


def test_a_pupil_chosen_twice_is_given_the_work_once(classroom, teacher, pupils, quiz, course):
    assignment = services.assignment_create(
        classroom=classroom,
        by=teacher,
        kind="quiz",
        content_id=quiz.pk,
        student_ids=[pupils[1].pk, pupils[1].pk],
    )
    assert list(assignment.recipients.values_list("student_id", flat=True)) == [pupils[1].pk]


def test_a_teacher_opens_an_assignment_of_their_class_only(classroom, teacher, quiz, course):
    from core.errors import NotAllowed, NotFound
    from courses.classrooms.services.assignments import assignment_for_teacher
    from tests.factories import TeacherFactory

    assignment = services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    assert assignment_for_teacher(by=teacher, pk=assignment.pk) == assignment
    with pytest.raises(NotAllowed) as refused:
        assignment_for_teacher(by=TeacherFactory(), pk=assignment.pk)
    with pytest.raises(NotFound) as missing:
        assignment_for_teacher(by=teacher, pk=assignment.pk + 1000)
    assert (refused.value.message, missing.value.message) == (
        "This is not one of your classes.",
        "There is no such assignment.",
    )


def test_work_is_set_by_the_classes_teachers_only(classroom, quiz, course):
    from core.errors import NotAllowed
    from tests.factories import TeacherFactory

    with pytest.raises(NotAllowed) as exc:
        services.assignment_create(classroom=classroom, by=TeacherFactory(), kind="quiz", content_id=quiz.pk)
    assert exc.value.message == "This is not one of your classes."


def test_an_archived_class_is_set_no_work(classroom, teacher, quiz, course):
    from core.errors import Conflict

    services.classroom_archive(classroom=classroom, by=teacher)
    with pytest.raises(Conflict) as exc:
        services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    assert (exc.value.message, exc.value.code) == (
        "This class is archived: it can be read but not changed.",
        "archived",
    )


@pytest.mark.parametrize("who", ["pupil-of-another-class", "pupil-still-waiting"])
def test_chosen_pupils_must_be_active_in_this_class(classroom, teacher, pupils, quiz, course, who):
    from tests.factories import StudentFactory

    pupil = StudentFactory()
    if who == "pupil-of-another-class":
        other = services.classroom_create(by=teacher, name="9-Б", language="ky")
        services.student_add(classroom=other, by=teacher, username=pupil.username)
    else:
        services.classroom_update(classroom=classroom, by=teacher, join_requires_approval=True)
        services.class_join(student=pupil, code=classroom.join_code)
    with pytest.raises(Invalid) as exc:
        services.assignment_create(
            classroom=classroom,
            by=teacher,
            kind="quiz",
            content_id=quiz.pk,
            student_ids=[pupils[0].pk, pupil.pk],
        )
    assert exc.value.fields == {"students": ["Some of these pupils are not in the class."]}


def _russian(teacher, course, quiz):
    """A Russian class, and the course's last lesson translated with a Russian quiz of its own."""
    from wagtail.models import Locale

    ru = Locale.objects.get(language_code="ru")
    _module, lessons = course
    ru_quiz = quiz.copy_for_translation(ru)
    ru_quiz.title = "Тест о выборах"
    ru_quiz.save()
    ru_lesson = lessons[-1].copy_for_translation(ru, copy_parents=True)
    ru_lesson.body = [("quiz", {"quiz": ru_quiz})]
    ru_lesson.save_revision().publish()
    return services.classroom_create(by=teacher, name="9-Б", language="ru"), ru_lesson, ru_quiz


def test_content_is_taken_in_the_classes_language(teacher, course, quiz):
    from courses.models import Quiz

    Quiz.objects.create(title="Другой тест", locale=quiz.locale.__class__.objects.get(language_code="ru"))
    russian_class, ru_lesson, ru_quiz = _russian(teacher, course, quiz)
    _module, lessons = course
    assert services.content_resolve(classroom=russian_class, kind="lesson", content_id=lessons[-1].pk) == (
        ru_lesson.specific,
        ru_lesson.title,
    )
    assert services.content_resolve(classroom=russian_class, kind="quiz", content_id=quiz.pk) == (
        ru_quiz,
        "Тест о выборах",
    )


def test_a_translated_quiz_in_no_lesson_is_not_available(teacher, course, quiz):
    from wagtail.models import Locale

    quiz.copy_for_translation(Locale.objects.get(language_code="ru")).save()
    russian_class = services.classroom_create(by=teacher, name="9-Б", language="ru")
    assert _fields(classroom=russian_class, kind="quiz", content_id=quiz.pk) == {
        "content": ["This is not available in the class's language."]
    }


def test_a_note_of_2000_characters_is_kept_tidied_and_a_longer_one_refused(classroom, teacher, quiz, course):
    for note, kept in (("ж" * 2000, "ж" * 2000), (" " + "ж" * 1998 + " ", "ж" * 1998)):
        assignment = services.assignment_create(
            classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk, note=note
        )
        assert Assignment.objects.get(pk=assignment.pk).note == kept
    with pytest.raises(Invalid) as exc:
        services.assignment_create(
            classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk, note="ж" * 2001
        )
    assert exc.value.fields == {"note": ["The note is too long."]}
    assert Assignment.objects.count() == 2


def test_an_assignment_without_a_note_has_none_and_is_signed_by_its_teacher(classroom, teacher, quiz, course):
    for note in ({}, {"note": None}):
        assignment = services.assignment_create(
            classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk, **note
        )
        assignment = Assignment.objects.get(pk=assignment.pk)
        assert (assignment.note, assignment.created_by) == ("", teacher)


def test_only_the_classes_teachers_delete_an_open_classes_assignment(classroom, teacher, quiz, course):
    from core.errors import Conflict, NotAllowed
    from tests.factories import TeacherFactory

    assignment = services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    with pytest.raises(NotAllowed) as exc:
        services.assignment_delete(assignment=assignment, by=TeacherFactory())
    assert exc.value.message == "This is not one of your classes."
    services.classroom_archive(classroom=classroom, by=teacher)
    assignment.classroom.refresh_from_db()
    with pytest.raises(Conflict) as exc:
        services.assignment_delete(assignment=assignment, by=teacher)
    assert exc.value.code == "archived"
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_deleting_an_assignment_deletes_its_practice_quiz_and_no_other_quiz(classroom, teacher, quiz, course):
    from courses.models import Quiz
    from tests.factories import QuizFactory

    practice_quiz = QuizFactory(title="Машыгуу")
    practice = Assignment.objects.create(
        classroom=classroom,
        kind="quiz",
        quiz=practice_quiz,
        content_key=practice_quiz.translation_key,
        title="Машыгуу",
        practice=True,
    )
    plain = services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    services.assignment_delete(assignment=plain, by=teacher)
    assert Quiz.objects.filter(pk=quiz.pk).exists()
    services.assignment_delete(assignment=practice, by=teacher)
    assert not Assignment.objects.exists()
    assert list(Quiz.objects.filter(pk__in=[practice_quiz.pk, quiz.pk]).values_list("pk", flat=True)) == [
        quiz.pk
    ]


def test_a_reteach_in_a_russian_class_is_a_russian_practice_quiz(teacher, course, quiz):
    from courses import services as course_services
    from tests.factories import StudentFactory
    from tests.factories.courses import RIGHT_ANSWERS

    russian_class, _ru_lesson, ru_quiz = _russian(teacher, course, quiz)
    services.assignment_create(classroom=russian_class, by=teacher, kind="quiz", content_id=quiz.pk)
    pupil = StudentFactory()
    services.student_add(classroom=russian_class, by=teacher, username=pupil.username)
    course_services.quiz_attempt_submit(user=pupil, quiz=ru_quiz, answers={**RIGHT_ANSWERS, "q2": ["q2-b"]})
    practice = services.reteach_create(
        classroom=russian_class, by=teacher, quiz_id=quiz.pk, question_ids=["q2"]
    )
    assert practice.quiz.locale.language_code == "ru"
    assert practice.quiz.title == "Тренировочный тест: Тест о выборах"


def test_a_lesson_is_taken_as_its_own_translation_among_the_classes_language_lessons(teacher, course, quiz):
    from wagtail.models import Locale

    _module, lessons = course
    first_ru = lessons[0].copy_for_translation(Locale.objects.get(language_code="ru"), copy_parents=True)
    first_ru.save_revision().publish()
    russian_class, ru_lesson, _ru_quiz = _russian(teacher, course, quiz)
    assert services.content_resolve(classroom=russian_class, kind="lesson", content_id=lessons[-1].pk) == (
        ru_lesson.specific,
        ru_lesson.title,
    )
