"""Classroom services: classes and join codes, co-teachers, assignments and their states, results, reteach."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.errors import Conflict, Invalid, NotAllowed
from courses import services as course_services
from courses.classrooms import selectors, services, states
from courses.classrooms.models import (
    Assignment,
    AssignmentRecipient,
    Classroom,
    CoTeacher,
    Membership,
    MembershipStatus,
)
from courses.models import LessonProgress, QuizAttempt
from tests.factories import StudentFactory, TeacherFactory
from tests.factories.courses import RIGHT_ANSWERS

pytestmark = pytest.mark.django_db


# ---- classes and join codes ---------------------------------------------------------------------------------


def test_a_class_gets_an_eight_digit_code_of_its_own(teacher):
    first = services.classroom_create(by=teacher, name="7-Б", language="ru", grade=7)
    second = services.classroom_create(by=teacher, name="8-В")
    assert len(first.join_code) == 8 and first.join_code.isdigit()
    assert first.join_code != second.join_code
    assert first.owner == teacher and first.language == "ru" and first.join_enabled


def test_only_teachers_open_classes(db):
    with pytest.raises(NotAllowed):
        services.classroom_create(by=StudentFactory(), name="9-А")
    assert not Classroom.objects.exists()


def test_a_class_needs_a_name(teacher):
    with pytest.raises(Invalid) as exc:
        services.classroom_create(by=teacher, name="  ")
    assert "name" in exc.value.fields
    assert not Classroom.objects.exists()


def test_a_pupil_joins_by_code_typed_with_spaces(classroom):
    pupil = StudentFactory()
    membership = services.class_join(
        student=pupil, code=f"{classroom.join_code[:4]} {classroom.join_code[4:]}"
    )
    assert membership.classroom == classroom and membership.status == MembershipStatus.ACTIVE
    assert membership.via == Membership.Via.CODE


def test_a_class_that_asks_for_approval_keeps_joiners_waiting(classroom, teacher):
    services.classroom_update(classroom=classroom, by=teacher, join_requires_approval=True)
    pupil = StudentFactory()
    assert services.class_join(student=pupil, code=classroom.join_code).status == MembershipStatus.PENDING
    assert selectors.my_assignments(user=pupil) == []
    services.membership_approve(classroom=classroom, by=teacher, student_id=pupil.pk)
    assert Membership.objects.get(student=pupil).status == MembershipStatus.ACTIVE


def test_a_wrong_code_is_invalid_and_adds_nobody(classroom):
    wrong = str((int(classroom.join_code) + 1) % 10**8).zfill(8)
    with pytest.raises(Invalid) as exc:
        services.class_join(student=StudentFactory(), code=wrong)
    assert "code" in exc.value.fields
    assert not Membership.objects.exists()


def test_a_switched_off_code_admits_nobody(classroom, teacher):
    services.join_code_enable(classroom=classroom, by=teacher, enabled=False)
    with pytest.raises(Conflict) as exc:
        services.class_join(student=StudentFactory(), code=classroom.join_code)
    assert exc.value.code == "code_disabled"
    assert not Membership.objects.exists()


def test_an_archived_class_admits_nobody(classroom, teacher):
    services.classroom_archive(classroom=classroom, by=teacher)
    with pytest.raises(Conflict) as exc:
        services.class_join(student=StudentFactory(), code=classroom.join_code)
    assert exc.value.code == "archived"
    assert not Membership.objects.exists()


def test_joining_twice_is_a_conflict(classroom):
    pupil = StudentFactory()
    services.class_join(student=pupil, code=classroom.join_code)
    with pytest.raises(Conflict):
        services.class_join(student=pupil, code=classroom.join_code)
    assert Membership.objects.filter(student=pupil).count() == 1


def test_a_new_code_retires_the_old_one(classroom, teacher):
    old = classroom.join_code
    services.join_code_regenerate(classroom=classroom, by=teacher)
    assert classroom.join_code != old
    with pytest.raises(Invalid):
        services.class_join(student=StudentFactory(), code=old)


def test_a_shared_class_is_managed_by_the_co_teacher(classroom, teacher):
    colleague = TeacherFactory()
    services.co_teacher_add(classroom=classroom, by=teacher, username=colleague.username)
    assert selectors.classroom_for_teacher(user=colleague, pk=classroom.pk) == classroom
    pupil = StudentFactory()
    services.student_add(classroom=classroom, by=colleague, username=pupil.username)
    assert Membership.objects.filter(classroom=classroom, student=pupil).exists()
    # Only the owner shares on.
    with pytest.raises(NotAllowed):
        services.co_teacher_add(classroom=classroom, by=colleague, username=TeacherFactory().username)


def test_a_class_is_shared_with_teachers_only(classroom, teacher):
    with pytest.raises(Invalid):
        services.co_teacher_add(classroom=classroom, by=teacher, username=StudentFactory().username)
    assert not CoTeacher.objects.exists()


def test_another_teacher_cannot_touch_a_class(classroom):
    stranger = TeacherFactory()
    with pytest.raises(NotAllowed):
        selectors.classroom_for_teacher(user=stranger, pk=classroom.pk)
    with pytest.raises(NotAllowed):
        services.student_add(classroom=classroom, by=stranger, username=StudentFactory().username)


def test_an_archived_class_is_read_only_but_reportable(classroom, teacher, pupils, course, quiz):
    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    services.classroom_archive(classroom=classroom, by=teacher)
    with pytest.raises(Conflict):
        services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    with pytest.raises(Conflict):
        services.membership_remove(classroom=classroom, by=teacher, student_id=pupils[0].pk)
    assert len(selectors.class_matrix(classroom=classroom).students) == 3


# ---- states -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done_offset", "started", "now_offset", "expected"),
    [
        (-1, True, 5, states.DONE),  # finished an hour before the due time
        (1, True, 5, states.DONE_LATE),  # an hour after it
        (None, True, 5, states.OVERDUE),
        (None, True, -5, states.IN_PROGRESS),
        (None, False, -5, states.NOT_STARTED),
    ],
)
def test_the_state_rule(done_offset, started, now_offset, expected):
    due = timezone.now()
    done_at = due + timedelta(hours=done_offset) if done_offset is not None else None
    work = states.Work(done_at=done_at, started=started)
    assert states.state_of(work=work, due_at=due, now=due + timedelta(hours=now_offset)) == expected


# ---- assignments --------------------------------------------------------------------------------------------


def test_a_lesson_missing_in_the_class_language_cannot_be_assigned(teacher, course):
    _module, lessons = course
    russian_class = services.classroom_create(by=teacher, name="9-Б", language="ru")
    with pytest.raises(Invalid) as exc:
        services.assignment_create(
            classroom=russian_class, by=teacher, kind="lesson", content_id=lessons[0].pk
        )
    assert "content" in exc.value.fields
    assert not Assignment.objects.exists()


def test_a_lesson_that_does_not_exist_cannot_be_assigned(classroom, teacher, course):
    with pytest.raises(Invalid):
        services.assignment_create(classroom=classroom, by=teacher, kind="lesson", content_id=10**6)
    assert not Assignment.objects.exists()


def test_the_due_date_must_come_after_the_start(classroom, teacher, course, quiz):
    start = timezone.now() + timedelta(days=2)
    with pytest.raises(Invalid) as exc:
        services.assignment_create(
            classroom=classroom,
            by=teacher,
            kind="quiz",
            content_id=quiz.pk,
            starts_at=start,
            due_at=start - timedelta(hours=1),
        )
    assert "due_at" in exc.value.fields
    assert not Assignment.objects.exists()


def test_work_cannot_be_assigned_in_another_teachers_class(classroom, course, quiz):
    with pytest.raises(NotAllowed):
        services.assignment_create(classroom=classroom, by=TeacherFactory(), kind="quiz", content_id=quiz.pk)
    assert not Assignment.objects.exists()


def test_chosen_pupils_must_be_in_the_class(classroom, teacher, pupils, course, quiz):
    outsider = StudentFactory()
    with pytest.raises(Invalid):
        services.assignment_create(
            classroom=classroom,
            by=teacher,
            kind="quiz",
            content_id=quiz.pk,
            student_ids=[pupils[0].pk, outsider.pk],
        )
    assert not Assignment.objects.exists()


def _submit_at(user, quiz, answers, when):
    attempt = course_services.quiz_attempt_submit(user=user, quiz=quiz, answers=answers)
    QuizAttempt.objects.filter(pk=attempt.pk).update(submitted_at=when, started_at=when)
    return attempt


def test_the_matrix_gives_each_pupil_their_state_score_and_date(classroom, teacher, pupils, course, quiz):
    module, lessons = course
    due = timezone.now() - timedelta(hours=1)
    quiz_task = services.assignment_create(
        classroom=classroom,
        by=teacher,
        kind="quiz",
        content_id=quiz.pk,
        due_at=due,
        starts_at=due - timedelta(days=3),
    )
    lesson_task = services.assignment_create(
        classroom=classroom, by=teacher, kind="lesson", content_id=lessons[0].pk, student_ids=[pupils[0].pk]
    )
    on_time = due - timedelta(hours=2)
    _submit_at(pupils[0], quiz, RIGHT_ANSWERS, on_time)  # 5/5 before the due time
    _submit_at(pupils[1], quiz, {"q1": "q1-a"}, due + timedelta(minutes=30))  # 1/5 after it
    matrix = selectors.class_matrix(classroom=classroom)
    cell = matrix.cells[(pupils[0].pk, quiz_task.pk)]
    assert (cell.state, cell.best_percent, cell.done_at) == (states.DONE, 100, on_time)
    assert matrix.cells[(pupils[1].pk, quiz_task.pk)].state == states.DONE_LATE
    assert matrix.cells[(pupils[1].pk, quiz_task.pk)].best_percent == 20
    assert matrix.cells[(pupils[2].pk, quiz_task.pk)].state == states.OVERDUE
    assert matrix.cells[(pupils[0].pk, lesson_task.pk)].state == states.NOT_STARTED
    assert (pupils[1].pk, lesson_task.pk) not in matrix.cells  # not assigned to them
    column = matrix.columns[0]
    assert (column.recipients, column.done, column.late, column.overdue, column.average_percent) == (
        3,
        2,
        1,
        1,
        60,
    )


def test_a_module_is_done_when_its_last_lesson_is(classroom, teacher, pupils, course):
    module, lessons = course
    task = services.assignment_create(classroom=classroom, by=teacher, kind="module", content_id=module.pk)
    now = timezone.now()
    for n, lesson in enumerate(lessons[:2]):
        LessonProgress.objects.create(
            user=pupils[0],
            lesson_key=lesson.translation_key,
            module_key=module.translation_key,
            lesson=lesson,
            last_seen_at=now,
            completed_at=now - timedelta(hours=n),
        )
    assert (
        selectors.class_matrix(classroom=classroom).cells[(pupils[0].pk, task.pk)].state == states.IN_PROGRESS
    )
    LessonProgress.objects.create(
        user=pupils[0],
        lesson_key=lessons[2].translation_key,
        module_key=module.translation_key,
        lesson=lessons[2],
        last_seen_at=now,
        completed_at=now + timedelta(minutes=1),
    )
    cell = selectors.class_matrix(classroom=classroom).cells[(pupils[0].pk, task.pk)]
    assert (cell.state, cell.done_at) == (states.DONE, now + timedelta(minutes=1))


def test_an_assignment_that_opens_later_is_hidden_from_pupils_until_then(
    classroom, teacher, pupils, course, quiz
):
    services.assignment_create(
        classroom=classroom,
        by=teacher,
        kind="quiz",
        content_id=quiz.pk,
        starts_at=timezone.now() + timedelta(days=1),
    )
    assert selectors.my_assignments(user=pupils[0]) == []
    assert len(selectors.my_assignments(user=pupils[0], now=timezone.now() + timedelta(days=2))) == 1


# ---- difficult questions and reteach ------------------------------------------------------------------------


def test_difficult_questions_count_submitted_attempts_only(classroom, teacher, pupils, course, quiz):
    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    course_services.quiz_attempt_submit(user=pupils[0], quiz=quiz, answers=RIGHT_ANSWERS)
    course_services.quiz_attempt_submit(user=pupils[1], quiz=quiz, answers={"q1": "q1-b", "q3": False})
    course_services.quiz_attempt_submit(user=pupils[1], quiz=quiz, answers={"q1": "q1-a", "q3": False})
    QuizAttempt.objects.create(
        user=pupils[2],
        quiz=quiz,
        quiz_key=quiz.translation_key,
        number=1,
        status="started",
        started_at=timezone.now(),
    )
    stats = {s.question.id: s for s in selectors.difficult_questions(classroom=classroom, quiz=quiz)}
    q1 = stats["q1"]
    assert (q1.answers, q1.correct, q1.share_correct) == (3, 2, 67)
    assert {o.id: o.share for o in q1.options} == {"q1-a": 67, "q1-b": 33}
    assert q1.missed_by == []  # pupil1's latest attempt got it right
    q3 = stats["q3"]
    assert {o.id: o.chosen for o in q3.options} == {"true": 1, "false": 2}
    assert q3.missed_by == [pupils[1].pk]
    assert list(stats)[0] in ("q2", "q3", "q4")  # hardest first: q1 is the easiest


def test_reteach_assigns_a_quiz_of_the_chosen_questions_to_those_who_missed_them(
    classroom, teacher, pupils, course, quiz
):
    source = services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    course_services.quiz_attempt_submit(user=pupils[0], quiz=quiz, answers=RIGHT_ANSWERS)
    course_services.quiz_attempt_submit(user=pupils[1], quiz=quiz, answers={**RIGHT_ANSWERS, "q2": ["q2-b"]})
    course_services.quiz_attempt_submit(user=pupils[2], quiz=quiz, answers={**RIGHT_ANSWERS, "q4": ["Ош"]})
    practice = services.reteach_create(classroom=classroom, by=teacher, quiz_id=quiz.pk, question_ids=["q2"])
    assert practice.practice and practice.source == source and not practice.for_everyone
    assert [r.student_id for r in practice.recipients.all()] == [pupils[1].pk]
    assert [str(q.id) for q in practice.quiz.questions] == ["q2"]
    assert practice.quiz.translation_key != quiz.translation_key
    # The pupil takes it on their assignment page's service path and it counts.
    course_services.quiz_attempt_submit(user=pupils[1], quiz=practice.quiz, answers={"q2": ["q2-a", "q2-c"]})
    cell = selectors.class_matrix(classroom=classroom).cells[(pupils[1].pk, practice.pk)]
    assert (cell.state, cell.best_percent) == (states.DONE, 100)


def test_reteach_with_nobody_to_reteach_is_a_conflict(classroom, teacher, pupils, course, quiz):
    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    course_services.quiz_attempt_submit(user=pupils[0], quiz=quiz, answers=RIGHT_ANSWERS)
    with pytest.raises(Conflict):
        services.reteach_create(classroom=classroom, by=teacher, quiz_id=quiz.pk, question_ids=["q1"])
    assert Assignment.objects.filter(practice=True).count() == 0


def test_reteach_refuses_questions_of_another_quiz(classroom, teacher, pupils, course, quiz):
    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    with pytest.raises(Invalid):
        services.reteach_create(classroom=classroom, by=teacher, quiz_id=quiz.pk, question_ids=["nope"])
    assert not AssignmentRecipient.objects.exists()


# ---- a reteach: what it refuses, in the teacher's words, and what it makes -------------------------------------


def _missed_q2(classroom, teacher, pupils, quiz):
    """The quiz assigned to the class; the second pupil got q2 wrong. Returns that assignment."""
    source = services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    course_services.quiz_attempt_submit(user=pupils[0], quiz=quiz, answers=RIGHT_ANSWERS)
    course_services.quiz_attempt_submit(user=pupils[1], quiz=quiz, answers={**RIGHT_ANSWERS, "q2": ["q2-b"]})
    return source


def _reteach_refusal(error, **kwargs):
    from django.utils import translation

    with translation.override("en"), pytest.raises(error) as exc:
        services.reteach_create(**kwargs)
    return exc.value.message, exc.value.code, getattr(exc.value, "fields", None)


@pytest.mark.parametrize(
    "question_ids, fields",
    [
        ([], {"questions": ["Choose at least one question."]}),
        ([" "], {"questions": ["Choose at least one question."]}),
        (["q2", "nope"], {"questions": ["Some of these questions are not in the quiz."]}),
    ],
    ids=["none", "blank", "not-in-the-quiz"],
)
def test_each_reason_the_questions_of_a_reteach_are_refused(
    classroom, teacher, pupils, course, quiz, question_ids, fields
):
    _missed_q2(classroom, teacher, pupils, quiz)
    assert _reteach_refusal(
        Invalid, classroom=classroom, by=teacher, quiz_id=quiz.pk, question_ids=question_ids
    ) == ("", "invalid", fields)
    assert not Assignment.objects.filter(practice=True).exists()


def test_a_reteach_nobody_needs_says_so(classroom, teacher, pupils, course, quiz):
    _missed_q2(classroom, teacher, pupils, quiz)
    assert _reteach_refusal(
        Conflict, classroom=classroom, by=teacher, quiz_id=quiz.pk, question_ids=["q1"]
    ) == (
        "No pupil missed these questions: there is no one to reteach.",
        "nobody_missed",
        None,
    )


def test_a_reteach_is_due_at_a_time_zone_aware_moment_in_the_future(classroom, teacher, pupils, course, quiz):
    import datetime as dt

    import time_machine

    _missed_q2(classroom, teacher, pupils, quiz)
    kwargs = {"classroom": classroom, "by": teacher, "quiz_id": quiz.pk, "question_ids": ["q2"]}
    naive = dt.datetime(2030, 1, 1, 12, 0)
    assert _reteach_refusal(Invalid, **kwargs, due_at=naive) == (
        "Check the dates.",
        "invalid",
        {"due_at": ["Give a time with its time zone."]},
    )
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        for due in (now - timedelta(minutes=1), now):
            assert _reteach_refusal(Invalid, **kwargs, due_at=due) == (
                "",
                "invalid",
                {"due_at": ["The due date must be in the future."]},
            )
    assert not Assignment.objects.filter(practice=True).exists()


def test_a_reteach_quiz_is_a_copy_of_the_quizs_settings_titled_in_the_classes_language(
    classroom, teacher, pupils, course, quiz
):
    from django.utils import translation

    quiz.title, quiz.intro, quiz.pass_mark, quiz.max_attempts, quiz.show_answers = (
        "ж" * 200,
        "Кириш сөз",
        80,
        3,
        "never",
    )
    quiz.save()
    _missed_q2(classroom, teacher, pupils, quiz)
    with translation.override("en"):
        practice = services.reteach_create(
            classroom=classroom, by=teacher, quiz_id=quiz.pk, question_ids=["q2"]
        ).quiz
    practice.refresh_from_db()
    assert practice.title == ("Кайталоо тести: " + "ж" * 200)[:200]
    assert (
        practice.locale,
        practice.intro,
        practice.pass_mark,
        practice.max_attempts,
        practice.show_answers,
    ) == (
        quiz.locale,
        "Кириш сөз",
        80,
        0,
        "never",
    )


def test_a_reteach_is_set_with_its_note_and_due_time_by_the_teacher_after_this_classes_assignment_of_the_quiz(
    classroom, teacher, pupils, course, quiz
):
    source = _missed_q2(classroom, teacher, pupils, quiz)
    other = services.classroom_create(by=teacher, name="9-Б", language="ky")
    services.assignment_create(
        classroom=other, by=teacher, kind="quiz", content_id=quiz.pk
    )  # later, elsewhere
    services.assignment_create(classroom=classroom, by=teacher, kind="lesson", content_id=course[1][0].pk)
    due = timezone.now() + timedelta(days=3)
    practice = services.reteach_create(
        classroom=classroom,
        by=teacher,
        quiz_id=quiz.pk,
        question_ids=["q2"],
        due_at=due,
        note="  Кайра көрөлү  ",
    )
    practice = Assignment.objects.get(pk=practice.pk)
    assert (practice.source, practice.title, practice.note, practice.due_at, practice.created_by) == (
        source,
        practice.quiz.title,
        "Кайра көрөлү",
        due,
        teacher,
    )
    bare = services.reteach_create(classroom=classroom, by=teacher, quiz_id=quiz.pk, question_ids=["q2"])
    bare = Assignment.objects.get(pk=bare.pk)
    assert (bare.note, bare.source) == ("", source)  # a reteach of a reteach still goes back to the quiz
