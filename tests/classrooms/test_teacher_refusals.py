"""What a teacher is refused when opening, sharing or filling a class, each with the words they read (here in
English) and the field it belongs to; and the details a class is opened with."""

import pytest
from django.utils import translation

from core.errors import Conflict, Invalid, NotAllowed
from courses.classrooms import services
from courses.classrooms.models import Classroom, CoTeacher, Membership, MembershipStatus
from tests.factories import StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _refusal(call, **kwargs):
    with pytest.raises((Conflict, Invalid, NotAllowed)) as exc:
        call(**kwargs)
    return type(exc.value), exc.value.message, getattr(exc.value, "fields", {})


@pytest.mark.parametrize(
    "details, fields",
    [
        ({"name": "  "}, {"name": ["Give the class a name."]}),
        ({"grade": 0}, {"grade": ["The grade is a number from 1 to 12."]}),
        ({"grade": 13}, {"grade": ["The grade is a number from 1 to 12."]}),
        ({"grade": "9"}, {"grade": ["The grade is a number from 1 to 12."]}),
        ({"academic_year": 1999}, {"academic_year": ["Give the year the school year begins, e.g. 2026."]}),
        ({"academic_year": 2101}, {"academic_year": ["Give the year the school year begins, e.g. 2026."]}),
        ({"language": "de"}, {"language": ["Choose Kyrgyz, Russian or English."]}),
    ],
    ids=["blank-name", "grade-0", "grade-13", "grade-as-text", "year-1999", "year-2101", "language"],
)
def test_each_detail_a_class_is_refused_for(teacher, details, fields):
    assert _refusal(services.classroom_create, by=teacher, **{"name": "9-А", **details}) == (
        Invalid,
        "Check the class's details.",
        fields,
    )
    assert not Classroom.objects.exists()


def test_details_at_their_limits_are_kept_tidied(teacher):
    low = services.classroom_create(by=teacher, name=" 1-А ", school=" №5 ", grade=1, academic_year=2000)
    high = services.classroom_create(by=teacher, name="12-Б", grade=12, academic_year=2100, language="en")
    assert (low.name, low.school, low.grade, low.academic_year, low.language) == ("1-А", "№5", 1, 2000, "ky")
    assert (high.grade, high.academic_year, high.language) == (12, 2100, "en")


def test_an_empty_grade_is_no_grade(classroom, teacher):
    services.classroom_update(classroom=classroom, by=teacher, grade="")
    classroom.refresh_from_db()
    assert classroom.grade is None


def test_only_teachers_open_classes(db):
    assert _refusal(services.classroom_create, by=StudentFactory(), name="9-А") == (
        NotAllowed,
        "Only teachers can open classes.",
        {},
    )


def test_only_the_own_teacher_shares_a_class(classroom):
    co_teacher = TeacherFactory()
    services.co_teacher_add(classroom=classroom, by=classroom.owner, username=co_teacher.username)
    assert _refusal(
        services.co_teacher_add, classroom=classroom, by=co_teacher, username=TeacherFactory().username
    ) == (NotAllowed, "Only the class's own teacher can share it.", {})


def test_a_class_is_shared_with_a_known_username_only(classroom, teacher):
    assert _refusal(services.co_teacher_add, classroom=classroom, by=teacher, username="nobody.here") == (
        Invalid,
        "",
        {"username": ["There is no one with this username."]},
    )


def test_a_class_is_shared_with_teachers_only(classroom, teacher):
    pupil = StudentFactory()
    assert _refusal(services.co_teacher_add, classroom=classroom, by=teacher, username=pupil.username) == (
        Invalid,
        "",
        {"username": ["This person is not a teacher on Civic."]},
    )


def test_a_teacher_cannot_share_a_class_with_themself(classroom, teacher):
    assert _refusal(services.co_teacher_add, classroom=classroom, by=teacher, username=teacher.username) == (
        Conflict,
        "This is your own class.",
        {},
    )


def test_a_class_is_shared_with_a_teacher_once(classroom, teacher):
    co_teacher = TeacherFactory()
    services.co_teacher_add(classroom=classroom, by=teacher, username=f" {co_teacher.username.upper()} ")
    assert _refusal(
        services.co_teacher_add, classroom=classroom, by=teacher, username=co_teacher.username
    ) == (
        Conflict,
        "The class is already shared with this teacher.",
        {},
    )
    assert CoTeacher.objects.filter(classroom=classroom).count() == 1


