import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from camps.models import Application, Certificate, Status
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    CohortFactory,
    OrganiserFactory,
    QuestionFactory,
    StudentFactory,
    birth_date_for_age,
)

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _payload(cohort, age=20, **extra):
    body = {
        "full_name": "Бермет Кадырова",
        "date_of_birth": birth_date_for_age(age, cohort.starts_on).isoformat(),
        "region": "talas",
        "school": "Талас мамлекеттик университети",
        "contact_email": "bermet@example.org",
    }
    body.update(extra)
    return body


def test_programmes_and_cohorts_are_public(cohort, api_client):
    CohortFactory(region="osh")  # another region, same programme
    closed = CohortFactory(
        applications_open_at=timezone.now() - dt.timedelta(days=5),
        applications_close_at=timezone.now() - dt.timedelta(days=1),
    )
    response = api_client.get("/api/v1/programmes/?lang=ky")
    assert response.status_code == 200 and response.json()["count"] == 1
    programme_id = response.json()["results"][0]["id"]
    response = api_client.get(f"/api/v1/cohorts/?programme={programme_id}&region=bishkek&open=true")
    ids = [c["id"] for c in response.json()["results"]]
    assert cohort.pk in ids and closed.pk not in ids
    assert all(c["region"] == "bishkek" for c in response.json()["results"])
    detail = api_client.get(f"/api/v1/cohorts/{cohort.pk}/").json()
    assert detail["places_left"] == 2 and detail["is_open"] is True
    assert api_client.get("/api/v1/cohorts/999999/").status_code == 404


