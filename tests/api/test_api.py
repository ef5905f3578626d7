"""The API skeleton: token log-in, /me/, one translated error shape, the index, schema and docs."""

import json

import pytest
from django.utils import translation
from knox.models import AuthToken

from accounts import roles
from tests.factories import PASSWORD, StudentFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
ME_URL = "/api/v1/me/"


def _assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert error["status"] == status
    assert isinstance(error["message"], str) and error["message"]
    assert set(error) <= {"status", "code", "message", "fields"}
    if code:
        assert error["code"] == code
    assert "Traceback" not in response.content.decode()
    return error


# The wording people read, as text: a missing or broken catalogue fails these tests (gettext would not).
WORDING = {
    "Authentication is required.": {
        "ky": "Системага кирүү талап кылынат.",
        "ru": "Требуется вход в систему.",
    },
    "The request body is not valid JSON.": {
        "ky": "Суроо-талаптын денеси туура JSON эмес.",
        "ru": "Тело запроса не является корректным JSON.",
    },
    "The username or password is not correct.": {
        "ky": "Колдонуучу аты же сырсөз туура эмес.",
        "ru": "Неверное имя пользователя или пароль.",
    },
    "This conflicts with the current state.": {
        "ky": "Бул учурдагы абалга каршы келет.",
        "ru": "Это противоречит текущему состоянию.",
    },
    "This media type is not supported.": {
        "ky": "Бул медиа түрү колдоого алынбайт.",
        "ru": "Этот тип данных не поддерживается.",
    },
    "Too many failed log-in attempts. Please try again in 15 minutes.": {
        "ky": "Кирүү аракети өтө көп жолу ийгиликсиз болду. 15 мүнөттөн кийин кайра аракет кылыңыз.",
        "ru": "Слишком много неудачных попыток входа. Попробуйте снова через 15 минут.",
    },
    "Too many requests. Please wait and try again.": {
        "ky": "Суроо-талаптар өтө көп. Бир аз күтүп, кайра аракет кылыңыз.",
        "ru": "Слишком много запросов. Подождите и попробуйте снова.",
    },
    "Not found.": {"ky": "Табылган жок.", "ru": "Не найдено."},
    "The credentials are not valid.": {
        "ky": "Кирүү маалыматтары туура эмес.",
        "ru": "Неверные учётные данные.",
    },
    "You do not have permission to do this.": {
        "ky": "Муну жасоого уруксатыңыз жок.",
        "ru": "У вас нет прав на это действие.",
    },
    "We could not complete your request. Please try again later.": {
        "ky": "Суроо-талабыңызды аткара алган жокпуз. Кийинчерээк кайра аракет кылыңыз.",
        "ru": "Не удалось выполнить ваш запрос. Попробуйте позже.",
    },
    "The security token of this request is missing or expired. Reload the page and try again.": {
        "ky": "Бул суроо-талаптын коопсуздук токени жок же мөөнөтү бүткөн. Баракты кайра жүктөп, дагы аракет "
        "кылыңыз.",
        "ru": "Токен безопасности этого запроса отсутствует или устарел. Обновите страницу и попробуйте снова.",
    },
    "This method is not allowed here.": {
        "ky": "Бул жерде мындай ыкмага уруксат жок.",
        "ru": "Этот метод здесь не разрешён.",
    },
}


def _in(lang: str, message: str) -> str:
    return message if lang == "en" else WORDING[message][lang]


# Token and /me/


