"""Every page type in ky, ru and en: the lang attribute, translated navigation, the language switcher,
the redirect from `/`, and 404s that are pages, not stack traces or redirects."""

import re

import pytest
from django.utils import translation

from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db

LANGS = ["ky", "ru", "en"]
# The wording people read, as text: a missing or broken catalogue fails these tests (gettext would not).
NAVIGATION = {
    "ky": {
        "common": ["Башкы барак", "Издөө"],
        "in": ["Менин профилим", "Чыгуу"],
        "out": ["Кирүү", "Катталуу"],
    },
    "ru": {"common": ["Главная", "Поиск"], "in": ["Мой профиль", "Выйти"], "out": ["Войти", "Регистрация"]},
    "en": {"common": ["Home", "Search"], "in": ["My profile", "Log out"], "out": ["Log in", "Sign up"]},
}
NOT_FOUND = {
    "ky": ("Барак табылган жок", "Сиз издеген барак жок же башка жерге көчүрүлгөн."),
    "ru": ("Страница не найдена", "Страница, которую вы ищете, не существует или перемещена."),
    "en": ("Page not found", "The page you are looking for does not exist or has moved."),
}

# Every page a visitor can reach, by path under the language prefix (`None`: needs a logged-in user).
PUBLIC_PAGES = [
    "",  # home page
    "about/",  # StandardPage
    "contacts/",
    "privacy/",
    "search/",
    "search/?q=Civic",
    "accounts/login/",
    "accounts/signup/",
    "accounts/password/reset/",
    "accounts/password/reset/sent/",
    "accounts/password/reset/complete/",
    "accounts/password/reset/MQ/not-a-token/",  # an invalid reset link still renders a page
]
PRIVATE_PAGES = ["accounts/profile/", "accounts/password/change/", "accounts/password/change/done/"]


def _nav(html: str) -> str:
    match = re.search(r'<nav class="main-nav.*?</nav>', html, re.S)
    assert match, "the main navigation is missing"
    return match.group(0)


def _lang_links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="lang-switch".*?</nav>', html, re.S).group(0)
    return {code: url for url, code in re.findall(r'<a href="([^"]*)" lang="(\w+)"', nav)}


def _assert_page_in(html: str, lang: str, *, logged_in: bool) -> None:
    assert f'<html lang="{lang}">' in html
    nav = _nav(html)
    labels = NAVIGATION[lang]["common"] + NAVIGATION[lang]["in" if logged_in else "out"]
    for label in labels:
        assert f">{label}<" in nav, f"{label!r} missing from the {lang} navigation"
    assert "Traceback" not in html


def test_public_pages_render_in_each_language(client, site):
    for path in PUBLIC_PAGES:
        for lang in LANGS:
            response = client.get(f"/{lang}/{path}")
            assert response.status_code == 200, (lang, path)
            _assert_page_in(response.content.decode(), lang, logged_in=False)


def test_account_pages_render_in_each_language(client, site):
    client.force_login(StudentFactory())
    for path in PRIVATE_PAGES:
        for lang in LANGS:
            response = client.get(f"/{lang}/{path}")
            assert response.status_code == 200, (lang, path)
            _assert_page_in(response.content.decode(), lang, logged_in=True)


def test_private_pages_send_the_anonymous_to_log_in(client, site):
    response = client.get("/ru/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/ru/accounts/login/?next=/ru/accounts/profile/")


def test_page_titles_are_the_translated_content(client, site):
    from cms.demo import HOME, PAGES

    for lang in LANGS:
        _assert_titles(client, lang, HOME, PAGES)


def _assert_titles(client, lang, HOME, PAGES):
    home = client.get(f"/{lang}/").content.decode()
    assert f"<h1>{HOME[lang]['title']}</h1>" in home
    about = client.get(f"/{lang}/about/").content.decode()
    assert f"<h1>{PAGES['about'][lang][0]}</h1>" in about
    # The menu lists this language's pages, not another's.
    assert f">{PAGES['about'][lang][0]}<" in _nav(about)
    for other in set(LANGS) - {lang}:
        assert f">{PAGES['about'][other][0]}<" not in _nav(about)


def test_home_explains_the_platform_to_each_kind_of_user(client, site):
    html = client.get("/ru/").content.decode()
    for kind in ("student", "teacher", "organiser", "alumnus"):
        assert f"audience-{kind}" in html


def test_language_switcher_keeps_the_same_page(client, site):
    for lang in LANGS:
        links = _lang_links(client.get(f"/{lang}/about/").content.decode())
        assert links == {"ky": "/ky/about/", "ru": "/ru/about/", "en": "/en/about/"}
    for target in LANGS:
        assert client.get(links[target]).status_code == 200


def test_language_switcher_on_a_django_view_keeps_path_and_query(client, site):
    html = client.get("/ru/search/", {"q": "права"}).content.decode()
    links = _lang_links(html)
    assert links["ky"] == "/ky/search/?q=%D0%BF%D1%80%D0%B0%D0%B2%D0%B0"
    assert links["en"] == "/en/search/?q=%D0%BF%D1%80%D0%B0%D0%B2%D0%B0"
    links = _lang_links(client.get("/en/accounts/login/").content.decode())
    assert links["ky"] == "/ky/accounts/login/"


def test_language_switcher_marks_the_current_language(client, site):
    html = client.get("/en/about/").content.decode()
    assert 'hreflang="en" aria-current="true"' in html
    assert 'hreflang="ru" aria-current' not in html