def test_an_archived_class_is_not_shared(classroom, teacher):
    services.classroom_archive(classroom=classroom, by=teacher)
    assert _refusal(
        services.co_teacher_add, classroom=classroom, by=teacher, username=TeacherFactory().username
    ) == (Conflict, "This class is archived: it can be read but not changed.", {})


def test_a_teacher_cannot_add_a_teacher_of_the_class_as_a_pupil(classroom, teacher):
    assert _refusal(services.student_add, classroom=classroom, by=teacher, username=teacher.username) == (
        Invalid,
        "",
        {"username": ["This person teaches the class."]},
    )


def test_only_the_classes_teachers_add_pupils(classroom):
    pupil = StudentFactory()
    assert _refusal(
        services.student_add, classroom=classroom, by=TeacherFactory(), username=pupil.username
    ) == (
        NotAllowed,
        "This is not one of your classes.",
        {},
    )


def test_adding_a_pupil_twice_says_they_are_in_the_class(classroom, teacher):
    pupil = StudentFactory()
    services.student_add(classroom=classroom, by=teacher, username=pupil.username)
    with pytest.raises(Conflict) as exc:
        services.student_add(classroom=classroom, by=teacher, username=pupil.username)
    assert (exc.value.message, exc.value.code) == ("This pupil is already in the class.", "already_member")


def test_adding_a_waiting_pupil_approves_them(classroom, teacher):
    services.classroom_update(classroom=classroom, by=teacher, join_requires_approval=True)
    pupil, other = StudentFactory(), StudentFactory()
    services.class_join(student=pupil, code=classroom.join_code)
    services.class_join(student=other, code=classroom.join_code)
    membership = services.student_add(classroom=classroom, by=teacher, username=pupil.username)
    assert (membership.student, membership.status) == (pupil, MembershipStatus.ACTIVE)
    assert Membership.objects.get(student=other).status == MembershipStatus.PENDING


def test_a_class_needs_a_name_even_when_none_is_given(teacher):
    assert _refusal(services.classroom_create, by=teacher, name=None) == (
        Invalid,
        "Check the class's details.",
        {"name": ["Give the class a name."]},
    )


def test_a_class_opened_without_a_school_has_none(teacher):
    assert services.classroom_create(by=teacher, name="9-А").school == ""


def test_an_archived_class_refuses_with_its_code(classroom, teacher):
    services.classroom_archive(classroom=classroom, by=teacher)
    with pytest.raises(Conflict) as exc:
        services.student_add(classroom=classroom, by=teacher, username=StudentFactory().username)
    assert exc.value.code == "archived"


def test_a_closed_account_cannot_be_added(classroom, teacher):
    gone = StudentFactory(is_active=False)
    assert _refusal(services.student_add, classroom=classroom, by=teacher, username=gone.username) == (
        Invalid,
        "",
        {"username": ["There is no one with this username."]},
    )


def test_adding_a_pupil_touches_their_place_in_this_class_only(classroom, teacher):
    other = services.classroom_create(by=teacher, name="9-Б", join_requires_approval=True)
    services.classroom_update(classroom=classroom, by=teacher, join_requires_approval=True)
    waiting_elsewhere, waiting_in_both = StudentFactory(), StudentFactory()
    services.class_join(student=waiting_elsewhere, code=other.join_code)
    services.class_join(student=waiting_in_both, code=other.join_code)
    services.class_join(student=waiting_in_both, code=classroom.join_code)
    services.membership_approve(classroom=other, by=teacher, student_id=waiting_in_both.pk)
    for pupil in (waiting_elsewhere, waiting_in_both):
        membership = services.student_add(classroom=classroom, by=teacher, username=pupil.username)
        assert (membership.classroom, membership.status) == (classroom, MembershipStatus.ACTIVE)
    assert (
        Membership.objects.get(classroom=other, student=waiting_elsewhere).status == MembershipStatus.PENDING
    )


def test_when_every_code_drawn_is_taken_the_teacher_is_asked_to_try_again(classroom, teacher, monkeypatch):
    from courses.classrooms.services import classes

    monkeypatch.setattr(classes, "_new_code", lambda: classroom.join_code)
    assert _refusal(services.classroom_create, by=teacher, name="9-Б") == (
        Conflict,
        "No free join code could be found. Please try again.",
        {},
    )
    assert Classroom.objects.count() == 1


