"""Demo classroom: teacher1's class of 25 pupils with a spread of states and one reteach; seeding twice adds nothing."""

from collections import Counter
from io import StringIO

import pytest

from accounts import demo as accounts_demo
from courses import demo as courses_demo
from courses.classrooms import demo, selectors, states
from courses.classrooms.models import Assignment, Classroom, Membership

pytestmark = pytest.mark.django_db


def test_teacher1_has_a_lively_class_and_seeding_twice_adds_nothing(site, client):
    accounts_demo.seed(stdout=StringIO())
    courses_demo.seed(stdout=StringIO())
    demo.seed(stdout=StringIO())
    counts = (Classroom.objects.count(), Membership.objects.count(), Assignment.objects.count())
    demo.seed(stdout=StringIO())
    assert (Classroom.objects.count(), Membership.objects.count(), Assignment.objects.count()) == counts
    classroom = Classroom.objects.get(owner__username="teacher1")
    matrix = selectors.class_matrix(classroom=classroom)
    assert len(matrix.students) == 25
    seen = Counter(cell.state for cell in matrix.cells.values())
    assert {states.DONE, states.DONE_LATE, states.OVERDUE, states.IN_PROGRESS, states.NOT_STARTED} <= set(
        seen
    )
    practice = Assignment.objects.get(classroom=classroom, practice=True)
    assert 0 < practice.recipients.count() < 25
    scores = [c.best_percent for c in matrix.cells.values() if c.best_percent is not None]
    assert len(set(scores)) > 3  # a spread, not one score for all
    client.force_login(classroom.owner)
    assert client.get(f"/ky/teach/classes/{classroom.pk}/report/").status_code == 200