def test_language_switcher_offers_a_notice_without_a_translation(client, site):
    from wagtail.models import Locale

    from cms.models import HomePage, StandardPage

    home = HomePage.objects.get(locale__language_code="ky")
    page = StandardPage(title="Жаңы барак", slug="only-ky", locale=Locale.objects.get(language_code="ky"))
    home.add_child(instance=page)
    page.save_revision().publish()
    # Without a live translation the switcher offers that language's "not yet translated" notice.
    links = _lang_links(client.get("/ky/only-ky/").content.decode())
    assert links == {
        "ky": "/ky/only-ky/",
        "ru": f"/ru/untranslated/{page.pk}/",
        "en": f"/en/untranslated/{page.pk}/",
    }


ROOT_REDIRECTS = [
    ("ru-RU,ru;q=0.9,en;q=0.8", "/ru/"),
    ("en-GB,en;q=0.9", "/en/"),
    ("ky", "/ky/"),
    ("de-DE,fr;q=0.8", "/ky/"),  # nothing we speak: Kyrgyz
    (None, "/ky/"),
]


def test_root_redirects_by_browser_language(client, site):
    for header, expected in ROOT_REDIRECTS:
        extra = {"HTTP_ACCEPT_LANGUAGE": header} if header else {}
        response = client.get("/", **extra)
        assert response.status_code == 302, header
        assert response["Location"] == expected, header


def test_path_without_prefix_redirects_into_a_language(client, site):
    response = client.get("/about/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 302
    assert response["Location"] == "/ru/about/"


def test_unknown_language_prefix_is_a_404_page(client, site):
    for path in ["/xx/about/", "/de/", "/zz/accounts/login/", "/fr-ca/", "/ky-kg/about/"]:
        response = client.get(path)
        assert response.status_code == 404, path
        html = response.content.decode()
        assert '<html lang="ky">' in html
        assert "Барак табылган жок" in html
        assert "Traceback" not in html
    # The visitor's own language is kept on the 404 page.
    assert '<html lang="ru">' in client.get("/xx/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()


def test_missing_page_is_a_translated_404(client, site):
    for lang in LANGS:
        response = client.get(f"/{lang}/no-such-page/deeper/")
        assert response.status_code == 404
        html = response.content.decode()
        _assert_page_in(html, lang, logged_in=False)
        assert NOT_FOUND[lang][0] in html
        assert NOT_FOUND[lang][1] in html


def test_404_for_a_logged_in_user_has_their_navigation(client, site):
    client.force_login(StudentFactory())
    response = client.get("/ru/missing/")
    assert response.status_code == 404
    _assert_page_in(response.content.decode(), "ru", logged_in=True)


def test_search_finds_pages_in_the_current_language_only(client, site):
    # "конфиденциальности" appears only on the Russian privacy page. The results are in <main> (the footer links
    # the privacy policy on every page).
    def results(response):
        return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]

    ru = client.get("/ru/search/", {"q": "конфиденциальности"})
    assert ru.status_code == 200
    assert 'href="/ru/privacy/"' in results(ru)
    ky = results(client.get("/ky/search/", {"q": "конфиденциальности"}))
    assert 'href="/ru/privacy/"' not in ky
    assert 'href="/ky/privacy/"' not in ky
    assert "«конфиденциальности» боюнча эч нерсе табылган жок." in ky


def test_search_in_kyrgyz_finds_kyrgyz_pages(client, site):
    html = client.get("/ky/search/", {"q": "Купуялык"}).content.decode()
    assert 'href="/ky/privacy/"' in html


def test_search_survives_odd_input(client, site):
    for params in (
        {"q": "x" * 5000},
        {"q": "Civic", "page": "abc"},
        {"q": "Civic", "page": "999"},
        {"q": "'\"<>%"},
    ):
        response = client.get("/en/search/", params)
        assert response.status_code == 200


def test_search_refuses_post(client, site):
    assert client.post("/en/search/").status_code == 405


def test_robots_txt(client, site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Disallow: /admin/" in response.content.decode()


def test_pages_do_not_load_anything_from_other_hosts(client, site):
    html = client.get("/ky/").content.decode()
    # hreflang alternates name pages for search engines (absolute, as they require); nothing is loaded from them.
    html = re.sub(r'<link rel="alternate" hreflang="[\w-]+" href="[^"]+">', "", html)
    assert not re.search(r'(src|href)="https?://', html.split("<footer")[0])
    assert "Content-Security-Policy" in client.get("/ky/")


def test_home_page_query_budget_does_not_grow_with_pages(client, site, django_assert_max_num_queries):
    client.get("/ky/")  # warm the menu cache
    with django_assert_max_num_queries(25):
        client.get("/ky/")


def test_login_link_points_back_to_the_page(client, site):
    html = client.get("/en/about/").content.decode()
    assert 'href="/en/accounts/login/?next=/en/about/"' in html


def test_server_error_page_is_minimal_and_translated(rf):
    from cms.views import server_error

    with translation.override("ru"):
        response = server_error(rf.get("/ru/about/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="ru">' in html
    assert "Что-то пошло не так" in html


def test_csrf_failure_is_a_translated_page(site):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/ru/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert "Вернитесь назад, обновите страницу и попробуйте снова." in html
    assert "CSRF" not in html


def test_bad_request_handler_renders_a_page(rf, site):
    from cms.views import bad_request

    request = rf.get("/en/about/")
    with translation.override("en"):
        response = bad_request(request)
    assert response.status_code == 400
    assert '<html lang="en">' in response.content.decode()


def test_footer_edit_shows_at_once(client, site):
    from cms.models import FooterText

    client.get("/en/")  # cache the footer
    footer = FooterText.objects.get(locale__language_code="en")
    footer.body = "<p>A new footer line.</p>"
    footer.save()
    assert "A new footer line." in client.get("/en/").content.decode()