# ---- changing, deleting and sharing a class, and the teacher's hand on its pupils ------------------------------


def _not_found(call, **kwargs):
    from core.errors import NotFound

    with pytest.raises(NotFound) as exc:
        call(**kwargs)
    return exc.value.message


def _co_teacher(classroom, teacher):
    colleague = TeacherFactory()
    services.co_teacher_add(classroom=classroom, by=teacher, username=colleague.username)
    return colleague


def test_what_a_class_cannot_change_is_named_field_by_field(classroom, teacher):
    assert _refusal(services.classroom_update, classroom=classroom, by=teacher, owner=1, join_code="1") == (
        Invalid,
        "",
        {"join_code": ["This cannot be changed."], "owner": ["This cannot be changed."]},
    )


def test_a_change_writes_only_the_fields_it_names(classroom, teacher):
    stale = Classroom.objects.get(pk=classroom.pk)
    Classroom.objects.filter(pk=classroom.pk).update(join_enabled=False, archived_at=None)
    services.classroom_update(classroom=stale, by=teacher, name="9-Б")
    fresh = Classroom.objects.get(pk=classroom.pk)
    assert (fresh.name, fresh.join_enabled) == ("9-Б", False)


def test_only_the_classes_own_teacher_deletes_it(classroom, teacher):
    colleague = _co_teacher(classroom, teacher)
    for someone in (colleague, TeacherFactory()):
        assert _refusal(services.classroom_delete, classroom=classroom, by=someone) == (
            NotAllowed,
            "Only the class's own teacher can delete it.",
            {},
        )
    assert Classroom.objects.filter(pk=classroom.pk).exists()


def test_deleting_a_class_deletes_its_practice_quizzes_and_no_other_quiz(classroom, teacher, course, quiz):
    from courses.classrooms.models import Assignment
    from courses.models import Quiz
    from tests.factories import QuizFactory

    practice = QuizFactory(title="Машыгуу")
    Assignment.objects.create(
        classroom=classroom,
        kind="quiz",
        quiz=practice,
        content_key=practice.translation_key,
        title="x",
        practice=True,
    )
    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    services.classroom_delete(classroom=classroom, by=teacher)
    assert not Classroom.objects.filter(pk=classroom.pk).exists()
    assert list(Quiz.objects.filter(pk__in=[practice.pk, quiz.pk]).values_list("pk", flat=True)) == [quiz.pk]


def test_an_archived_class_can_be_opened_again(classroom, teacher):
    services.classroom_archive(classroom=classroom, by=teacher)
    assert Classroom.objects.get(pk=classroom.pk).archived_at is not None
    services.classroom_archive(classroom=classroom, by=teacher, archived=False)
    assert Classroom.objects.get(pk=classroom.pk).archived_at is None


def test_archiving_switching_the_code_and_drawing_a_new_one_write_only_their_own_field(classroom, teacher):
    def stale_then(name, call, **kwargs):
        stale = Classroom.objects.get(pk=classroom.pk)
        Classroom.objects.filter(pk=classroom.pk).update(name=name)  # renamed meanwhile
        call(classroom=stale, by=teacher, **kwargs)
        assert Classroom.objects.get(pk=classroom.pk).name == name

    stale_then("9-Б", services.join_code_enable, enabled=False)
    stale_then("9-В", services.join_code_regenerate)
    stale_then("9-Г", services.classroom_archive)


def test_a_switched_off_code_can_be_switched_on_again(classroom, teacher):
    services.join_code_enable(classroom=classroom, by=teacher, enabled=False)
    assert not Classroom.objects.get(pk=classroom.pk).join_enabled
    services.join_code_enable(classroom=classroom, by=teacher, enabled=True)
    assert Classroom.objects.get(pk=classroom.pk).join_enabled


def test_a_new_code_that_is_taken_is_drawn_again(classroom, teacher, monkeypatch):
    from courses.classrooms.services import classes

    other = services.classroom_create(by=teacher, name="9-Б")
    draws = iter([other.join_code, "0123456789"[: len(other.join_code)]])
    monkeypatch.setattr(classes, "_new_code", lambda: next(draws))
    services.join_code_regenerate(classroom=classroom, by=teacher)
    assert Classroom.objects.get(pk=classroom.pk).join_code == "0123456789"[: len(other.join_code)]


