"""The classrooms API: every endpoint, its scoping, and each bad input as one translated error, nothing changed."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.models import User
from courses import services as course_services
from courses.classrooms import services
from courses.classrooms.models import Assignment, Classroom, Membership, MembershipStatus
from tests.classrooms.conftest import api_for
from tests.factories import StudentFactory, TeacherFactory
from tests.factories.courses import RIGHT_ANSWERS

pytestmark = pytest.mark.django_db


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == status and body["error"]["message"]
    return body["error"]


def _ru(text: str) -> str:
    with translation.override("ru"):
        return gettext(text)


def test_a_teacher_opens_and_lists_classes(teacher_api):
    response = teacher_api.post(
        "/api/v1/classes/",
        {"name": "9-А", "grade": 9, "school": "№5", "language": "ru", "academic_year": 2026},
        format="json",
    )
    assert response.status_code == 201
    data = response.json()
    assert len(data["join_code"]) == 8 and data["join_code"].isdigit()
    assert data["join_url"].endswith(f"/ru/my/assignments/join/?code={data['join_code']}")
    assert data["qr_url"].endswith(f"/ru/teach/classes/{data['id']}/qr.svg")
    listed = teacher_api.get("/api/v1/classes/").json()
    assert [c["id"] for c in listed] == [data["id"]]


def test_links_are_on_the_public_address_whatever_host_was_asked(settings, teacher_api, classroom, client):
    settings.PUBLIC_BASE_URL = "https://civic.example.kg"
    data = teacher_api.get(f"/api/v1/classes/{classroom.pk}/", HTTP_HOST="localhost").json()
    assert data["join_url"] == f"https://civic.example.kg/ky/my/assignments/join/?code={classroom.join_code}"
    assert data["qr_url"] == f"https://civic.example.kg/ky/teach/classes/{classroom.pk}/qr.svg"
    client.force_login(classroom.owner)
    page = client.get(f"/ky/teach/classes/{classroom.pk}/projector/", HTTP_HOST="localhost")
    assert page.context["join_url"] == data["join_url"]


def test_a_pupil_cannot_open_a_class(db):
    response = api_for(StudentFactory()).post("/api/v1/classes/", {"name": "9-А"}, format="json")
    _error(response, 403)
    assert not Classroom.objects.exists()


def test_patch_changes_the_code_and_archives(teacher_api, classroom):
    old = classroom.join_code
    data = teacher_api.patch(
        f"/api/v1/classes/{classroom.pk}/",
        {"regenerate_code": True, "join_enabled": False, "name": "9-Б"},
        format="json",
    ).json()
    assert data["join_code"] != old and data["join_enabled"] is False and data["name"] == "9-Б"
    archived = teacher_api.patch(f"/api/v1/classes/{classroom.pk}/", {"archived": True}, format="json").json()
    assert archived["archived"] is True


def test_delete_is_for_the_owner_only(classroom, teacher):
    colleague = TeacherFactory()
    services.co_teacher_add(classroom=classroom, by=teacher, username=colleague.username)
    _error(api_for(colleague).delete(f"/api/v1/classes/{classroom.pk}/"), 403)
    assert api_for(teacher).delete(f"/api/v1/classes/{classroom.pk}/").status_code == 204
    assert not Classroom.objects.exists()


@pytest.mark.parametrize(
    ("setup", "status", "message"),
    [
        ("wrong", 400, "There is no class with this code. Check the digits."),
        ("disabled", 409, "This class's code is switched off. Ask your teacher."),
        ("archived", 409, "This class is archived and takes no new pupils."),
        ("twice", 409, "You are already in this class."),
    ],
)
def test_bad_joins_are_refused_in_the_callers_language(classroom, teacher, setup, status, message):
    pupil = StudentFactory()
    code = classroom.join_code
    if setup == "wrong":
        code = "00000000" if code != "00000000" else "11111111"
    elif setup == "disabled":
        services.join_code_enable(classroom=classroom, by=teacher, enabled=False)
    elif setup == "archived":
        services.classroom_archive(classroom=classroom, by=teacher)
    else:
        services.class_join(student=pupil, code=code)
    before = Membership.objects.count()
    response = api_for(pupil).post(
        "/api/v1/classes/join/", {"code": code}, format="json", HTTP_ACCEPT_LANGUAGE="ru"
    )
    error = _error(response, status)
    assert message in (
        error["message"],
        *[m for msgs in error.get("fields", {}).values() for m in msgs],
    ) or _ru(message) in (error["message"], *[m for msgs in error.get("fields", {}).values() for m in msgs])
    assert Membership.objects.count() == before


def test_joining_by_code(classroom):
    pupil = StudentFactory()
    response = api_for(pupil).post("/api/v1/classes/join/", {"code": classroom.join_code}, format="json")
    assert response.status_code == 201
    assert response.json() == {"class_id": classroom.pk, "class_name": classroom.name, "status": "active"}


def test_students_are_listed_added_and_removed(teacher_api, classroom, pupils):
    url = f"/api/v1/classes/{classroom.pk}/students/"
    assert [s["username"] for s in teacher_api.get(url).json()] == ["pupil0", "pupil1", "pupil2"]
    newcomer = StudentFactory(username="newcomer")
    assert teacher_api.post(url, {"username": "newcomer"}, format="json").status_code == 201
    _error(teacher_api.post(url, {"username": "newcomer"}, format="json"), 409)
    _error(teacher_api.post(url, {"username": "nobody-here"}, format="json"), 400)
    assert teacher_api.delete(f"{url}{newcomer.pk}/").status_code == 204
    _error(teacher_api.delete(f"{url}{newcomer.pk}/"), 404)
    assert not Membership.objects.filter(student=newcomer).exists()


def test_another_teachers_class_is_forbidden_everywhere(classroom, pupils, course, quiz):
    stranger = api_for(TeacherFactory())
    base = f"/api/v1/classes/{classroom.pk}"
    for url in (
        f"{base}/",
        f"{base}/students/",
        f"{base}/assignments/",
        f"{base}/report/",
        f"{base}/quizzes/{quiz.pk}/questions/",
    ):
        _error(stranger.get(url), 403)
    _error(stranger.post(f"{base}/assignments/", {"kind": "quiz", "content": quiz.pk}, format="json"), 403)
    assert not Assignment.objects.exists()
    _error(api_for(pupils[0]).get(f"{base}/report/"), 403)
    _error(stranger.get("/api/v1/classes/999999/report/"), 404)


def test_assignments_are_created_and_bad_ones_refused(teacher_api, teacher, classroom, pupils, course, quiz):
    module, lessons = course
    url = f"/api/v1/classes/{classroom.pk}/assignments/"
    start = timezone.now() + timedelta(days=1)
    created = teacher_api.post(
        url,
        {
            "kind": "lesson",
            "content": lessons[0].pk,
            "students": [pupils[0].pk],
            "starts_at": start.isoformat(),
            "due_at": (start + timedelta(days=2)).isoformat(),
            "note": "Окуп келгиле",
        },
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["students"] == [pupils[0].pk] and created.json()["title"] == lessons[0].title
    error = _error(
        teacher_api.post(
            url,
            {"kind": "quiz", "content": quiz.pk, "starts_at": start.isoformat(), "due_at": start.isoformat()},
            format="json",
        ),
        400,
    )
    assert "due_at" in error["fields"]
    russian = services.classroom_create(by=teacher, name="9-Б", language="ru")
    error = _error(
        teacher_api.post(
            f"/api/v1/classes/{russian.pk}/assignments/",
            {"kind": "module", "content": module.pk},
            format="json",
        ),
        400,
    )
    assert "content" in error["fields"]
    assert Assignment.objects.count() == 1
    assert [a["id"] for a in teacher_api.get(url).json()] == [created.json()["id"]]


def _report_fixture(teacher, classroom, pupils, quiz):
    due = timezone.now() + timedelta(days=1)
    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk, due_at=due)
    course_services.quiz_attempt_submit(user=pupils[0], quiz=quiz, answers=RIGHT_ANSWERS)
    course_services.quiz_attempt_submit(user=pupils[1], quiz=quiz, answers={"q1": "q1-b"})


def test_the_report_as_json(teacher_api, teacher, classroom, pupils, course, quiz):
    _report_fixture(teacher, classroom, pupils, quiz)
    data = teacher_api.get(f"/api/v1/classes/{classroom.pk}/report/").json()
    assert data["assignments"][0]["done"] == 2 and data["assignments"][0]["average_percent"] == 50
    cells = {row["username"]: row["cells"][0] for row in data["students"]}
    assert (cells["pupil0"]["state"], cells["pupil0"]["best_percent"]) == ("done", 100)
    assert cells["pupil2"]["state"] == "not_started" and cells["pupil2"]["best_percent"] is None


def test_a_pupils_report_row_lists_only_the_assignments_given_to_them(
    teacher_api, teacher, classroom, pupils, course, quiz
):
    _report_fixture(teacher, classroom, pupils, quiz)
    practice = services.reteach_create(classroom=classroom, by=teacher, quiz_id=quiz.pk, question_ids=["q1"])
    data = teacher_api.get(f"/api/v1/classes/{classroom.pk}/report/").json()
    given = {row["username"]: [cell["assignment"] for cell in row["cells"]] for row in data["students"]}
    recipients = {r.student.username for r in practice.recipients.all()}
    assert recipients and recipients != {p.username for p in pupils}
    for pupil in pupils:
        assert (practice.pk in given[pupil.username]) == (pupil.username in recipients)


def test_a_refused_report_in_csv_or_xlsx_is_still_the_json_error(classroom):
    api_client = APIClient()
    for fmt in ("csv", "xlsx"):
        response = api_client.get(f"/api/v1/classes/{classroom.pk}/report/", {"format": fmt})
        assert response.status_code == 401 and response["Content-Type"] == "application/json"
        assert response.json()["error"]["code"] == "not_authenticated"


def test_the_report_as_csv_and_xlsx_has_the_pages_columns(
    teacher_api, teacher, classroom, pupils, course, quiz
):
    _report_fixture(teacher, classroom, pupils, quiz)
    url = f"/api/v1/classes/{classroom.pk}/report/"
    raw = teacher_api.get(url + "?format=csv")
    assert raw.status_code == 200 and raw["Content-Type"].startswith("text/csv")
    assert raw.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.content.decode("utf-8-sig"))))
    assert len(rows[0]) == 2 + 3 and len(rows) == 1 + 3
    assert rows[1][1] == "pupil0" and rows[1][3] == "100"
    book = load_workbook(io.BytesIO(teacher_api.get(url + "?format=xlsx").content))
    sheet = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert sheet[0] == rows[0]
    assert sheet[1][3] == 100 and isinstance(sheet[1][4], datetime)  # a number and a date, not text
    assert sheet[3][3] is None


def test_a_name_stored_with_a_control_character_still_exports(
    teacher_api, teacher, classroom, pupils, course, quiz
):
    _report_fixture(teacher, classroom, pupils, quiz)
    User.objects.filter(pk=pupils[0].pk).update(first_name="Ай\x0bбек")  # stored before the edge refused it
    url = f"/api/v1/classes/{classroom.pk}/report/"
    response = teacher_api.get(url + "?format=xlsx")
    assert response.status_code == 200
    sheet = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert any(isinstance(v, str) and "Ай\ufffdбек" in v for row in sheet for v in row)


def test_difficult_questions_and_reteach(teacher_api, teacher, classroom, pupils, course, quiz):
    _report_fixture(teacher, classroom, pupils, quiz)
    data = teacher_api.get(f"/api/v1/classes/{classroom.pk}/quizzes/{quiz.pk}/questions/").json()
    q1 = next(q for q in data["questions"] if q["id"] == "q1")
    assert (q1["answers"], q1["share_correct"], q1["missed_by"]) == (2, 50, [pupils[1].pk])
    response = teacher_api.post(
        f"/api/v1/classes/{classroom.pk}/reteach/", {"quiz": quiz.pk, "questions": ["q1"]}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["students"] == [pupils[1].pk] and response.json()["practice"] is True
    _error(
        teacher_api.post(
            f"/api/v1/classes/{classroom.pk}/reteach/", {"quiz": quiz.pk, "questions": []}, format="json"
        ),
        400,
    )
    _error(teacher_api.get(f"/api/v1/classes/{classroom.pk}/quizzes/999999/questions/"), 404)


def test_my_assignments_shows_only_my_own_work(teacher, classroom, pupils, course, quiz):
    _report_fixture(teacher, classroom, pupils, quiz)
    mine = api_for(pupils[0]).get("/api/v1/me/assignments/").json()
    assert [(a["title"], a["state"], a["best_percent"]) for a in mine] == [(quiz.title, "done", 100)]
    outsider = api_for(StudentFactory()).get("/api/v1/me/assignments/").json()
    assert outsider == []
    pending = StudentFactory()
    Membership.objects.create(
        classroom=classroom, student=pending, status=MembershipStatus.PENDING, via="code"
    )
    assert api_for(pending).get("/api/v1/me/assignments/").json() == []


def test_the_api_index_lists_classes(api_client):
    resources = api_client.get("/api/v1/").json()["resources"]
    assert resources["classes"].endswith("/api/v1/classes/")
    assert resources["my_assignments"].endswith("/api/v1/me/assignments/")


def test_the_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in ("/api/v1/classes/{id}/report/", "/api/v1/classes/join/", "/api/v1/me/assignments/"):
        assert path in text
