import pytest

from tests.factories.courses import QuizFactory, course_tree


@pytest.fixture
def quiz(db):
    return QuizFactory()


@pytest.fixture
def course(db, quiz):
    """(module, [lesson1, lesson2, lesson3]) with `quiz` in the last lesson."""
    return course_tree(lessons=3, quiz=quiz)
