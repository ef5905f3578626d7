"""What pages keep per cms generation (cms.cache): the site, its settings, a page's versions in each language,
the menu, the footer and the privacy page's URL are read once, and every change an editor makes shows on the
next request."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Site

from cms import cache as cms_cache
from cms.cache import site_for
from cms.models import HomePage, SiteSettings, StandardPage
from core import generations
from core.generations import Generation

pytestmark = pytest.mark.django_db


def _tables_read(client, url) -> tuple[set[str], str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    tables = set()
    for query in ctx.captured_queries:
        tables |= set(re.findall(r'FROM "(\w+)"', query["sql"]))
    return tables, response.content.decode()


def _lang_links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="lang-switch".*?</nav>', html, re.S).group(0)
    return {code: url for url, code in re.findall(r'<a href="([^"]*)" lang="(\w+)"', nav)}


def test_a_page_reads_the_site_its_settings_and_page_versions_once(client, site):
    client.get("/ky/about/")
    tables, _html = _tables_read(client, "/ky/contacts/")
    client.get("/ky/contacts/")
    tables, _html = _tables_read(client, "/ky/contacts/")
    assert not {"wagtailcore_site", "cms_sitesettings", "cms_footertext"} & tables, tables


def test_the_site_settings_an_editor_saves_show_at_once(client, site):
    client.get("/en/")
    settings_ = SiteSettings.for_site(site)
    settings_.organisation_name = "Central Election Commission youth programme"
    settings_.save()
    assert "Central Election Commission youth programme" in client.get("/en/about/").content.decode()


def test_a_translation_published_shows_in_the_language_switcher_at_once(client, site):
    home = HomePage.objects.get(locale__language_code="ky")
    page = StandardPage(title="Жаңы барак", slug="fresh", locale=Locale.objects.get(language_code="ky"))
    home.add_child(instance=page)
    page.save_revision().publish()
    assert _lang_links(client.get("/ky/fresh/").content.decode())["ru"] == f"/ru/untranslated/{page.pk}/"
    russian = page.copy_for_translation(Locale.objects.get(language_code="ru"))
    russian.save_revision().publish()
    assert _lang_links(client.get("/ky/fresh/").content.decode())["ru"] == russian.get_url()


def test_a_page_put_in_the_menu_shows_at_once(client, site):
    client.get("/ru/")
    home = HomePage.objects.get(locale__language_code="ru")
    page = StandardPage(
        title="Новости лагеря", slug="camp-news", locale=home.locale, show_in_menus=True, live=True
    )
    home.add_child(instance=page)  # saved live in code, without a publication
    nav = re.search(r'<nav class="main-nav.*?</nav>', client.get("/ru/").content.decode(), re.S).group(0)
    assert "Новости лагеря" in nav and page.url in nav


def test_a_site_moved_to_another_hostname_is_found_there_at_once(client, site):
    assert client.get("/en/about/", HTTP_HOST="elsewhere.example.org").status_code == 200  # the default site
    site.hostname = "civic.example.kg"
    site.is_default_site = False
    site.save()
    assert client.get("/en/about/", HTTP_HOST="civic.example.kg").status_code == 200
    assert client.get("/en/about/", HTTP_HOST="elsewhere.example.org").status_code == 404


def test_the_api_and_health_checks_do_not_look_the_site_up(client, site):
    tables, _html = _tables_read(client, "/healthz")
    assert not tables


def test_a_generation_is_read_once_per_request_and_a_bump_is_seen_by_the_request_that_made_it():
    generation = Generation("tests:generation")
    loads = []

    def load():
        loads.append(1)
        return len(loads)

    generations.request_begins()
    try:
        first = generation.current()
        assert generation.current() == first
        assert generation.kept("x", load) == 1
        assert generation.kept("x", load) == 1  # kept: not loaded again
        generation.bump()
        assert generation.current() == first + 1
        assert generation.kept("x", load) == 2
    finally:
        generations.request_ends()


def test_a_request_reads_every_generation_in_one_trip_to_the_cache(monkeypatch):
    first, second = Generation("tests:first"), Generation("tests:second")
    first.bump()
    second.bump()
    first.bump()  # the two now differ: each must get its own value back
    for generation in list(generations._ALL.values()):  # every generation this process knows has a value
        generation.current()
    expected = {key: cache.get(key) for key in ("tests:first", "tests:second")}
    trips, inside = [], []

    def counted(name, real):
        def call(*args, **kwargs):  # a trip is a call from outside the cache (get_many may call get itself)
            if not inside:
                trips.append(name)
            inside.append(name)
            try:
                return real(*args, **kwargs)
            finally:
                inside.pop()

        return call

    for name in ("get", "get_many"):
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))
    generations.request_begins()
    try:
        assert (first.current(), second.current()) == (expected["tests:first"], expected["tests:second"])
        assert trips == ["get_many"]
        from courses import cache as courses_cache
        from courses.classrooms import cache as classrooms_cache

        courses_cache.generation(), classrooms_cache.generation()
        assert trips == ["get_many"]  # the courses and classrooms generations came in the same trip
    finally:
        generations.request_ends()


def test_nothing_is_kept_while_the_cache_is_unreachable(monkeypatch):
    generation = Generation("tests:down")
    loads = []

    def load():
        loads.append(1)
        return len(loads)

    # Every read a miss and every write dropped, as the tolerant Redis cache answers while Redis is down.
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)
    assert generation.kept("x", load) == 1
    assert generation.kept("x", load) == 2


def test_site_lookup_answers_none_for_a_host_no_site_serves(rf, site):
    Site.objects.filter(is_default_site=True).update(is_default_site=False)  # no signal: bumped below
    cms_cache.changed()
    request = rf.get("/ky/", HTTP_HOST="unknown.example.org")
    assert site_for(request) is None


def test_page_links_are_built_without_asking_the_cache_for_the_sites_root_paths(client, site, monkeypatch):
    """Wagtail reads its site root paths from the shared cache for every page URL it builds; they are kept per
    generation in the process instead, and a site changed shows in the links at once."""
    client.get("/ky/about/")
    asked = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a, **kw: asked.append(key) or real_get(key, *a, **kw))
    html = client.get("/ky/contacts/").content.decode()
    assert 'hreflang="ru" href="http://' in html  # the page's links were built
    assert not [key for key in asked if "site_root_paths" in key], asked
    monkeypatch.undo()

    site.port = 8443
    site.save()
    alternates = re.findall(
        r'<link rel="alternate" hreflang="\w+" href="([^"]+)"', client.get("/ky/contacts/").content.decode()
    )
    assert alternates and all(f"{site.hostname}:8443/" in url for url in alternates), alternates
