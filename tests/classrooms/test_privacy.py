"""Classroom data in the personal-data export and erasure (the platform contract: export, erase, COVERS, EXEMPT)."""

import json

import pytest
from django.apps import apps
from django.conf import settings

from courses import services as course_services
from courses.classrooms import privacy, services
from courses.classrooms.models import Classroom, ClassroomProfile, CoTeacher, Membership, Notice
from tests.factories import TeacherFactory
from tests.factories.courses import RIGHT_ANSWERS

pytestmark = pytest.mark.django_db


def test_every_model_with_a_user_key_is_covered_or_exempt():
    ours = {
        f"classrooms.{model.__name__}"
        for model in apps.get_app_config("classrooms").get_models()
        if any(
            f.is_relation and f.related_model is apps.get_model(settings.AUTH_USER_MODEL) and f.concrete
            for f in model._meta.get_fields()
        )
    }
    assert ours == set(privacy.COVERS) | set(privacy.EXEMPT)
    assert not set(privacy.COVERS) & set(privacy.EXEMPT)


def test_a_pupils_export_has_their_classes_and_work(teacher, classroom, pupils, course, quiz):
    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    course_services.quiz_attempt_submit(user=pupils[0], quiz=quiz, answers=RIGHT_ANSWERS)
    data = json.loads(json.dumps(privacy.export(pupils[0])))
    assert data["classes_attended"][0]["class"] == classroom.name
    assert data["assignments"][0] == {
        "class": classroom.name,
        "title": quiz.title,
        "due_at": None,
        "state": "done",
        "best_percent": 100,
        "done_at": data["assignments"][0]["done_at"],
    }
    assert data["notices"][0]["kind"] == "assigned"
    assert data["classes_taught"] == []


def test_erasing_a_pupil_removes_them_from_classes(teacher, classroom, pupils, course, quiz):
    services.assignment_create(
        classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk, student_ids=[pupils[0].pk]
    )
    services.profile_for(pupils[0])
    privacy.erase(pupils[0])
    assert not Membership.objects.filter(student=pupils[0]).exists()
    assert not Notice.objects.filter(user=pupils[0]).exists()
    assert not ClassroomProfile.objects.filter(user=pupils[0]).exists()
    assert Membership.objects.filter(classroom=classroom).count() == 2  # the others stay


def test_erasing_a_teacher_hands_the_class_on_or_archives_it(teacher, classroom, pupils):
    colleague = TeacherFactory()
    services.co_teacher_add(classroom=classroom, by=teacher, username=colleague.username)
    alone = services.classroom_create(by=teacher, name="10-А")
    privacy.erase(teacher)
    classroom.refresh_from_db()
    alone.refresh_from_db()
    assert classroom.owner == colleague and not CoTeacher.objects.exists()
    assert alone.archived and not alone.join_enabled
    assert Classroom.objects.count() == 2
