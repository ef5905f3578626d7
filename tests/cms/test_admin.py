"""Editors translate pages and snippets in the Wagtail admin (simple translation)."""

import pytest
from wagtail.models import Locale

from accounts import roles
from cms.models import FooterText, HomePage, StandardPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def ky_home(site):
    return HomePage.objects.get(locale__language_code="ky")


def _new_ky_page(home, slug="new-page"):
    page = StandardPage(title="Жаңы барак", slug=slug, intro="Кыскача", locale=home.locale)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_admin_loads_for_an_editor(client, editor, ky_home):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    response = client.get(f"/admin/pages/{ky_home.pk}/")
    assert response.status_code == 200


def test_submit_page_translation(client, editor, ky_home):
    page = _new_ky_page(ky_home)
    client.force_login(editor)
    url = f"/admin/translation/submit/page/{page.pk}/"
    form = client.get(url)
    assert form.status_code == 200
    ru = Locale.objects.get(language_code="ru")
    response = client.post(url, {"locales": [ru.pk]})
    assert response.status_code == 302
    translated = page.get_translation(ru)
    assert translated.alias_of_id is None
    assert translated.title == page.title  # a copy to translate, as a draft
    assert not translated.live


def test_translate_button_is_offered_in_the_page_listing(client, editor, ky_home):
    page = _new_ky_page(ky_home)
    client.force_login(editor)
    html = client.get(f"/admin/pages/{ky_home.pk}/").content.decode()
    assert f"/admin/translation/submit/page/{page.pk}/" in html


def test_submit_snippet_translation(client, editor, site):
    ky = Locale.objects.get(language_code="ky")
    FooterText.objects.exclude(locale=ky).delete()
    footer = FooterText.objects.get(locale=ky)
    client.force_login(editor)
    en = Locale.objects.get(language_code="en")
    response = client.post(
        f"/admin/translation/submit/snippet/cms/footertext/{footer.pk}/", {"locales": [en.pk]}
    )
    assert response.status_code == 302
    assert FooterText.objects.filter(locale=en, translation_key=footer.translation_key).exists()


def test_site_admin_role_can_translate_pages(client, ky_home):
    admin = UserFactory(roles=[roles.SITE_ADMIN])
    page = _new_ky_page(ky_home)
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    ru = Locale.objects.get(language_code="ru")
    response = client.post(f"/admin/translation/submit/page/{page.pk}/", {"locales": [ru.pk]})
    assert response.status_code == 302
    assert page.has_translation(ru)
    assert client.get(f"/admin/pages/{page.get_translation(ru).pk}/edit/").status_code == 200


def test_student_cannot_enter_the_admin(client, site):
    client.force_login(UserFactory(roles=[roles.STUDENT]))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
