"""Joining a class by its code: each refusal with the words the pupil reads (here in English) and the code the
app acts on, and nobody added."""

import pytest
from django.utils import translation

from core.errors import Conflict, Invalid
from courses.classrooms import services
from courses.classrooms.models import Membership
from tests.factories import StudentFactory


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _refusal(student, code):
    with pytest.raises((Conflict, Invalid)) as exc:
        services.class_join(student=student, code=code)
    return type(exc.value), exc.value.message, exc.value.code, getattr(exc.value, "fields", {})


def test_a_wrong_code(classroom):
    wrong = str((int(classroom.join_code) + 1) % 10**8).zfill(8)
    assert _refusal(StudentFactory(), wrong) == (
        Invalid,
        "",
        "invalid",
        {"code": ["There is no class with this code. Check the digits."]},
    )


def test_an_archived_class(classroom, teacher):
    services.classroom_archive(classroom=classroom, by=teacher)
    assert _refusal(StudentFactory(), classroom.join_code) == (
        Conflict,
        "This class is archived and takes no new pupils.",
        "archived",
        {},
    )
    assert not Membership.objects.exists()


def test_a_switched_off_code(classroom, teacher):
    services.join_code_enable(classroom=classroom, by=teacher, enabled=False)
    assert _refusal(StudentFactory(), classroom.join_code) == (
        Conflict,
        "This class's code is switched off. Ask your teacher.",
        "code_disabled",
        {},
    )


def test_the_classes_own_teacher(classroom, teacher):
    assert _refusal(teacher, classroom.join_code) == (Conflict, "You teach this class.", "conflict", {})
    assert not Membership.objects.exists()


def test_a_pupil_still_waiting_for_approval(classroom, teacher):
    services.classroom_update(classroom=classroom, by=teacher, join_requires_approval=True)
    pupil = StudentFactory()
    services.class_join(student=pupil, code=classroom.join_code)
    assert _refusal(pupil, classroom.join_code) == (
        Conflict,
        "You have already asked to join; your teacher has not approved it yet.",
        "pending",
        {},
    )


def test_a_pupil_already_in_the_class(classroom):
    pupil = StudentFactory()
    services.class_join(student=pupil, code=classroom.join_code)
    assert _refusal(pupil, classroom.join_code) == (
        Conflict,
        "You are already in this class.",
        "already_member",
        {},
    )


def test_a_pupil_of_another_class_joins_this_one(classroom, teacher):
    other = services.classroom_create(by=teacher, name="9-Б", school="№5 мектеп", grade=9, language="ky")
    pupil = StudentFactory()
    services.class_join(student=pupil, code=other.join_code)
    services.class_join(student=pupil, code=classroom.join_code)
    assert Membership.objects.filter(student=pupil).count() == 2


def test_a_second_pupil_joins_after_the_first(classroom):
    services.class_join(student=StudentFactory(), code=classroom.join_code)
    services.class_join(student=StudentFactory(), code=classroom.join_code)
    assert Membership.objects.filter(classroom=classroom).count() == 2


def test_a_pupil_whose_second_join_races_past_the_check_is_told_they_are_in_the_class(classroom, monkeypatch):
    from courses.classrooms.services import classes

    pupil = StudentFactory()
    real = classes._membership_create

    def other_request_first(**kwargs):  # the same pupil's other request is saved a moment before this one
        real(**kwargs)
        return real(**kwargs)

    monkeypatch.setattr(classes, "_membership_create", other_request_first)
    assert _refusal(pupil, classroom.join_code) == (
        Conflict,
        "You are already in this class.",
        "already_member",
        {},
    )
    assert Membership.objects.filter(classroom=classroom, student=pupil).count() == 1
