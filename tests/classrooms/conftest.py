"""Fixture chains for classrooms: teacher → class → pupils; a ky course with a quiz to assign."""

import pytest
from rest_framework.test import APIClient

from courses.classrooms import services
from tests.factories import StudentFactory, TeacherFactory
from tests.factories.courses import QuizFactory, course_tree


@pytest.fixture
def teacher(db):
    return TeacherFactory(username="gulnara")


@pytest.fixture
def classroom(teacher):
    return services.classroom_create(by=teacher, name="9-А", school="№5 мектеп", grade=9, language="ky")


@pytest.fixture
def pupils(classroom, teacher):
    result = []
    for n in range(3):
        pupil = StudentFactory(username=f"pupil{n}", first_name=f"Окуучу{n}", last_name="Асанов")
        services.student_add(classroom=classroom, by=teacher, username=pupil.username)
        result.append(pupil)
    return result


@pytest.fixture
def quiz(db):
    return QuizFactory(title="Шайлоо тести")


@pytest.fixture
def course(db, quiz):
    """(module, [lesson1, lesson2, lesson3]) in ky, with `quiz` in the last lesson."""
    return course_tree(lessons=3, quiz=quiz)


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def teacher_api(teacher):
    return api_for(teacher)
