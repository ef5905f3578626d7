"""Joining under real concurrency (PostgreSQL, real threads): one membership per pupil per class, whatever races."""

import pytest
from django.db import connection

from core.errors import Conflict
from courses.classrooms import services
from courses.classrooms.models import Membership
from tests.concurrency import run_together
from tests.conftest import requires_postgres
from tests.factories import StudentFactory, TeacherFactory

pytestmark = [
    requires_postgres,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 8


def test_one_pupil_joining_from_eight_tabs_at_once_is_in_the_class_once():
    assert connection.vendor == "postgresql"
    classroom = services.classroom_create(by=TeacherFactory(), name="9-А")
    pupil = StudentFactory()
    results = run_together(lambda i: services.class_join(student=pupil, code=classroom.join_code), THREADS)
    joined = [r for r in results if isinstance(r, Membership)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(joined) == 1 and len(conflicts) == THREADS - 1, results
    assert Membership.objects.filter(classroom=classroom, student=pupil).count() == 1


def test_a_whole_class_joining_at_once_is_all_in():
    classroom = services.classroom_create(by=TeacherFactory(), name="9-Б")
    pupils = [StudentFactory() for _ in range(THREADS)]
    results = run_together(
        lambda i: services.class_join(student=pupils[i], code=classroom.join_code), THREADS
    )
    assert all(isinstance(r, Membership) for r in results), results
    assert Membership.objects.filter(classroom=classroom).count() == THREADS
