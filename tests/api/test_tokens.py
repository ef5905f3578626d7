"""API tokens (django-rest-knox): only a digest in the database, an expiry, one token per device, log-out of one
device or of all, a limit per person, erasure, and the migration that drops the old plain-text tokens."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import override_settings
from knox.models import AuthToken

from tests.factories import PASSWORD, StudentFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
LOGOUT_URL = "/api/v1/auth/logout/"
LOGOUT_ALL_URL = "/api/v1/auth/logout-all/"
ME_URL = "/api/v1/me/"


def _login(api_client, user, address="192.0.2.10") -> dict:
    response = api_client.post(
        TOKEN_URL, {"username": user.username, "password": PASSWORD}, format="json", REMOTE_ADDR=address
    )
    assert response.status_code == 200, response.content
    return response.json()


def _me_status(api_client, token: str) -> int:
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    try:
        return api_client.get(ME_URL).status_code
    finally:
        api_client.credentials()


def test_the_database_holds_no_usable_token(api_client):
    user = StudentFactory()
    token = _login(api_client, user)["token"]
    (row,) = AuthToken.objects.filter(user=user)
    stored = [row.digest, row.token_key]
    assert token not in stored
    assert row.token_key == token[: len(row.token_key)] and len(row.token_key) < len(token)
    # Whatever a leak of the table gives away does not sign anyone in.
    for leaked in stored:
        assert _me_status(api_client, leaked) == 401
    assert _me_status(api_client, token) == 200


def test_the_response_has_the_expiry_in_iso_8601(api_client):
    user = StudentFactory()
    with override_settings(REST_KNOX={"AUTH_HEADER_PREFIX": "Token", "TOKEN_TTL": dt.timedelta(days=3)}):
        body = _login(api_client, user)
    assert set(body) == {"token", "expiry"}
    expiry = dt.datetime.fromisoformat(body["expiry"])
    row = AuthToken.objects.get(user=user)
    assert expiry == row.expiry
    lifetime = row.expiry - row.created
    assert dt.timedelta(days=3) - dt.timedelta(minutes=1) < lifetime <= dt.timedelta(days=3)


def test_the_default_lifetime_comes_from_the_settings(api_client, settings):
    user = StudentFactory()
    body = _login(api_client, user)
    row = AuthToken.objects.get(user=user)
    ttl = settings.REST_KNOX["TOKEN_TTL"]
    assert ttl == dt.timedelta(days=30)
    assert ttl - dt.timedelta(minutes=1) < dt.datetime.fromisoformat(body["expiry"]) - row.created <= ttl


def test_an_expired_token_is_401(api_client):
    user = StudentFactory()
    token = _login(api_client, user)["token"]
    AuthToken.objects.filter(user=user).update(expiry=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api_client.get(ME_URL, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "authentication_failed"
    assert error["message"] == "Неверные учётные данные."
    assert not AuthToken.objects.filter(user=user).exists()


def test_each_log_in_is_a_new_token_for_that_device(api_client):
    user = StudentFactory()
    phone, laptop = _login(api_client, user)["token"], _login(api_client, user)["token"]
    assert phone != laptop
    assert AuthToken.objects.filter(user=user).count() == 2
    assert _me_status(api_client, phone) == 200 and _me_status(api_client, laptop) == 200


def test_logout_revokes_only_that_device(api_client):
    user = StudentFactory()
    phone, laptop = _login(api_client, user)["token"], _login(api_client, user)["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {phone}")
    response = api_client.post(LOGOUT_URL)
    assert response.status_code == 204
    assert _me_status(api_client, phone) == 401
    assert _me_status(api_client, laptop) == 200
    assert AuthToken.objects.filter(user=user).count() == 1


def test_logout_all_revokes_every_device_of_that_person_only(api_client):
    user, other = StudentFactory(), StudentFactory()
    phone, laptop = _login(api_client, user)["token"], _login(api_client, user)["token"]
    others = _login(api_client, other)["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {laptop}")
    assert api_client.post(LOGOUT_ALL_URL).status_code == 204
    assert _me_status(api_client, phone) == 401 and _me_status(api_client, laptop) == 401
    assert not AuthToken.objects.filter(user=user).exists()
    assert _me_status(api_client, others) == 200


def test_logout_all_from_the_browser_session(client, api_client):
    user = StudentFactory()
    token = _login(api_client, user)["token"]
    client.force_login(user)
    assert client.post(LOGOUT_ALL_URL).status_code == 204
    assert _me_status(api_client, token) == 401


def test_logout_without_a_token_is_401_in_the_error_shape(api_client, client):
    response = api_client.post(LOGOUT_URL, HTTP_ACCEPT_LANGUAGE="ky")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"
    # A browser session has no token to revoke.
    client.force_login(StudentFactory())
    assert client.post(LOGOUT_URL).status_code == 401
    assert api_client.post(LOGOUT_ALL_URL).status_code == 401


def test_the_oldest_token_goes_past_the_limit_per_person(api_client):
    user = StudentFactory()
    knox = {"AUTH_HEADER_PREFIX": "Token", "TOKEN_LIMIT_PER_USER": 2}
    with override_settings(REST_KNOX=knox):
        first, second, third = (_login(api_client, user)["token"] for _ in range(3))
    assert AuthToken.objects.filter(user=user).count() == 2
    assert [_me_status(api_client, t) for t in (first, second, third)] == [401, 200, 200]


def test_erasure_revokes_every_token(api_client):
    from core.personal_data import personal_data_erase

    user = StudentFactory()
    token = _login(api_client, user)["token"]
    personal_data_erase(user=user)
    assert not AuthToken.objects.filter(user=user).exists()
    assert _me_status(api_client, token) == 401


def test_an_inactive_person_cannot_use_a_token(api_client):
    user = UserFactory()
    token = _login(api_client, user)["token"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert _me_status(api_client, token) == 401


def test_the_schema_documents_log_in_and_log_out(api_client):
    schema = json.loads(api_client.get("/api/v1/schema/?format=json").content)
    paths, components = schema["paths"], schema["components"]["schemas"]
    login = paths[TOKEN_URL]["post"]["responses"]
    token_schema = login["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(components[token_schema]["required"]) == {"token", "expiry"}
    assert components[token_schema]["properties"]["expiry"]["format"] == "date-time"
    error_ref = login["400"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert components[error_ref]["required"] == ["error"]
    assert login["429"]["content"]["application/json"]["schema"]["$ref"].endswith(f"/{error_ref}")
    for url in (LOGOUT_URL, LOGOUT_ALL_URL):
        responses = paths[url]["post"]["responses"]
        assert "204" in responses
        assert responses["401"]["content"]["application/json"]["schema"]["$ref"].endswith(f"/{error_ref}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # SQLite's schema editor needs no atomic
def test_the_migration_drops_the_plain_text_tokens():
    from importlib import import_module

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db.migrations.recorder import MigrationRecorder

    migration = import_module("accounts.migrations.0002_drop_plain_api_tokens")
    user = StudentFactory()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id bigint)")
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s)", ["a" * 40, user.pk])
    ContentType.objects.create(app_label="authtoken", model="token")
    MigrationRecorder.Migration.objects.create(app="authtoken", name="0001_initial")

    with connection.schema_editor() as editor:
        migration.drop_plain_tokens(apps, editor)

    assert "authtoken_token" not in connection.introspection.table_names()
    assert not ContentType.objects.filter(app_label="authtoken").exists()
    assert not MigrationRecorder.Migration.objects.filter(app="authtoken").exists()
