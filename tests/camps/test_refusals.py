"""A refused request changes nothing: permissions are checked before the first write, and the writes of one
request go together."""

import pytest
from rest_framework.test import APIClient

from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_applicant_patching_school_and_notes_is_403_and_saves_neither(cohort, organiser_api):
    application = ApplicationFactory(cohort=cohort, school="Мектеп №1", notes="")
    response = _client(application.applicant).patch(
        f"/api/v1/applications/{application.pk}/",
        {"school": "Мектеп №2", "notes": "Өзүм жөнүндө жакшы жазуу"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    application.refresh_from_db()
    assert (application.school, application.notes) == ("Мектеп №1", "")
    # Each part on its own, by the person allowed to change it, still works.
    assert organiser_api.patch(
        f"/api/v1/applications/{application.pk}/", {"notes": "Чалуу керек"}, format="json"
    ).json()["notes"] == ("Чалуу керек")
    response = _client(application.applicant).patch(
        f"/api/v1/applications/{application.pk}/", {"school": "Мектеп №2"}, format="json"
    )
    assert response.status_code == 200 and response.json()["school"] == "Мектеп №2"