def test_apply_then_twice_is_409(cohort, question):
    client = _client(StudentFactory())
    body = _payload(cohort, answers={str(question.pk): "Шайлоо"})
    response = client.post(f"/api/v1/cohorts/{cohort.pk}/applications/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "submitted"
    again = client.post(f"/api/v1/cohorts/{cohort.pk}/applications/", body, format="json")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"
    assert Application.objects.count() == 1


def test_bad_input_gives_translated_400s_and_saves_nothing(cohort, question):
    client = _client(StudentFactory())
    url = f"/api/v1/cohorts/{cohort.pk}/applications/"
    minor = client.post(
        url + "?lang=ru", _payload(cohort, age=16, answers={str(question.pk): "x"}), format="json"
    )
    assert minor.status_code == 400
    assert "родителя" in minor.json()["error"]["fields"]["guardian_name"][0]
    unreachable = client.post(
        url + "?lang=ru",
        _payload(
            cohort, age=16, guardian_name="Гүлнара", guardian_contact="тел", answers={str(question.pk): "x"}
        ),
        format="json",
    )
    assert unreachable.status_code == 400
    assert "guardian_contact" in unreachable.json()["error"]["fields"]
    old = client.post(
        url + "?lang=ky", _payload(cohort, age=40, answers={str(question.pk): "x"}), format="json"
    )
    assert old.status_code == 400 and "date_of_birth" in old.json()["error"]["fields"]
    no_answer = client.post(url, _payload(cohort), format="json")
    assert no_answer.status_code == 400
    garbage = client.post(url, {"date_of_birth": "yesterday", "answers": "x"}, format="json")
    assert garbage.status_code == 400
    assert not Application.objects.exists()


def test_closed_cohort_is_409_and_anonymous_is_401(api_client):
    closed = CohortFactory(
        applications_open_at=timezone.now() - dt.timedelta(days=5),
        applications_close_at=timezone.now() - dt.timedelta(days=1),
    )
    response = _client(StudentFactory()).post(
        f"/api/v1/cohorts/{closed.pk}/applications/", _payload(closed), format="json"
    )
    assert response.status_code == 409
    assert api_client.post(f"/api/v1/cohorts/{closed.pk}/applications/", {}, format="json").status_code == 401


def test_decision_capacity_and_scoping(cohort, organiser, organiser_api, other_organiser):
    apps = [ApplicationFactory(cohort=cohort) for _ in range(3)]
    other = _client(other_organiser)
    forbidden = other.post(
        f"/api/v1/applications/{apps[0].pk}/decision/", {"decision": "accept"}, format="json"
    )
    assert forbidden.status_code == 403
    for a in apps[:2]:
        ok = organiser_api.post(
            f"/api/v1/applications/{a.pk}/decision/",
            {"decision": "accept", "message": "Кош келиңиз"},
            format="json",
        )
        assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    full = organiser_api.post(
        f"/api/v1/applications/{apps[2].pk}/decision/?lang=ru", {"decision": "accept"}, format="json"
    )
    assert full.status_code == 409
    assert "мест" in full.json()["error"]["message"]
    bad = organiser_api.post(
        f"/api/v1/applications/{apps[2].pk}/decision/", {"decision": "maybe"}, format="json"
    )
    assert bad.status_code == 400
    assert Application.objects.filter(status=Status.ACCEPTED).count() == 2
    # Organisers see only their cohorts' applications; applicants only their own.
    assert organiser_api.get("/api/v1/applications/").json()["count"] == 3
    assert other.get("/api/v1/applications/").json()["count"] == 0
    assert other.get(f"/api/v1/applications/{apps[0].pk}/").status_code == 404
    mine = _client(apps[0].applicant).get("/api/v1/applications/").json()
    assert [a["id"] for a in mine["results"]] == [apps[0].pk]
    detail = organiser_api.get(f"/api/v1/applications/{apps[0].pk}/").json()
    assert detail["status_changes"][-1]["to_status"] == "accepted"


def test_patch_withdraw_and_notes(cohort, organiser_api):
    application = ApplicationFactory(cohort=cohort)
    client = _client(application.applicant)
    response = client.patch(
        f"/api/v1/applications/{application.pk}/", {"school": "Ош мамлекеттик университети"}, format="json"
    )
    assert response.status_code == 200 and response.json()["school"] == "Ош мамлекеттик университети"
    notes = organiser_api.patch(
        f"/api/v1/applications/{application.pk}/", {"notes": "Күчтүү мотивация"}, format="json"
    )
    assert notes.status_code == 200 and notes.json()["notes"] == "Күчтүү мотивация"
    assert (
        organiser_api.patch(
            f"/api/v1/applications/{application.pk}/", {"school": "x"}, format="json"
        ).status_code
        == 403
    )
    assert client.post(f"/api/v1/applications/{application.pk}/withdraw/").json()["status"] == "withdrawn"
    assert client.post(f"/api/v1/applications/{application.pk}/withdraw/").status_code == 409


def test_expired_offer_cannot_be_confirmed_withdrawn_or_decided_on(cohort, organiser_api):
    application = ApplicationFactory(cohort=cohort, status=Status.EXPIRED)
    client = _client(application.applicant)
    confirm = client.post(f"/api/v1/applications/{application.pk}/confirm/?lang=ru")
    assert confirm.status_code == 409
    assert confirm.json()["error"]["code"] == "conflict"
    assert confirm.json()["error"]["message"] == "Срок предложения истёк."
    assert client.post(f"/api/v1/applications/{application.pk}/withdraw/").status_code == 409
    decided = organiser_api.post(
        f"/api/v1/applications/{application.pk}/decision/?lang=en", {"decision": "accept"}, format="json"
    )
    assert decided.status_code == 409 and "offer expired" in decided.json()["error"]["message"]
    application.refresh_from_db()
    assert application.status == Status.EXPIRED and not application.status_changes.exists()
    mine = client.get("/api/v1/applications/?status=expired").json()
    assert [(a["id"], a["status"]) for a in mine["results"]] == [(application.pk, "expired")]
    assert client.get("/api/v1/applications/?status=withdrawn").json()["count"] == 0


def test_schema_lists_the_expired_status(api_client):
    schema = api_client.get("/api/v1/schema/?format=json").json()
    status_enums = [
        s["enum"] for s in schema["components"]["schemas"].values() if "withdrawn" in s.get("enum", [])
    ]
    assert status_enums and all("expired" in enum for enum in status_enums)
    parameters = schema["paths"]["/api/v1/applications/"]["get"]["parameters"]
    [status_filter] = [p for p in parameters if p["name"] == "status"]
    assert "expired" in status_filter["schema"]["enum"]


def test_attendance_and_graduation(organiser):
    cohort = CohortFactory(organisers=[organiser])
    a, b = (ApplicationFactory(cohort=cohort, status=Status.CONFIRMED) for _ in range(2))
    client = _client(organiser)
    response = client.post(
        f"/api/v1/cohorts/{cohort.pk}/attendance/",
        {"day": cohort.starts_on.isoformat(), "present": [a.pk], "notes": {str(b.pk): "ооруп калды"}},
        format="json",
    )
    assert response.status_code == 200 and len(response.json()) == 2
    outside = client.post(
        f"/api/v1/cohorts/{cohort.pk}/attendance/",
        {"day": (cohort.ends_on + dt.timedelta(days=3)).isoformat(), "present": []},
        format="json",
    )
    assert outside.status_code == 400
    not_attended = client.post(
        f"/api/v1/cohorts/{cohort.pk}/graduate/", {"applications": [b.pk]}, format="json"
    )
    assert not_attended.status_code == 409
    graduated = client.post(f"/api/v1/cohorts/{cohort.pk}/graduate/", {"applications": [a.pk]}, format="json")
    assert graduated.status_code == 200
    code = graduated.json()[0]["code"]
    assert Certificate.objects.get(code=code).application_id == a.pk
    stranger = _client(OrganiserFactory())
    assert (
        stranger.post(
            f"/api/v1/cohorts/{cohort.pk}/graduate/", {"applications": [a.pk]}, format="json"
        ).status_code
        == 403
    )


def test_data_export_and_erasure(cohort):
    application = ApplicationFactory(cohort=cohort, answers={"1": "менин жообум"})
    client = _client(application.applicant)
    data = client.get("/api/v1/me/data-export/").json()
    assert data["account"]["username"] == application.applicant.username
    assert data["camp_applications"][0]["answers"] == {"1": "менин жообум"}
    assert client.post("/api/v1/me/data-erasure/", {"password": PASSWORD}, format="json").status_code == 204
    application.refresh_from_db()
    assert application.full_name == "—" and application.answers == {}


def test_api_index_lists_camps_and_schema_is_clean(api_client):
    resources = api_client.get("/api/v1/").json()["resources"]
    assert {"programmes", "cohorts", "applications", "data_export"} <= set(resources)
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_questions_in_cohort_detail(cohort, api_client):
    QuestionFactory(cohort=cohort, kind="single_choice", choices="Ооба\nЖок")
    detail = api_client.get(f"/api/v1/cohorts/{cohort.pk}/").json()
    assert detail["questions"][0]["choices"] == ["Ооба", "Жок"]
