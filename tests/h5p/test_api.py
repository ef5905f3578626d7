"""The H5P API: upload, metadata, state, xAPI statements, results; and the schema."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from courses.h5p.models import H5PPackage, H5PState, XAPIStatement
from tests.factories import StudentFactory

from .helpers import demo_bytes, rebuild

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def upload(client, data: bytes, name="activity.h5p"):
    return client.post("/api/v1/h5p/", {"file": SimpleUploadedFile(name, data)}, format="multipart")


def completed(package, *, raw=4, maximum=5, statement_id=None, **extra):
    statement = {
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": f"http://testserver/h5p/{package.uuid}/"},
        "result": {
            "score": {"raw": raw, "min": 0, "max": maximum, "scaled": raw / maximum},
            "completion": True,
            "success": raw / maximum >= 0.6,
            "duration": "PT1M5.5S",
        },
        "actor": {"mbox": "mailto:someone-else@example.org"},
    }
    if statement_id:
        statement["id"] = str(statement_id)
    statement.update(extra)
    return statement


def test_upload_by_installer(installer):
    response = upload(client_for(installer), demo_bytes("ky"))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["language"] == "ky"
    assert body["main_library"]["machine_name"] == "H5P.CivicStatements"
    assert body["player"]["h5p_json_path"] == f"/h5p/{body['uuid']}/files"


def test_upload_needs_login(api_client):
    assert upload(api_client, demo_bytes()).status_code == 401


def test_upload_needs_permission():
    response = upload(client_for(StudentFactory()), demo_bytes())
    assert response.status_code == 403
    assert not H5PPackage.objects.exists()


def test_upload_refused_with_the_validator_message(installer):
    response = upload(client_for(installer), rebuild(demo_bytes(), replace={"h5p.json": b"{oops"}))
    assert response.status_code == 400
    error = response.json()["error"]
    assert "h5p.json" in error["fields"]["file"][0]
    assert not H5PPackage.objects.exists()


def test_teacher_upload_of_new_library_refused(teacher):
    response = upload(client_for(teacher), demo_bytes())
    assert response.status_code == 400
    assert "H5P.CivicStatements-1.0" in response.json()["error"]["fields"]["file"][0]


def test_teacher_upload_with_installed_library(teacher, demo_package):
    assert upload(client_for(teacher), demo_bytes("ru")).status_code == 201


def test_detail_is_metadata(api_client, demo_package, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = api_client.get(f"/api/v1/h5p/{demo_package.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == demo_package.title
    assert "content" not in body and "files" not in body
    assert api_client.get("/api/v1/h5p/999999/").status_code == 404


def test_state_roundtrip(demo_package):
    student = StudentFactory()
    client = client_for(student)
    url = f"/api/v1/h5p/{demo_package.pk}/state/"
    assert client.get(url).json() == {"state": None, "updated_at": None}
    assert client.put(url, {"state": {"answers": ["agree", None]}}, format="json").status_code == 200
    assert client.put(url, {"state": {"answers": ["agree", "disagree"]}}, format="json").status_code == 200
    assert client.get(url).json()["state"] == {"answers": ["agree", "disagree"]}
    assert H5PState.objects.count() == 1
    # Another learner sees their own (empty) state.
    assert client_for(StudentFactory()).get(url).json()["state"] is None


def test_state_needs_login_and_valid_body(api_client, demo_package):
    url = f"/api/v1/h5p/{demo_package.pk}/state/"
    assert api_client.get(url).status_code == 401
    client = client_for(StudentFactory())
    assert client.put(url, {}, format="json").status_code == 400
    assert client.put(url, {"state": "x" * 300_000}, format="json").status_code == 400
    assert client.put("/api/v1/h5p/424242/state/", {"state": {}}, format="json").status_code == 404


def test_xapi_statement_stored_for_the_logged_in_user(demo_package):
    student = StudentFactory()
    response = client_for(student).post("/api/v1/xapi/statements/", completed(demo_package), format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["client_reported"] is True
    row = XAPIStatement.objects.get()
    assert row.user == student and row.package == demo_package
    assert row.verb.endswith("/completed") and row.is_package_level
    assert (row.score_raw, row.score_max, row.score_scaled, row.success, row.completion) == (
        4,
        5,
        0.8,
        True,
        True,
    )
    assert row.duration == "PT1M5.5S" and row.client_reported
    assert row.raw["actor"]["mbox"] == "mailto:someone-else@example.org"  # kept raw, never trusted


def test_xapi_list_and_same_id_twice(demo_package):
    client = client_for(StudentFactory())
    sid = uuid.uuid4()
    body = [completed(demo_package, statement_id=sid), completed(demo_package, raw=5)]
    assert client.post("/api/v1/xapi/statements/", body, format="json").status_code == 200
    assert client.post("/api/v1/xapi/statements/", [body[0]], format="json").status_code == 200
    assert XAPIStatement.objects.count() == 2
    clash = completed(demo_package, raw=1, statement_id=sid)
    assert client.post("/api/v1/xapi/statements/", clash, format="json").status_code == 409


@pytest.mark.parametrize(
    "mutate",
    [
        lambda s: s.pop("verb"),
        lambda s: s.__setitem__("verb", {"id": "not an iri"}),
        lambda s: s.pop("object"),
        lambda s: s["object"].__setitem__("id", "http://elsewhere.example/activity/1"),
        lambda s: s["object"].__setitem__("id", f"http://testserver/h5p/{uuid.uuid4()}/"),
        lambda s: s["result"]["score"].__setitem__("scaled", 3),
        lambda s: s["result"]["score"].__setitem__("raw", 9),
        lambda s: s["result"]["score"].__setitem__("raw", "four"),
        lambda s: s["result"].__setitem__("success", "yes"),
        lambda s: s["result"].__setitem__("duration", "one minute"),
        lambda s: s.__setitem__("timestamp", "yesterday"),
        lambda s: s.__setitem__("id", "not-a-uuid"),
        lambda s: s.__setitem__("result", [1, 2]),
    ],
)
def test_malformed_xapi_is_400_and_not_stored(demo_package, mutate):
    statement = completed(demo_package)
    mutate(statement)
    response = client_for(StudentFactory()).post("/api/v1/xapi/statements/", statement, format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["error"]["code"] == "invalid"
    assert not XAPIStatement.objects.exists()


def test_one_bad_statement_in_a_list_stores_none(demo_package):
    client = client_for(StudentFactory())
    body = [completed(demo_package), {"verb": {}}]
    response = client.post("/api/v1/xapi/statements/", body, format="json")
    assert response.status_code == 400
    assert "1" in response.json()["error"]["fields"]
    assert not XAPIStatement.objects.exists()


def test_xapi_not_json_and_anonymous(api_client, demo_package):
    assert (
        api_client.post("/api/v1/xapi/statements/", completed(demo_package), format="json").status_code == 401
    )
    client = client_for(StudentFactory())
    response = client.post("/api/v1/xapi/statements/", "{broken", content_type="application/json")
    assert response.status_code == 400
    assert client.post("/api/v1/xapi/statements/", [], format="json").status_code == 400
    assert client.post("/api/v1/xapi/statements/", "[1]", content_type="application/json").status_code == 400


def test_results_for_teachers_only(demo_package, teacher, django_assert_max_num_queries):
    students = [StudentFactory() for _ in range(4)]
    for student, raw in zip(students, [1, 3, 5, 5], strict=True):
        client_for(student).post("/api/v1/xapi/statements/", completed(demo_package, raw=raw), format="json")
    # an attempt without completion
    partial = completed(demo_package, raw=2)
    partial["verb"]["id"] = "http://adlnet.gov/expapi/verbs/answered"
    partial["result"]["completion"] = False
    client_for(StudentFactory()).post("/api/v1/xapi/statements/", partial, format="json")
    url = f"/api/v1/h5p/{demo_package.pk}/results/"
    assert client_for(students[0]).get(url).status_code == 403
    with django_assert_max_num_queries(6):
        body = client_for(teacher).get(url).json()
    assert body["learners"] == 5 and body["completed"] == 4
    assert body["min"] == 20.0 and body["max"] == 100.0 and body["median"] == 60.0
    assert sum(b["count"] for b in body["buckets"]) == 5


def test_schema_has_h5p_endpoints(api_client):
    response = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    text = response.content.decode()
    for path in ("/api/v1/h5p/", "/api/v1/h5p/{id}/state/", "/api/v1/xapi/statements/"):
        assert path in text


def test_api_index_lists_h5p(api_client):
    resources = api_client.get("/api/v1/").json()["resources"]
    assert resources["h5p_upload"].endswith("/api/v1/h5p/")
    assert resources["xapi_statements"].endswith("/api/v1/xapi/statements/")
