"""Classroom pages: the teacher's under /<lang>/teach/, the pupil's under /<lang>/my/assignments/."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from courses import services as course_services
from courses.classrooms import services
from courses.classrooms.models import Assignment, Classroom, Membership
from courses.models import QuizAttempt
from tests.factories import StudentFactory, TeacherFactory
from tests.factories.courses import RIGHT_ANSWERS

pytestmark = pytest.mark.django_db


def test_a_teacher_opens_a_class_from_a_phone_form(client, teacher):
    client.force_login(teacher)
    response = client.post(
        reverse("classrooms:class_create"),
        {"name": "9-А", "grade": "9", "school": "№5", "language": "ky", "academic_year": "2026"},
    )
    classroom = Classroom.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "classrooms:class", args=[classroom.pk]
    )
    page = client.get(response["Location"])
    assert f"{classroom.join_code[:4]} {classroom.join_code[4:]}" in page.content.decode()
    assert reverse("classrooms:qr", args=[classroom.pk]) in page.content.decode()


def test_a_bad_class_form_shows_errors_and_saves_nothing(client, teacher):
    client.force_login(teacher)
    response = client.post(
        reverse("classrooms:class_create"), {"name": "", "language": "ky", "academic_year": "2026"}
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert not Classroom.objects.exists()


def test_the_qr_code_is_an_svg_of_the_join_link(client, teacher, classroom):
    client.force_login(teacher)
    response = client.get(reverse("classrooms:qr", args=[classroom.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg") and classroom.join_code.encode() in response.content


def test_teacher_pages_are_closed_to_pupils_and_other_teachers(client, classroom, pupils):
    client.force_login(pupils[0])
    assert client.get(reverse("classrooms:teach")).status_code == 403
    client.force_login(TeacherFactory())
    for name in ("class", "report", "assign", "roster", "qr"):
        assert client.get(reverse(f"classrooms:{name}", args=[classroom.pk])).status_code == 403
    assert client.get(reverse("classrooms:class", args=[999999])).status_code == 404


def test_the_join_link_fills_in_the_code_and_joins(client, classroom):
    pupil = StudentFactory()
    client.force_login(pupil)
    page = client.get(reverse("classrooms:join") + f"?code={classroom.join_code}")
    assert classroom.join_code in page.content.decode()
    response = client.post(reverse("classrooms:join"), {"code": classroom.join_code})
    assert response.status_code == 302
    assert Membership.objects.filter(classroom=classroom, student=pupil).exists()
    again = client.post(reverse("classrooms:join"), {"code": classroom.join_code})
    assert again.status_code == 200 and again.context["form"].non_field_errors()
    assert Membership.objects.filter(student=pupil).count() == 1


def test_a_teacher_assigns_with_dates_in_bishkek_time(client, teacher, classroom, pupils, course, quiz):
    client.force_login(teacher)
    page = client.get(reverse("classrooms:assign", args=[classroom.pk]))
    assert f"quiz:{quiz.pk}" in page.content.decode()
    response = client.post(
        reverse("classrooms:assign", args=[classroom.pk]),
        {"content": f"quiz:{quiz.pk}", "due_at": "2030-05-20T17:00", "note": "Сабакка чейин"},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert timezone.localtime(assignment.due_at).strftime("%Y-%m-%d %H:%M %Z") == "2030-05-20 17:00 +06"
    bad = client.post(
        reverse("classrooms:assign", args=[classroom.pk]),
        {"content": f"quiz:{quiz.pk}", "starts_at": "2030-05-21T09:00", "due_at": "2030-05-20T17:00"},
    )
    assert bad.status_code == 200 and bad.context["form"].errors["due_at"]
    assert Assignment.objects.count() == 1


def test_the_report_page_has_the_matrix_and_charts(client, teacher, classroom, pupils, course, quiz):
    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    course_services.quiz_attempt_submit(user=pupils[0], quiz=quiz, answers=RIGHT_ANSWERS)
    client.force_login(teacher)
    response = client.get(reverse("classrooms:report", args=[classroom.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") == 2 and "<script" not in html.split("<main", 1)[1]
    for header in response.context["header"]:
        assert header in html


def test_every_answer_exports_with_numbers_and_dates(client, teacher, classroom, pupils, course, quiz):
    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    course_services.quiz_attempt_submit(user=pupils[0], quiz=quiz, answers=RIGHT_ANSWERS)
    client.force_login(teacher)
    response = client.get(reverse("classrooms:export", args=[classroom.pk, "answers", "xlsx"]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 4  # one header, four questions
    first = rows[1]
    assert first[1] == "pupil0" and first[3] == 1 and first[8] == 1 and first[9] == 1
    assert first[4] == timezone.localtime(QuizAttempt.objects.get().submitted_at).replace(
        tzinfo=None, microsecond=0
    )
    assert first[6] == "18"  # the chosen option's text, not its id
    csv = client.get(reverse("classrooms:export", args=[classroom.pk, "answers", "csv"]))
    assert csv.content.startswith("\ufeff".encode()) and csv.content.decode("utf-8-sig").count("\n") == 5


def test_the_quiz_page_builds_a_practice_quiz(client, teacher, classroom, pupils, course, quiz):
    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    course_services.quiz_attempt_submit(user=pupils[1], quiz=quiz, answers={"q1": "q1-b"})
    client.force_login(teacher)
    url = reverse("classrooms:quiz_report", args=[classroom.pk, quiz.pk])
    assert pupils[1].display_name in client.get(url).content.decode()  # missed by
    response = client.post(
        url,
        {
            "questions": ["q1"],
            "due_at": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    practice = Assignment.objects.get(practice=True)
    assert [r.student_id for r in practice.recipients.all()] == [pupils[1].pk]


def test_a_pupil_takes_a_practice_quiz_on_the_assignment_page(
    client, teacher, classroom, pupils, course, quiz
):
    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    course_services.quiz_attempt_submit(user=pupils[1], quiz=quiz, answers={"q1": "q1-b"})
    practice = services.reteach_create(classroom=classroom, by=teacher, quiz_id=quiz.pk, question_ids=["q1"])
    client.force_login(pupils[1])
    listing = client.get(reverse("classrooms:my_assignments")).content.decode()
    assert practice.title in listing
    response = client.post(reverse("classrooms:my_assignment", args=[practice.pk]), {"q-q1": "q1-a"})
    assert response.status_code == 302
    assert QuizAttempt.objects.get(user=pupils[1], quiz=practice.quiz).passed
    # Not theirs: another pupil gets a 404.
    client.force_login(pupils[0])
    assert client.get(reverse("classrooms:my_assignment", args=[practice.pk])).status_code == 404


def test_a_practice_answer_that_is_not_a_choice_is_a_message_and_uses_no_attempt(
    client, teacher, classroom, pupils, course, quiz
):
    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    course_services.quiz_attempt_submit(user=pupils[1], quiz=quiz, answers={"q1": "q1-b"})
    practice = services.reteach_create(classroom=classroom, by=teacher, quiz_id=quiz.pk, question_ids=["q1"])
    client.force_login(pupils[1])
    with translation.override("ky"):
        url = reverse("classrooms:my_assignment", args=[practice.pk])
        expected = gettext("Choose one of the question's choices.")
    response = client.post(url, {"q-q1": "no-such-choice"}, follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [expected]
    assert not QuizAttempt.objects.filter(user=pupils[1], quiz=practice.quiz).exists()


def test_the_roster_page_lists_bad_rows_then_creates_all(client, teacher, classroom):
    client.force_login(teacher)
    url = reverse("classrooms:roster", args=[classroom.pk])
    bad = client.post(url, {"names": "Айбек Осмонов\nЖалгыз"})
    assert bad.status_code == 200 and len(bad.context["result"].bad_rows) == 1
    good = client.post(url, {"names": "Айбек Осмонов\nНурайым Сыдыкова"})
    assert good.context["result"].valid and not Membership.objects.exists()
    done = client.post(url, {"confirm": "1"})
    assert done.status_code == 200 and done["Content-Type"] == "application/pdf"  # their login cards
    assert Membership.objects.filter(classroom=classroom).count() == 2


def test_the_dashboard_shows_each_class_and_its_latest_assignment(
    client, teacher, classroom, pupils, course, quiz
):
    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    course_services.quiz_attempt_submit(user=pupils[0], quiz=quiz, answers=RIGHT_ANSWERS)
    client.force_login(teacher)
    response = client.get(reverse("classrooms:teach"))
    summary = response.context["summaries"][0]
    assert summary.classroom.pupils == 3 and summary.latest.done == 1 and summary.latest.recipients == 3
