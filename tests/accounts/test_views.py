"""Account pages: sign-up, log-in, log-out, password change and reset, log-in rate limit, profile."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import translation

from accounts import roles
from tests.factories import PASSWORD, StudentFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "a-much-better-secret-42"


def _signup_data(**overrides):
    data = {
        "username": "aida",
        "first_name": "Аида",
        "last_name": "Бекова",
        "email": "aida@example.org",
        "preferred_language": "ru",
        "password1": "plenty-long-secret-7",
        "password2": "plenty-long-secret-7",
    }
    data.update(overrides)
    return data


# Sign-up


def test_signup_creates_a_student_and_logs_in(client):
    response = client.post("/ru/accounts/signup/", _signup_data())
    assert response.status_code == 302
    assert response["Location"] == "/ru/accounts/profile/"
    user = User.objects.get(username="aida")
    assert user.role_slugs == [roles.STUDENT]
    assert user.preferred_language == "ru"
    assert user.email == "aida@example.org"
    assert user.check_password("plenty-long-secret-7")
    assert not user.is_staff
    profile = client.get("/ru/accounts/profile/")
    assert profile.status_code == 200
    assert "aida" in profile.content.decode()


def test_signup_cannot_choose_a_role(client):
    client.post("/en/accounts/signup/", _signup_data(role="teacher", is_staff="on", groups="1"))
    user = User.objects.get(username="aida")
    assert user.role_slugs == [roles.STUDENT]
    assert not user.is_staff


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"password2": "something-else-1"}, "password2"),
        ({"username": ""}, "username"),
        ({"username": "bad name!"}, "username"),
        ({"password1": "123", "password2": "123"}, "password2"),
        ({"email": "not-an-email"}, "email"),
        ({"preferred_language": "de"}, "preferred_language"),
    ],
)
def test_signup_bad_input_shows_errors_and_creates_nothing(client, overrides, field):
    response = client.post("/en/accounts/signup/", _signup_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'class="error" role="alert"' in response.content.decode()
    assert not User.objects.filter(username=overrides.get("username", "aida")).exists()
    assert User.objects.count() == 0


def test_signup_with_a_taken_username_is_refused(client):
    UserFactory(username="aida")
    response = client.post("/ky/accounts/signup/", _signup_data())
    assert response.status_code == 400
    assert "username" in response.context["form"].errors
    assert User.objects.count() == 1


def test_signup_errors_are_translated(client):
    response = client.post("/ru/accounts/signup/", _signup_data(username=""))
    assert "Это поле обязательно." in response.content.decode()


def test_signup_offers_the_current_language(client):
    response = client.get("/en/accounts/signup/")
    assert response.context["form"]["preferred_language"].value() == "en"


def test_signup_form_is_accessible(client):
    html = client.get("/ky/accounts/signup/").content.decode()
    for name in ("username", "password1", "password2", "email"):
        assert f'<label for="id_{name}">' in html


def test_logged_in_user_is_sent_from_signup_to_profile(client):
    client.force_login(StudentFactory())
    assert client.get("/ky/accounts/signup/")["Location"] == "/ky/accounts/profile/"


# Log-in and log-out


def test_login_with_the_right_password(client):
    user = StudentFactory()
    response = client.post("/en/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/profile/"
    assert client.get("/en/accounts/profile/").status_code == 200


def test_login_follows_next_but_not_to_other_hosts(client):
    user = StudentFactory()
    response = client.post(
        "/en/accounts/login/", {"username": user.username, "password": PASSWORD, "next": "/en/about/"}
    )
    assert response["Location"] == "/en/about/"
    client.logout()
    response = client.post(
        "/en/accounts/login/",
        {"username": user.username, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert "evil.example" not in response["Location"]


def test_login_with_a_wrong_password_shows_a_translated_error(client):
    user = StudentFactory()
    response = client.post("/ru/accounts/login/", {"username": user.username, "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session
    assert 'role="alert"' in response.content.decode()


def test_logout_needs_post_and_csrf(site):
    user = StudentFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get("/ky/accounts/logout/").status_code == 405
    assert client.post("/ky/accounts/logout/").status_code == 403  # no CSRF token
    assert "_auth_user_id" in client.session
    page = client.get("/ky/about/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post("/ky/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_logout_returns_to_the_home_page_of_the_language(client, site):
    client.force_login(StudentFactory())
    response = client.post("/ru/accounts/logout/", follow=True)
    assert response.redirect_chain[-1][0] == "/ru/"
    assert response.status_code == 200


# Log-in rate limit (django-axes)


def _fail(client, username, n):
    return [client.post("/en/accounts/login/", {"username": username, "password": "wrong"}) for _ in range(n)]


def test_sixth_attempt_after_five_failures_is_locked_out(client, settings):
    user = StudentFactory()
    responses = _fail(client, user.username, 5)
    assert [r.status_code for r in responses[:4]] == [200] * 4
    # Even the right password is refused now.
    response = client.post("/en/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Too many failed log-in attempts. Please try again in 15 minutes." in response.content.decode()


def test_lockout_page_is_translated(client):
    user = StudentFactory()
    _fail(client, user.username, 5)
    response = client.post("/ru/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert "Слишком много попыток" in html


def test_lockout_is_per_username(client):
    locked, other = StudentFactory(), StudentFactory()
    _fail(client, locked.username, 5)
    response = client.post("/en/accounts/login/", {"username": other.username, "password": PASSWORD})
    assert response.status_code == 302


def test_success_before_the_limit_resets_the_count(client):
    user = StudentFactory()
    _fail(client, user.username, 4)
    assert (
        client.post("/en/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code
        == 302
    )
    client.logout()
    _fail(client, user.username, 4)
    assert (
        client.post("/en/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code
        == 302
    )


# Password change


def test_password_change(client):
    user = StudentFactory()
    client.force_login(user)
    response = client.post(
        "/ky/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/ky/accounts/password/change/done/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # Still logged in after the change.
    assert client.get("/ky/accounts/profile/").status_code == 200


def test_password_change_with_a_wrong_old_password(client):
    user = StudentFactory()
    client.force_login(user)
    response = client.post(
        "/ky/accounts/password/change/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# Password reset


def _reset_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


RESET_MAIL = {
    "ky": (
        "Civic: жаңы сырсөз тандаңыз",
        "Кимдир бирөө Civic аккаунтуңуздун сырсөзүн калыбына келтирүүнү суранды. Эгер бул сиз болсоңуз, төмөнкү "
        "шилтемени ачып, жаңы сырсөз тандаңыз:",
        "Эгер сиз сураган эмес болсоңуз, бул катты этибарга албаңыз: сырсөзүңүз өзгөрбөйт.",
    ),
    "ru": (
        "Civic: выберите новый пароль",
        "Кто-то запросил сброс пароля вашей учётной записи Civic. Если это были вы, откройте ссылку и выберите "
        "новый пароль:",
        "Если вы этого не запрашивали, просто проигнорируйте письмо: ваш пароль не изменится.",
    ),
    "en": (
        "Civic: choose a new password",
        "Someone asked to reset the password of your Civic account. If it was you, open this link and choose a new "
        "password:",
        "If you did not ask for this, ignore this email: your password stays as it is.",
    ),
}
RESET_HELLO = {"ky": "Саламатсызбы, {}!", "ru": "Здравствуйте, {}!", "en": "Hello, {}!"}


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_password_reset_end_to_end_in_the_users_language(client, lang, settings):
    settings.PUBLIC_BASE_URL = "https://civic.example.kg"
    user = StudentFactory(email="reset@example.org", preferred_language=lang)
    # The form is filled in on the English site; the mail is in the person's own language.
    response = client.post("/en/accounts/password/reset/", {"email": "reset@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reset@example.org"]
    subject, asked, ignore = RESET_MAIL[lang]
    assert message.subject == subject
    lines = message.body.splitlines()
    assert lines[:3] == [RESET_HELLO[lang].format(user.username), "", asked]
    assert ignore in lines
    # The link leads to the public site, whatever host the request named.
    assert f"https://civic.example.kg/{lang}/accounts/password/reset/" in message.body
    assert "testserver" not in message.body
    link = _reset_link(message)
    assert link.startswith(f"/{lang}/accounts/password/reset/")

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    assert form_page.context["validlink"]
    response = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/accounts/password/reset/complete/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The link works once only.
    again = client.get(link, follow=True)
    assert not again.context["validlink"]


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post("/ky/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/ky/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_password_reset_with_a_broken_link(client):
    response = client.get("/ru/accounts/password/reset/MQ/bad-token/")
    assert response.status_code == 200
    assert not response.context["validlink"]


# Profile


def test_profile_shows_the_persons_data_and_roles(client):
    user = StudentFactory(username="nurlan", first_name="Нурлан")
    client.force_login(user)
    html = client.get("/en/accounts/profile/").content.decode()
    assert "nurlan" in html
    assert 'value="Нурлан"' in html
    with translation.override("en"):
        assert str(roles.role_label(roles.STUDENT)) in html


def test_profile_edit_saves_and_switches_the_language(client):
    user = StudentFactory(preferred_language="ky")
    client.force_login(user)
    response = client.post(
        "/ky/accounts/profile/",
        {"first_name": "Жаңы", "last_name": "Ат", "email": "new@example.org", "preferred_language": "en"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/profile/"
    user.refresh_from_db()
    assert (user.first_name, user.email, user.preferred_language) == ("Жаңы", "new@example.org", "en")
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert cookie["samesite"] == "Lax"


def test_profile_bad_input_is_a_400_and_changes_nothing(client):
    user = StudentFactory(email="keep@example.org")
    client.force_login(user)
    response = client.post(
        "/ky/accounts/profile/",
        {"first_name": "X", "last_name": "", "email": "broken", "preferred_language": "ky"},
    )
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    user.refresh_from_db()
    assert user.email == "keep@example.org"
    assert user.first_name != "X"


def test_profile_cannot_change_username_or_roles(client):
    user = StudentFactory(username="keepme")
    client.force_login(user)
    client.post(
        "/ky/accounts/profile/",
        {"username": "hacked", "is_superuser": "on", "preferred_language": "ky", "email": ""},
    )
    user.refresh_from_db()
    assert user.username == "keepme"
    assert not user.is_superuser


def test_password_reset_answers_alike_when_the_mail_queue_is_down(client, monkeypatch, settings):
    from accounts import forms

    settings.CIVIC_MAIL_ERRORS_RAISE = False  # as in production: logged for operators, the page unchanged

    StudentFactory(email="queue-down@example.org")

    class Unreachable:
        module_path = forms.email_send.module_path  # the task it stands in for

        def enqueue(self, **kwargs):
            raise ConnectionError("Redis is down")

    monkeypatch.setattr(forms, "email_send", Unreachable())
    response = client.post("/en/accounts/password/reset/", {"email": "queue-down@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/reset/sent/"
    assert len(mail.outbox) == 0
