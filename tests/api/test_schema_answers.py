"""The OpenAPI document describes what an application's answer really holds, for the applicant and for the
cohort's organiser: a certificate code is null until a certificate is issued, and the applicant's answer (without
the organisers' notes and status history) is one the documented schema allows."""

import pytest
from rest_framework.test import APIClient

from tests.factories import ApplicationFactory, CohortFactory, OrganiserFactory

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _component(client: APIClient, name: str) -> dict:
    return client.get("/api/v1/schema/?format=json").json()["components"]["schemas"][name]


def test_application_answer_fits_the_documented_schema_for_applicant_and_organiser():
    organiser = OrganiserFactory()
    application = ApplicationFactory(cohort=CohortFactory(organisers=[organiser]))
    documented = _component(APIClient(), "ApplicationOrganiserOut")
    for who in (application.applicant, organiser):
        body = _client(who).get(f"/api/v1/applications/{application.pk}/").json()
        assert set(documented["required"]) <= set(body), who
        assert set(body) <= set(documented["properties"]), who
        assert body["certificate_code"] is None
    assert documented["properties"]["certificate_code"].get("nullable") is True
    assert "status_changes" in _client(organiser).get(f"/api/v1/applications/{application.pk}/").json()
    listed = _client(application.applicant).get("/api/v1/applications/").json()["results"][0]
    assert listed["certificate_code"] is None
    assert _component(APIClient(), "ApplicationOut")["properties"]["certificate_code"].get("nullable") is True