def test_token_issue_and_use(api_client):
    user = UserFactory(username="aibek", preferred_language="ru", roles=[roles.STUDENT, roles.ALUMNUS])
    response = api_client.post(TOKEN_URL, {"username": "aibek", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert AuthToken.objects.filter(user=user).count() == 1

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get(ME_URL)
    assert me.status_code == 200
    data = me.json()
    assert data["username"] == "aibek"
    assert data["roles"] == [roles.STUDENT, roles.ALUMNUS]
    assert data["language"] == "ru"


def test_token_with_form_encoded_body(api_client):
    user = StudentFactory()
    response = api_client.post(TOKEN_URL, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200


def test_me_for_the_anonymous_is_401(api_client):
    error = _assert_error(api_client.get(ME_URL), 401, "not_authenticated")
    assert error["message"] == _in("ky", "Authentication is required.")
    assert api_client.get(ME_URL)["WWW-Authenticate"].startswith("Token")


def test_me_with_a_bad_token_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    error = _assert_error(api_client.get(ME_URL, HTTP_ACCEPT_LANGUAGE="ru"), 401, "authentication_failed")
    assert error["message"] == _in("ru", "The credentials are not valid.")


def test_me_with_session_auth(client):
    user = StudentFactory()
    client.force_login(user)
    assert client.get(ME_URL).json()["username"] == user.username


def test_me_patch_changes_language_only_for_allowed_fields(student_api, student):
    response = student_api.patch(
        ME_URL, {"language": "en", "username": "other", "roles": ["site_admin"]}, format="json"
    )
    assert response.status_code == 200
    student.refresh_from_db()
    assert student.preferred_language == "en"
    assert student.username != "other"
    assert not student.has_role(roles.SITE_ADMIN)


def test_me_patch_bad_language_is_a_field_error(student_api, student):
    error = _assert_error(student_api.patch(ME_URL, {"language": "de"}, format="json"), 400, "invalid")
    assert "language" in error["fields"]
    student.refresh_from_db()
    assert student.preferred_language == "ky"


@pytest.mark.parametrize(
    "payload",
    [
        {"username": "aibek", "password": "wrong"},
        {"username": "nobody", "password": PASSWORD},
    ],
)
def test_wrong_credentials_are_400(api_client, payload):
    UserFactory(username="aibek")
    error = _assert_error(api_client.post(TOKEN_URL, payload, format="json"), 400, "invalid_credentials")
    assert error["message"] == _in("ky", "The username or password is not correct.")


def test_inactive_user_gets_no_token(api_client):
    UserFactory(username="gone", is_active=False)
    _assert_error(api_client.post(TOKEN_URL, {"username": "gone", "password": PASSWORD}, format="json"), 400)


def test_missing_fields_are_field_errors(api_client):
    error = _assert_error(api_client.post(TOKEN_URL, {}, format="json"), 400, "invalid")
    assert set(error["fields"]) == {"username", "password"}


def test_malformed_json_is_400(api_client):
    response = api_client.post(TOKEN_URL, '{"username": "a", ', content_type="application/json")
    error = _assert_error(response, 400, "parse_error")
    assert error["message"] == _in("ky", "The request body is not valid JSON.")


def test_malformed_json_message_in_russian(api_client):
    response = api_client.post(TOKEN_URL, "{", content_type="application/json", HTTP_ACCEPT_LANGUAGE="ru")
    assert _assert_error(response, 400)["message"] == _in("ru", "The request body is not valid JSON.")


def test_json_array_instead_of_object_is_400(api_client):
    response = api_client.post(TOKEN_URL, "[1, 2]", content_type="application/json")
    _assert_error(response, 400)


def test_unsupported_media_type(api_client):
    response = api_client.post(TOKEN_URL, "<a/>", content_type="application/xml")
    error = _assert_error(response, 415, "unsupported_media_type")
    assert error["message"] == _in("ky", "This media type is not supported.")


def test_token_login_is_rate_limited_by_axes(api_client):
    user = StudentFactory()
    for _ in range(5):
        api_client.post(TOKEN_URL, {"username": user.username, "password": "wrong"}, format="json")
    response = api_client.post(TOKEN_URL, {"username": user.username, "password": PASSWORD}, format="json")
    error = _assert_error(response, 429, "locked_out")
    assert error["message"] == _in("ky", "Too many failed log-in attempts. Please try again in 15 minutes.")
    assert not AuthToken.objects.filter(user=user).exists()


def test_web_and_api_failures_count_together(client, api_client):
    user = StudentFactory()
    for _ in range(5):
        client.post("/en/accounts/login/", {"username": user.username, "password": "wrong"})
    response = api_client.post(TOKEN_URL, {"username": user.username, "password": PASSWORD}, format="json")
    assert response.status_code == 429


# The one error shape, translated


@pytest.mark.parametrize(
    ("method", "url", "status", "code", "message"),
    [
        ("get", ME_URL, 401, "not_authenticated", "Authentication is required."),
        ("get", "/api/v1/nothing-here/", 404, "not_found", "Not found."),
        ("delete", TOKEN_URL, 405, "method_not_allowed", "This method is not allowed here."),
        ("get", TOKEN_URL, 405, "method_not_allowed", "This method is not allowed here."),
    ],
)
@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_error_shape_translated_by_accept_language(api_client, method, url, status, code, message, lang):
    response = getattr(api_client, method)(url, HTTP_ACCEPT_LANGUAGE=lang)
    error = _assert_error(response, status, code)
    assert error["message"] == _in(lang, message)


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_lang_query_parameter_wins_over_the_header(api_client, lang):
    response = api_client.get(f"{ME_URL}?lang={lang}", HTTP_ACCEPT_LANGUAGE="en" if lang != "en" else "ru")
    assert _assert_error(response, 401)["message"] == _in(lang, "Authentication is required.")
    assert response["Content-Language"] == lang


def test_unknown_lang_parameter_is_refused_in_the_headers_language(api_client):
    response = api_client.get(f"{ME_URL}?lang=xx", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")
    assert _assert_error(response, 400, "invalid")["fields"]["lang"] == [
        "Неизвестное значение «xx». Допустимо: ky, ru, en."
    ]


def test_api_ignores_the_language_cookie_when_a_header_is_given(api_client):
    api_client.cookies["django_language"] = "en"
    response = api_client.get(ME_URL, HTTP_ACCEPT_LANGUAGE="ru")
    assert _assert_error(response, 401)["message"] == _in("ru", "Authentication is required.")


def test_403_has_the_same_shape(rf):
    from rest_framework.exceptions import PermissionDenied
    from rest_framework.permissions import AllowAny
    from rest_framework.views import APIView

    class Forbidden(APIView):
        permission_classes = [AllowAny]

        def get(self, request):
            raise PermissionDenied()

    with translation.override("ru"):
        response = Forbidden.as_view()(rf.get("/api/v1/x/"))
        response.render()
    assert response.status_code == 403
    assert json.loads(response.content) == {
        "error": {
            "status": 403,
            "code": "permission_denied",
            "message": _in("ru", "You do not have permission to do this."),
        }
    }


def test_django_errors_in_views_keep_the_shape(rf):
    # No middleware runs for a RequestFactory request: fix the language as the middleware would.
    translation.activate("ky")
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.http import Http404
    from rest_framework.permissions import AllowAny
    from rest_framework.views import APIView

    from config.api.errors import Conflict

    cases = [
        (Http404(), 404, "not_found"),
        (PermissionDenied(), 403, "permission_denied"),
        (ValidationError({"name": ["Too short."]}), 400, "invalid"),
        (Conflict(), 409, "conflict"),
    ]
    for exc, status, code in cases:

        class Raising(APIView):
            permission_classes = [AllowAny]

            def get(self, request, exc=exc):
                raise exc

        response = Raising.as_view()(rf.get("/api/v1/x/"))
        response.render()
        body = json.loads(response.content)
        assert response.status_code == status
        assert body["error"]["status"] == status
        assert body["error"]["code"] == code
    assert body["error"]["message"] == _in("ky", "This conflicts with the current state.")
    translation.deactivate()


def test_throttled_is_429_with_retry_after(api_client, settings, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    # The rates are read once, into the class: lower them there (monkeypatch puts them back).
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "login": "2/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    for _ in range(2):
        api_client.post(TOKEN_URL, {"username": "a", "password": "b"}, format="json")
    response = api_client.post(TOKEN_URL, {"username": "a", "password": "b"}, format="json")
    error = _assert_error(response, 429, "throttled")
    assert error["message"] == _in("ky", "Too many requests. Please wait and try again.")
    assert "Retry-After" in response


def test_unknown_api_url_is_json_404_not_a_redirect(api_client):
    for url in ("/api/v1/nope", "/api/v1/nope/deeper/", "/api/v2/", "/api/"):
        response = api_client.get(url)
        _assert_error(response, 404, "not_found")


def test_unknown_api_url_404_is_translated(api_client):
    response = api_client.get("/api/v1/nope/?lang=ru")
    assert _assert_error(response, 404)["message"] == _in("ru", "Not found.")


# Index, schema, docs


def test_index_lists_the_resources(api_client):
    response = api_client.get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == "v1"
    for name in ("schema", "docs", "token", "me"):
        assert name in body["resources"]
    assert body["resources"]["me"] == "http://testserver/api/v1/me/"


def test_schema_yaml_and_json(api_client):
    response = api_client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3")
    response = api_client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/auth/token/" in schema["paths"]
    assert "/api/v1/me/" in schema["paths"]
    assert not any(path.startswith("/admin") for path in schema["paths"])


def test_schema_generates_without_warnings():
    from django.core.management import call_command

    # --fail-on-warn turns every warning and error of the generator into a failure.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_docs_are_served_from_our_own_static_files(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn.jsdelivr" not in html and "unpkg" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert (
        client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200
    )
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert b"SwaggerUIBundle" in script.content


def test_docs_allow_inline_styles_but_only_our_scripts(client):
    csp = client.get("/api/v1/docs/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert "'unsafe-inline'" in directives["style-src"]
    assert directives["script-src"] == "'self'"


def test_server_error_in_the_api_is_json_without_a_trace(rf):
    from cms.views import server_error

    with translation.override("ru"):
        response = server_error(rf.get("/api/v1/me/"))
    assert response.status_code == 500
    body = json.loads(response.content)
    assert body["error"]["status"] == 500
    assert body["error"]["code"] == "server_error"
    assert body["error"]["message"] == _in(
        "ru", "We could not complete your request. Please try again later."
    )


def test_session_write_without_csrf_token_is_a_translated_403(student):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(student)
    response = client.patch(ME_URL, {"language": "en"}, format="json", HTTP_ACCEPT_LANGUAGE="ru")
    error = _assert_error(response, 403, "csrf_failed")
    assert error["message"] == _in(
        "ru", "The security token of this request is missing or expired. Reload the page and try again."
    )
