"""H5P inside lessons: the block renders a lazily started player, and completing the package completes the
lesson (progress counts the H5P activity)."""

import pytest
from django.test import Client

from courses.h5p.integration import lessons_using
from courses.models import LessonProgress
from tests.factories import StudentFactory
from tests.factories.courses import course_tree, lesson_add

from .test_api import client_for, completed

pytestmark = pytest.mark.django_db


@pytest.fixture
def h5p_lesson(demo_package):
    module, lessons = course_tree(lessons=1)
    lesson = lesson_add(
        module,
        title="Rights: agree or disagree",
        body=[("paragraph", "<p>Read, then try.</p>"), ("h5p", {"package": demo_package, "heading": ""})],
    )
    return lesson, lessons[0]


def test_lesson_with_h5p_loads_only_the_loader(h5p_lesson, demo_package):
    lesson, plain = h5p_lesson
    html = Client().get(lesson.url).content.decode()
    assert "data-h5p-activity" in html and "h5p/civic-h5p.js" in html
    assert "main.bundle.js" not in html
    assert demo_package.title in html
    plain_html = Client().get(plain.url).content.decode()
    assert "civic-h5p.js" not in plain_html and "h5p-standalone" not in plain_html


def test_lesson_page_query_budget_with_h5p(h5p_lesson, django_assert_max_num_queries):
    lesson, _plain = h5p_lesson
    client = Client()
    client.force_login(StudentFactory())
    client.get(lesson.url)  # menus, site root paths and course routes cached, as on a running site
    # The same budget as lessons without H5P (tests/courses): the block costs no query of its own.
    with django_assert_max_num_queries(12):
        assert client.get(lesson.url).status_code == 200


def test_lesson_is_found_through_the_reference_index(h5p_lesson, demo_package):
    lesson, _plain = h5p_lesson
    assert [page.pk for page in lessons_using(demo_package)] == [lesson.pk]


def test_completing_the_package_completes_the_lesson(h5p_lesson, demo_package):
    lesson, _plain = h5p_lesson
    student = StudentFactory()
    api = client_for(student)
    # Started, not completed: the lesson is not complete and cannot be "marked done" (it has an activity).
    answered = completed(demo_package, raw=1)
    answered["verb"]["id"] = "http://adlnet.gov/expapi/verbs/answered"
    answered["object"]["id"] += "?statement=0"
    answered["result"]["completion"] = True
    api.post("/api/v1/xapi/statements/", answered, format="json")
    assert not LessonProgress.objects.filter(user=student, completed_at__isnull=False).exists()
    api.post("/api/v1/xapi/statements/", completed(demo_package, raw=2), format="json")
    progress = LessonProgress.objects.get(user=student, lesson_key=lesson.translation_key)
    assert progress.completed_at is not None


def test_lesson_api_lists_the_h5p_block(h5p_lesson, demo_package):
    lesson, _plain = h5p_lesson
    body = Client().get(f"/api/v1/lessons/{lesson.pk}/").json()
    blocks = [b for b in body["body"] if b["type"] == "h5p"]
    assert blocks and blocks[0]["value"]["package"] == demo_package.pk
