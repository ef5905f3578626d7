"""Text and shapes no client should send: control characters, lone surrogates, NUL, deep nesting. Each is a 400
in the one error shape, naming the field, and nothing is saved; never a 500."""

import json

import pytest
from rest_framework.test import APIClient

from camps.models import Application
from courses.h5p.models import H5PState, XAPIStatement
from tests.factories import CohortFactory, QuestionFactory, StudentFactory, birth_date_for_age
from tests.h5p.conftest import _media, demo_package, installer  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _post_raw(client, url, body, method="post", **extra):
    """JSON as a client would send it: surrogates escaped (\\ud800), control characters as \\u0001."""
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json", **extra)


def _application_body(cohort, **answers):
    return {
        "full_name": "Бермет Кадырова",
        "date_of_birth": birth_date_for_age(20, cohort.starts_on).isoformat(),
        "region": "talas",
        "contact_email": "bermet@example.org",
        "answers": answers,
    }


def _error(response, status=400):
    assert response.status_code == status, response.content
    return response.json()["error"]


@pytest.mark.parametrize("bad", ["\u0001", "\ud800", "\x00", "\x7f"])
def test_unsafe_text_in_answers_is_400_naming_the_answer(bad):
    cohort = CohortFactory()
    question = QuestionFactory(cohort=cohort)
    client = _client(StudentFactory())
    body = _application_body(cohort, **{str(question.pk): f"Жооп{bad}"})
    error = _error(
        _post_raw(client, f"/api/v1/cohorts/{cohort.pk}/applications/", body, HTTP_ACCEPT_LANGUAGE="ky")
    )
    assert error["code"] == "invalid"
    assert error["fields"] == {
        f"answers.{question.pk}": [
            "Бул текстте сактоого мүмкүн болбогон көзгө көрүнбөгөн башкаруучу белгилер бар. Аны кайра териңиз же "
            "жөнөкөй текст катары чаптаңыз."
        ]
    }
    assert not Application.objects.exists()


def test_unsafe_text_in_a_key_is_named_printably():
    cohort = CohortFactory()
    client = _client(StudentFactory())
    body = _application_body(cohort, **{"\ud800": "x"})
    error = _error(_post_raw(client, f"/api/v1/cohorts/{cohort.pk}/applications/", body))
    assert list(error["fields"]) == ["answers.\ufffd"]
    assert not Application.objects.exists()


def test_nul_in_h5p_state_is_400_and_not_stored(demo_package):  # noqa: F811
    client = _client(StudentFactory())
    url = f"/api/v1/h5p/{demo_package.pk}/state/"
    response = _post_raw(client, url, {"state": {"answers": ["agree", "a\x00b"]}}, method="put")
    assert list(_error(response)["fields"]) == ["state.answers.1"]
    assert not H5PState.objects.exists()
    # Tab, newline and carriage return are ordinary text.
    kept = "Биринчи сап\r\nЭкинчи\tсап"
    assert _post_raw(client, url, {"state": {"answers": [kept]}}, method="put").status_code == 200
    assert H5PState.objects.get().data == {"answers": [kept]}


def test_lone_surrogate_in_an_xapi_statement_is_400_and_not_stored(demo_package):  # noqa: F811
    client = _client(StudentFactory())
    statement = {
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en": "completed\udc00"}},
        "object": {"id": f"http://testserver/h5p/{demo_package.uuid}/"},
    }
    error = _error(_post_raw(client, "/api/v1/xapi/statements/", statement))
    assert list(error["fields"]) == ["verb.display.en"]
    error = _error(_post_raw(client, "/api/v1/xapi/statements/", [statement]))
    assert list(error["fields"]) == ["0.verb.display.en"]
    assert not XAPIStatement.objects.exists()


def test_unsafe_text_in_an_api_form_body_is_400():
    cohort = CohortFactory()
    application = Application.objects.create(
        cohort=cohort,
        applicant=StudentFactory(),
        full_name="Азамат",
        date_of_birth=birth_date_for_age(20, cohort.starts_on),
        region="talas",
        contact_email="a@example.org",
    )
    client = _client(application.applicant)
    response = client.patch(
        f"/api/v1/applications/{application.pk}/",
        data="school=%01%D0%9C%D0%B5%D0%BA%D1%82%D0%B5%D0%BF",
        content_type="application/x-www-form-urlencoded",
    )
    assert list(_error(response)["fields"]) == ["school"]
    application.refresh_from_db()
    assert application.school == ""


def test_unsafe_text_in_an_api_form_post_by_a_session_is_400():
    cohort = CohortFactory()
    question = QuestionFactory(cohort=cohort)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(StudentFactory())
    token = client.get("/ky/accounts/profile/").cookies["csrftoken"].value
    body = {**_application_body(cohort), f"answers.{question.pk}": "жооп\x00"}
    del body["answers"]
    response = client.post(
        f"/api/v1/cohorts/{cohort.pk}/applications/",
        {**body, "csrfmiddlewaretoken": token},
        format="multipart",
    )
    assert list(_error(response)["fields"]) == [f"answers.{question.pk}"]
    assert not Application.objects.exists()


def test_unsafe_text_in_an_api_query_string_is_400():
    CohortFactory()
    error = _error(_client().get("/api/v1/cohorts/?region=bishkek%00"))
    assert error["code"] == "invalid" and list(error["fields"]) == ["region"]


@pytest.mark.parametrize(
    "url, signed_in",
    [
        ("/api/v1/auth/token/", False),
        ("/api/v1/xapi/statements/", True),
        ("/api/v1/cohorts/{cohort}/applications/", True),
    ],
)
def test_deeply_nested_json_is_a_parse_error_even_anonymously(url, signed_in):
    url = url.format(cohort=CohortFactory().pk)
    client = _client(StudentFactory() if signed_in else None)
    response = client.post(url, data="[" * 5000 + "]" * 5000, content_type="application/json")
    error = _error(response)
    assert error["code"] == "parse_error"


def test_nesting_is_capped_at_64():
    client = _client(StudentFactory())

    def nested(depth):
        return "[" * depth + "]" * depth

    assert _error(client.post("/api/v1/xapi/statements/", nested(65), content_type="application/json"))[
        "code"
    ] == ("parse_error")
    # 64 levels parse; the view then refuses the statement itself.
    assert _error(client.post("/api/v1/xapi/statements/", nested(64), content_type="application/json"))[
        "code"
    ] == ("invalid")
