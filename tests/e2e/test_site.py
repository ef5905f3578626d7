"""The foundation as a person meets it on a phone: languages, sign-up, log-in, API token."""

import re

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo_site(transactional_db):
    from io import StringIO

    from cms import demo

    demo.seed(stdout=StringIO())


def test_language_switcher_keeps_the_page(live_server, page, demo_site):
    page.goto(f"{live_server.url}/ky/about/")
    assert page.locator("html").get_attribute("lang") == "ky"
    assert page.locator("h1").inner_text() == "Биз жөнүндө"
    page.get_by_role("link", name="Русский").click()
    page.wait_for_url(re.compile(r"/ru/"))
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text() == "О нас"
    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en/"))
    assert page.locator("h1").inner_text() == "About us"


def test_sign_up_log_out_and_log_in(live_server, page, demo_site):
    from accounts.models import User

    page.goto(f"{live_server.url}/ru/accounts/signup/")
    page.get_by_label("Имя пользователя").fill("aizada")
    page.locator("#id_password1").fill("Kyrgyzstan-2026!")
    page.get_by_label("Подтверждение пароля").fill("Kyrgyzstan-2026!")
    page.get_by_role("button", name="Регистрация").click()
    page.wait_for_url(re.compile(r"/accounts/profile/"))
    assert "Добро пожаловать в Civic" in page.content()
    user = User.objects.get(username="aizada")
    assert user.role_slugs == ["student"]

    page.get_by_text("Меню").click()  # the menu folds away on a phone
    page.get_by_role("button", name="Выйти").click()
    page.goto(f"{live_server.url}/ru/accounts/login/")
    page.get_by_label("Имя пользователя").fill("aizada")
    page.get_by_label("Пароль").fill("wrong-password")
    page.get_by_role("button", name="Войти").click()
    assert page.locator(".form-errors").is_visible()
    page.get_by_label("Пароль").fill("Kyrgyzstan-2026!")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(re.compile(r"/accounts/profile/"))
    assert page.locator("h1").inner_text() == "Мой профиль"
