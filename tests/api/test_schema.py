"""The OpenAPI document tells the truth: every operation's errors in the one shape, nullable fields, the shapes
each role gets; and the enum query parameters it documents are enforced (an unknown value is a 400)."""

import pytest
from django.core.cache import cache

from tests.factories import ApplicationFactory, CohortFactory, OrganiserFactory

pytestmark = pytest.mark.django_db

ERROR_REF = "#/components/schemas/Error"


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    cache.clear()
    with django_db_blocker.unblock():
        response = Client().get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def test_every_operation_documents_its_errors_in_the_one_shape(schema):
    operations = list(_operations(schema))
    assert len(operations) > 25
    for path, method, operation in operations:
        responses = operation["responses"]
        where = f"{method.upper()} {path}"
        errors = {code for code in responses if code.startswith("4")}
        assert "400" in errors, where  # every operation validates ?lang= at least
        for code in errors:
            assert responses[code]["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}, where
            assert responses[code]["description"], where
        if "{" in path:
            assert "404" in errors, where
        if operation.get("security") and {} not in operation["security"]:
            assert "401" in errors, where  # login required


def test_error_component_is_the_shape_the_api_answers(schema, api_client):
    error = schema["components"]["schemas"]["Error"]
    body = schema["components"]["schemas"]["ErrorBody"]
    assert error["required"] == ["error"]
    assert set(body["required"]) == {"status", "code", "message"}
    answer = api_client.get("/api/v1/applications/").json()
    assert set(answer) == {"error"} and set(answer["error"]) <= set(body["properties"])


def test_specific_errors_where_they_happen(schema):
    paths = schema["paths"]
    assert "429" in paths["/api/v1/auth/token/"]["post"]["responses"]  # the log-in is throttled
    assert "409" in paths["/api/v1/cohorts/{id}/applications/"]["post"]["responses"]  # full, or twice
    assert "403" in paths["/api/v1/applications/{id}/decision/"]["post"]["responses"]  # organisers only
    assert "403" not in paths["/api/v1/modules/"]["get"]["responses"]  # anyone may read


def test_lang_is_an_enum_on_every_operation(schema):
    for path, method, operation in _operations(schema):
        lang = [p for p in operation.get("parameters", []) if p["name"] == "lang" and p["in"] == "query"]
        assert len(lang) == 1, f"{method} {path}"
        assert sorted(lang[0]["schema"]["enum"]) == ["en", "ky", "ru"]
    status = next(
        p for p in schema["paths"]["/api/v1/applications/"]["get"]["parameters"] if p["name"] == "status"
    )
    assert "accepted" in status["schema"]["enum"]


def test_certificate_code_is_nullable(schema):
    prop = schema["components"]["schemas"]["ApplicationOut"]["properties"]["certificate_code"]
    assert prop["nullable"] is True


def test_each_role_gets_the_documented_shape_of_an_application(schema, client):
    components = schema["components"]["schemas"]
    documented = schema["paths"]["/api/v1/applications/{id}/"]["get"]["responses"]["200"]
    ref = documented["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    shapes = [s["$ref"].rsplit("/", 1)[1] for s in components[ref]["anyOf"]]
    assert shapes == ["ApplicationOut", "ApplicationOrganiserOut"]
    applicant_fields = set(components["ApplicationOut"]["properties"])
    organiser_fields = set(components["ApplicationOrganiserOut"]["properties"])
    assert applicant_fields < organiser_fields

    organiser = OrganiserFactory()
    application = ApplicationFactory(cohort=CohortFactory(organisers=[organiser]))
    client.force_login(application.applicant)
    assert set(client.get(f"/api/v1/applications/{application.pk}/").json()) == applicant_fields
    client.force_login(organiser)
    assert set(client.get(f"/api/v1/applications/{application.pk}/").json()) == organiser_fields


def test_xapi_statement_body_is_described(schema):
    body = schema["paths"]["/api/v1/xapi/statements/"]["post"]["requestBody"]["content"]["application/json"]
    components = schema["components"]["schemas"]
    one_or_many = components[body["schema"]["$ref"].rsplit("/", 1)[1]]["oneOf"]
    statement = one_or_many[0]["$ref"].rsplit("/", 1)[1]
    assert one_or_many[1] == {"type": "array", "items": {"$ref": f"#/components/schemas/{statement}"}}
    assert set(components[statement]["required"]) == {"verb", "object"}
    assert {"id", "verb", "object", "result"} <= set(components[statement]["properties"])


@pytest.mark.parametrize("url", ["/api/v1/modules/", "/api/v1/cohorts/", "/api/v1/", "/api/v1/applications/"])
def test_unknown_lang_is_400_listing_the_allowed_ones(api_client, url):
    response = api_client.get(url, {"lang": "xx"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"]["lang"] == ["Unknown value “xx”. Allowed: ky, ru, en."]


def test_unknown_lang_is_refused_in_the_callers_language(api_client):
    error = api_client.get("/api/v1/modules/?lang=de", HTTP_ACCEPT_LANGUAGE="ru").json()["error"]
    assert error["message"] == "Неизвестное значение «de». Допустимо: ky, ru, en."


def test_known_or_empty_lang_is_served(api_client):
    assert api_client.get("/api/v1/modules/?lang=ru").status_code == 200
    assert api_client.get("/api/v1/modules/?lang=").status_code == 200


def test_unknown_status_is_400(student_api):
    response = student_api.get("/api/v1/applications/?status=bogus", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["status"][0].startswith("Unknown value “bogus”. Allowed: ")
    assert student_api.get("/api/v1/applications/?status=accepted").status_code == 200