def test_when_no_new_code_is_free_the_old_one_stays_and_the_teacher_is_asked_to_try_again(
    classroom, teacher, monkeypatch
):
    from courses.classrooms.services import classes

    other = services.classroom_create(by=teacher, name="9-Б")
    code = classroom.join_code
    monkeypatch.setattr(classes, "_new_code", lambda: other.join_code)
    assert _refusal(services.join_code_regenerate, classroom=classroom, by=teacher) == (
        Conflict,
        "No free join code could be found. Please try again.",
        {},
    )
    assert Classroom.objects.get(pk=classroom.pk).join_code == code


def test_the_owner_stops_sharing_with_one_teacher_in_this_class_only(classroom, teacher):
    colleague, another = _co_teacher(classroom, teacher), _co_teacher(classroom, teacher)
    elsewhere = services.classroom_create(by=teacher, name="9-Б")
    services.co_teacher_add(classroom=elsewhere, by=teacher, username=colleague.username)
    services.co_teacher_remove(classroom=classroom, by=teacher, teacher_id=colleague.pk)
    assert set(CoTeacher.objects.values_list("classroom_id", "teacher_id")) == {
        (classroom.pk, another.pk),
        (elsewhere.pk, colleague.pk),
    }


def test_a_co_teacher_may_leave_a_class_but_not_remove_another(classroom, teacher):
    colleague, another = _co_teacher(classroom, teacher), _co_teacher(classroom, teacher)
    for someone in (colleague, TeacherFactory()):
        assert _refusal(
            services.co_teacher_remove, classroom=classroom, by=someone, teacher_id=another.pk
        ) == (
            NotAllowed,
            "Only the class's own teacher can stop sharing it.",
            {},
        )
    services.co_teacher_remove(classroom=classroom, by=colleague, teacher_id=colleague.pk)
    assert list(CoTeacher.objects.values_list("teacher_id", flat=True)) == [another.pk]


def test_stopping_to_share_with_a_teacher_it_is_not_shared_with_is_not_found(classroom, teacher):
    assert (
        _not_found(
            services.co_teacher_remove, classroom=classroom, by=teacher, teacher_id=TeacherFactory().pk
        )
        == "The class is not shared with this teacher."
    )


def test_approving_or_removing_someone_not_in_the_class_is_not_found(classroom, teacher):
    other = services.classroom_create(by=teacher, name="9-Б", join_requires_approval=True)
    pupil = StudentFactory()
    services.class_join(student=pupil, code=other.join_code)
    for call in (services.membership_approve, services.membership_remove):
        assert (
            _not_found(call, classroom=classroom, by=teacher, student_id=pupil.pk)
            == "This pupil is not in the class."
        )
    assert Membership.objects.get(classroom=other, student=pupil).status == MembershipStatus.PENDING


def test_approving_a_pupil_already_in_the_class_is_refused(classroom, teacher, pupils):
    assert _refusal(
        services.membership_approve, classroom=classroom, by=teacher, student_id=pupils[0].pk
    ) == (
        Conflict,
        "This pupil is already in the class.",
        {},
    )


def test_removing_a_pupil_takes_away_their_place_and_assignments_in_this_class_only(
    classroom, teacher, pupils, course, quiz
):
    from courses.classrooms.models import AssignmentRecipient

    other = services.classroom_create(by=teacher, name="9-Б")
    services.student_add(classroom=other, by=teacher, username=pupils[0].username)
    chosen = [pupils[0].pk, pupils[1].pk]
    here = services.assignment_create(
        classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk, student_ids=chosen
    )
    there = services.assignment_create(
        classroom=other, by=teacher, kind="quiz", content_id=quiz.pk, student_ids=[pupils[0].pk]
    )
    services.membership_remove(classroom=classroom, by=teacher, student_id=pupils[0].pk)
    assert set(Membership.objects.values_list("classroom_id", "student_id")) == {
        (classroom.pk, pupils[1].pk),
        (classroom.pk, pupils[2].pk),
        (other.pk, pupils[0].pk),
    }
    assert set(AssignmentRecipient.objects.values_list("assignment_id", "student_id")) == {
        (here.pk, pupils[1].pk),
        (there.pk, pupils[0].pk),
    }
