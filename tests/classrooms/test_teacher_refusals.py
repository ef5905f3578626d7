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
