"""A page exists in a language only once an editor translates it there: publishing in Kyrgyz makes no live
copies under /ru/ or /en/, readers of those languages get a "not yet translated" notice that links to the
Kyrgyz page, the admin's Translate offers every other language, and hreflang names only real versions."""

import re

import pytest
from wagtail.models import Locale, Page

from cms.models import HomePage, StandardPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def ky_home(site):
    return HomePage.objects.get(locale__language_code="ky")


def _publish_in_admin(client, parent, **fields) -> StandardPage:
    data = {"body-count": "0", "action-publish": "1", **fields}
    response = client.post(f"/admin/pages/add/cms/standardpage/{parent.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return StandardPage.objects.get(slug=fields["slug"], locale=parent.locale)


def _alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


def _lang_links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="lang-switch".*?</nav>', html, re.S).group(0)
    return {code: url for url, code in re.findall(r'<a href="([^"]*)" lang="(\w+)"', nav)}


def test_publishing_a_kyrgyz_page_makes_no_copies_in_the_other_languages(client, editor, ky_home):
    client.force_login(editor)
    page = _publish_in_admin(client, ky_home, title="Шайлоо", slug="elections", intro="Шайлоо жөнүндө")
    assert page.live
    assert not Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk).exists()
    for code in ("ru", "en"):
        assert client.get(f"/{code}/elections/").status_code == 404
        assert "/elections/" not in re.search(
            r'<nav class="main-nav.*?</nav>', client.get(f"/{code}/").content.decode(), re.S
        ).group(0)


def test_a_russian_reader_gets_a_notice_linking_to_the_kyrgyz_page(client, editor, ky_home):
    client.force_login(editor)
    page = _publish_in_admin(client, ky_home, title="Шайлоо", slug="elections", intro="Шайлоо жөнүндө")
    client.logout()
    links = _lang_links(client.get("/ky/elections/").content.decode())
    assert links["ru"] == f"/ru/untranslated/{page.pk}/"
    response = client.get(links["ru"])
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert "Эта страница пока не переведена на этот язык." in html
    assert '<a href="/ky/elections/" lang="ky" hreflang="ky">Шайлоо (Кыргызча)</a>' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "Шайлоо жөнүндө" not in html  # the Kyrgyz text is not passed off as Russian
    assert not _alternates(html)


def test_translate_in_the_admin_offers_russian_and_english_and_creates_the_translation(
    client, editor, ky_home
):
    client.force_login(editor)
    page = _publish_in_admin(client, ky_home, title="Шайлоо", slug="elections", intro="Шайлоо жөнүндө")
    ru, en = Locale.objects.get(language_code="ru"), Locale.objects.get(language_code="en")

    # The page's header in the admin offers Translate, and the form offers both languages, neither disabled.
    edit = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    url = f"/admin/translation/submit/page/{page.pk}/"
    assert url in edit
    form = client.get(url).content.decode()
    for locale in (ru, en):
        option = re.search(rf'<input[^>]*name="locales"[^>]*value="{locale.pk}"[^>]*>', form)
        assert option, f"{locale.language_code} is not offered"
        assert "disabled" not in option.group(0)

    response = client.post(url, {"locales": [ru.pk]})
    assert response.status_code == 302
    ru_page = page.get_translation(ru).specific
    assert response["Location"] == f"/admin/pages/{ru_page.pk}/edit/"
    assert ru_page.alias_of_id is None
    assert not ru_page.live  # a draft to translate: Russian readers still get the notice
    assert client.get(f"/ru/untranslated/{page.pk}/").status_code == 200

    response = client.post(
        f"/admin/pages/{ru_page.pk}/edit/",
        {
            "title": "Выборы",
            "slug": "elections",
            "intro": "О выборах",
            "body-count": "0",
            "action-publish": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    html = client.get("/ru/elections/").content.decode()
    assert "<h1>Выборы</h1>" in html
    assert client.get(f"/ru/untranslated/{page.pk}/")["Location"] == "/ru/elections/"
    links = _lang_links(html)
    assert links == {"ky": "/ky/elections/", "ru": "/ru/elections/", "en": f"/en/untranslated/{ru_page.pk}/"}
    # Search engines: the two real versions and the default, never the English that does not exist.
    assert _alternates(html) == {
        "ky": "http://localhost/ky/elections/",
        "ru": "http://localhost/ru/elections/",
        "x-default": "http://localhost/ky/elections/",
    }
    # The form now offers English alone.
    form = client.get(url)
    assert form.status_code == 302  # logged out: to the admin log-in
    client.force_login(editor)
    form = client.get(url).content.decode()
    assert re.search(rf'name="locales"[^>]*value="{en.pk}"', form)
    assert not re.search(rf'name="locales"[^>]*value="{ru.pk}"', form)


def test_a_page_in_one_language_has_no_hreflang_alternates(client, editor, ky_home):
    client.force_login(editor)
    _publish_in_admin(client, ky_home, title="Шайлоо", slug="elections", intro="Шайлоо жөнүндө")
    assert _alternates(client.get("/ky/elections/").content.decode()) == {}


def test_pages_in_every_language_list_all_three_alternates(client, site):
    html = client.get("/en/about/").content.decode()
    assert _alternates(html) == {
        "ky": "http://localhost/ky/about/",
        "ru": "http://localhost/ru/about/",
        "en": "http://localhost/en/about/",
        "x-default": "http://localhost/ky/about/",
    }


def test_an_alias_left_by_the_old_tree_sync_is_served_as_not_yet_translated(client, ky_home):
    page = StandardPage(title="Шайлоо", slug="elections", intro="Шайлоо жөнүндө", locale=ky_home.locale)
    ky_home.add_child(instance=page)
    page.save_revision().publish()
    # What the page-tree sync used to make: a live alias in each other language's tree.
    for code in ("ru", "en"):
        page.copy_for_translation(Locale.objects.get(language_code=code), copy_parents=True, alias=True)
    alias = Page.objects.get(translation_key=page.translation_key, locale__language_code="en")
    assert alias.live and alias.alias_of_id == page.pk

    response = client.get("/en/elections/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "This page is not yet available in this language." in html
    assert '<a href="/ky/elections/" lang="ky" hreflang="ky">Шайлоо (Кыргызча)</a>' in html
    assert "Шайлоо жөнүндө" not in html
    assert "/elections/" not in re.search(
        r'<nav class="main-nav.*?</nav>', client.get("/en/").content.decode(), re.S
    ).group(0)
    ky_html = client.get("/ky/elections/").content.decode()
    assert _alternates(ky_html) == {}
    assert _lang_links(ky_html)["en"] == f"/en/untranslated/{page.pk}/"


def test_the_notice_of_a_page_that_does_not_exist_is_a_404(client, site):
    assert client.get("/ru/untranslated/987654/").status_code == 404
    assert client.get(f"/ru/untranslated/{2**63}/").status_code == 404
