"""Native quiz <-> H5P with the real courses.Quiz: export, import, and a round trip through both."""

import pytest
from django.core.management import call_command
from django.test import Client

from courses.h5p.convert import quiz_from_h5p
from courses.h5p.package import read_package
from courses.h5p.quizzes import quiz_as_dict, quiz_export_h5p
from courses.h5p.services import package_import, quiz_create_from_h5p, quiz_create_from_package
from courses.models import Quiz
from tests.factories import StudentFactory
from tests.factories.courses import QuizFactory

from .test_convert import QUIZ

pytestmark = pytest.mark.django_db


def _points_one(data: dict) -> dict:
    # H5P has no per-question weight: points other than 1 do not survive the trip.
    for question in data["questions"]:
        question["value"]["points"] = 1
    return data


def test_native_quiz_round_trip_through_h5p():
    quiz = QuizFactory()
    package = read_package(quiz_export_h5p(quiz=quiz))
    assert package.main_library == "H5P.QuestionSet" and package.language == "ky"
    copy = quiz_create_from_h5p(
        library=package.main_library, content=package.content, title=package.title, language=package.language
    )
    assert copy.pk != quiz.pk and copy.locale == quiz.locale
    assert quiz_as_dict(Quiz.objects.get(pk=copy.pk)) == _points_one(quiz_as_dict(quiz))


def test_quiz_from_an_uploaded_h5p_package(installer, tmp_path):
    """A QuestionSet package whose libraries are installed becomes a native quiz through the command."""
    from courses.h5p.convert import BLANKS, MULTI_CHOICE, QUESTION_SET, TRUE_FALSE, quiz_to_h5p_content
    from courses.h5p.package import Library, h5p_json, write_package

    def stub(dep, runnable):
        meta = {
            "title": dep.machine_name,
            "machineName": dep.machine_name,
            "majorVersion": dep.major,
            "minorVersion": dep.minor,
            "patchVersion": 0,
            "runnable": runnable,
            "preloadedJs": [{"path": "x.js"}],
        }
        import json

        return Library(
            folder=dep.folder, meta=meta, files={"library.json": json.dumps(meta).encode(), "x.js": b""}
        )

    libraries = [stub(QUESTION_SET, 1), stub(MULTI_CHOICE, 1), stub(TRUE_FALSE, 1), stub(BLANKS, 1)]
    meta = h5p_json(
        title="Vote", language="ru", main=QUESTION_SET, dependencies=[MULTI_CHOICE, TRUE_FALSE, BLANKS]
    )
    data = write_package(h5p=meta, content=quiz_to_h5p_content(QUIZ), libraries=libraries)
    package = package_import(source=data, user=installer)
    out = tmp_path / "out.txt"
    with open(out, "w") as stdout:
        call_command("h5p_to_quiz", str(package.pk), stdout=stdout)
    quiz = Quiz.objects.get(pk=int(out.read_text().strip()))
    assert quiz.locale.language_code == "ru"
    assert quiz_as_dict(quiz) == {**QUIZ, "title": "Vote"}
    assert quiz_create_from_package(package=package).pk != quiz.pk


def test_quiz_export_command_and_download(tmp_path, teacher):
    quiz = QuizFactory()
    target = tmp_path / "quiz.h5p"
    call_command("quiz_to_h5p", str(quiz.pk), str(target))
    exported = read_package(target.read_bytes())
    back = quiz_from_h5p(library=exported.main_library, content=exported.content, title=exported.title)
    assert len(back["questions"]) == 4
    client = Client()
    client.force_login(teacher)
    response = client.get(f"/h5p/quizzes/{quiz.pk}/export.h5p")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.h5p"')
    student = Client()
    student.force_login(StudentFactory())
    assert student.get(f"/h5p/quizzes/{quiz.pk}/export.h5p").status_code == 403
