"""Log-in limits that cannot be sidestepped or turned on others: the API throttle counts the address we trust
(not a claimed X-Forwarded-For), one address spraying many usernames is refused, and a person attacked from
one address still logs in from another."""

import pytest
from django.test import override_settings
from knox.models import AuthToken

from tests.factories import PASSWORD, StudentFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
LOGIN_URL = "/{lang}/accounts/login/"
ATTACKER = "198.51.100.66"
ELSEWHERE = "203.0.113.20"
ADDRESS_LOCKED_MESSAGE = "Too many failed log-ins from your network. Please try again in 15 minutes."
RU_ADDRESS_LOCKED = "Слишком много неудачных попыток входа из вашей сети. Попробуйте снова через 15 минут."


def _token(api_client, username, password, **extra):
    return api_client.post(TOKEN_URL, {"username": username, "password": password}, format="json", **extra)


def _code(response):
    return response.json()["error"]["code"] if response.status_code != 200 else "ok"


@override_settings(TRUSTED_PROXY_COUNT=0, LOGIN_ADDRESS_FAILURE_LIMIT=1000)
def test_a_forged_forwarded_for_does_not_escape_the_throttle(api_client, settings):
    limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["login"].split("/")[0])
    codes = [
        _code(_token(api_client, f"nobody{i}", "wrong", HTTP_X_FORWARDED_FOR=f"10.{i}.0.1"))
        for i in range(40)
    ]
    assert codes == ["invalid_credentials"] * limit + ["throttled"] * (40 - limit)


@override_settings(TRUSTED_PROXY_COUNT=1, LOGIN_ADDRESS_FAILURE_LIMIT=1000)
def test_behind_one_proxy_the_throttle_counts_the_address_it_saw(api_client, settings):
    limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["login"].split("/")[0])
    # The client claims a new address every time; our proxy appends the one it saw, always the same.
    codes = [
        _code(_token(api_client, f"nobody{i}", "wrong", HTTP_X_FORWARDED_FOR=f"10.{i}.0.1, {ATTACKER}"))
        for i in range(limit + 1)
    ]
    assert codes == ["invalid_credentials"] * limit + ["throttled"]
    # Someone else behind the same proxy (same socket address) is not held back.
    other = _token(api_client, "nobody", "wrong", HTTP_X_FORWARDED_FOR=f"{ATTACKER}, {ELSEWHERE}")
    assert _code(other) == "invalid_credentials"


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=10)
def test_spraying_usernames_from_one_address_is_refused_by_the_api(api_client):
    victim = StudentFactory()
    for i in range(10):
        assert (
            _code(_token(api_client, f"guess{i}", "Password1", REMOTE_ADDR=ATTACKER)) == "invalid_credentials"
        )
    # Now even a right password from that address is refused, for any username.
    response = _token(api_client, victim.username, PASSWORD, REMOTE_ADDR=ATTACKER, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 429
    error = response.json()["error"]
    assert error["code"] == "address_locked"
    assert error["message"] == RU_ADDRESS_LOCKED
    assert 0 < int(response["Retry-After"]) <= 15 * 60 + 1
    assert not AuthToken.objects.filter(user=victim).exists()


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=10)
def test_spraying_usernames_from_one_address_is_refused_by_the_log_in_page(client):
    victim = StudentFactory()
    for i in range(10):
        response = client.post(
            LOGIN_URL.format(lang="ky"), {"username": f"guess{i}", "password": "x"}, REMOTE_ADDR=ATTACKER
        )
        assert response.status_code == 200
    response = client.post(
        LOGIN_URL.format(lang="ru"), {"username": victim.username, "password": PASSWORD}, REMOTE_ADDR=ATTACKER
    )
    assert response.status_code == 429
    assert "Retry-After" in response
    assert RU_ADDRESS_LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=10)
def test_page_and_api_failures_from_one_address_count_together(client, api_client):
    victim = StudentFactory()
    for i in range(5):
        client.post(
            LOGIN_URL.format(lang="en"), {"username": f"guess{i}", "password": "x"}, REMOTE_ADDR=ATTACKER
        )
        _token(api_client, f"other{i}", "x", REMOTE_ADDR=ATTACKER)
    assert _code(_token(api_client, victim.username, PASSWORD, REMOTE_ADDR=ATTACKER)) == "address_locked"


@override_settings(TRUSTED_PROXY_COUNT=1, LOGIN_ADDRESS_FAILURE_LIMIT=10)
def test_a_person_attacked_from_one_address_still_logs_in_from_another(client, api_client):
    victim = StudentFactory()
    # Through our proxy (one socket address for everybody), the attacker locks the victim's name at their
    # own address and uses up that address's failures.
    for i in range(10):
        username = victim.username if i < 5 else f"guess{i}"
        _token(api_client, username, "wrong", HTTP_X_FORWARDED_FOR=ATTACKER)
    assert _code(_token(api_client, victim.username, PASSWORD, HTTP_X_FORWARDED_FOR=ATTACKER)) == "locked_out"

    assert _code(_token(api_client, victim.username, PASSWORD, HTTP_X_FORWARDED_FOR=ELSEWHERE)) == "ok"
    response = client.post(
        LOGIN_URL.format(lang="en"),
        {"username": victim.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=ELSEWHERE,
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(victim.pk)


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=10)
def test_a_success_does_not_reset_the_address_count(api_client):
    attacker_own, victim = StudentFactory(), StudentFactory()
    for i in range(9):
        _token(api_client, f"guess{i}", "x", REMOTE_ADDR=ATTACKER)
    # The attacker's own account signs in fine, and that does not wipe the slate.
    assert _code(_token(api_client, attacker_own.username, PASSWORD, REMOTE_ADDR=ATTACKER)) == "ok"
    _token(api_client, "guess9", "x", REMOTE_ADDR=ATTACKER)
    assert _code(_token(api_client, victim.username, PASSWORD, REMOTE_ADDR=ATTACKER)) == "address_locked"


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=10)
def test_an_ipv6_sprayer_cannot_rotate_addresses_within_its_network(api_client):
    victim = StudentFactory()
    for i in range(10):
        _token(api_client, f"guess{i}", "x", REMOTE_ADDR=f"2001:db8:1:2::{i + 1:x}")
    response = _token(api_client, victim.username, PASSWORD, REMOTE_ADDR="2001:db8:1:2:ffff::1")
    assert _code(response) == "address_locked"
    assert _code(_token(api_client, victim.username, PASSWORD, REMOTE_ADDR="2001:db8:1:3::1")) == "ok"


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=10, LOGIN_ADDRESS_WINDOW=900)
def test_the_address_is_refused_until_its_window_closes(api_client):
    import datetime as dt

    import time_machine

    victim = StudentFactory()
    start = dt.datetime(2028, 2, 29, 17, 59, 55, tzinfo=dt.UTC)  # straddles a quarter hour on purpose
    with time_machine.travel(start, tick=False) as clock:
        for i in range(10):
            _token(api_client, f"guess{i}", "x", REMOTE_ADDR=ATTACKER)
            clock.shift(1)
        refused = _token(api_client, victim.username, PASSWORD, REMOTE_ADDR=ATTACKER)
        assert _code(refused) == "address_locked" and int(refused["Retry-After"]) == 900 - 10 + 1
        clock.move_to(start + dt.timedelta(seconds=899))
        assert _code(_token(api_client, victim.username, PASSWORD, REMOTE_ADDR=ATTACKER)) == "address_locked"
        clock.move_to(start + dt.timedelta(seconds=901))
        assert _code(_token(api_client, victim.username, PASSWORD, REMOTE_ADDR=ATTACKER)) == "ok"
