"""The main menu of each language, cached and rebuilt whenever a page is published, moved or removed."""

from django.core.cache import cache
from wagtail.models import Locale, Page, Site

from .selectors import REAL_IN_ITS_LANGUAGE

CACHE_KEY = "civic:menu:{site}:{lang}"


def main_menu(*, request, language: str) -> list[dict]:
    site = Site.find_for_request(request)
    if site is None:
        return []
    key = CACHE_KEY.format(site=site.pk, lang=language)
    menu = cache.get(key)
    if menu is None:
        menu = _build(site=site, language=language)
        cache.set(key, menu, 3600)
    return menu


def home_for(*, site: Site, language: str) -> Page | None:
    root = site.root_page
    try:
        locale = Locale.objects.get(language_code=language)
    except Locale.DoesNotExist:
        return root
    return root.get_translation_or_none(locale) or root


def _build(*, site: Site, language: str) -> list[dict]:
    home = home_for(site=site, language=language)
    if home is None:
        return []
    items = [{"title": home.title, "url": home.get_url(), "id": home.pk, "home": True}]
    children = home.get_children().live().in_menu().public().filter(REAL_IN_ITS_LANGUAGE)
    for page in children.specific(defer=True):
        items.append({"title": page.title, "url": page.get_url(), "id": page.pk, "home": False})
    return items


def menu_invalidate() -> None:
    for site_id in Site.objects.values_list("pk", flat=True):
        for language in Locale.objects.values_list("language_code", flat=True):
            cache.delete(CACHE_KEY.format(site=site_id, lang=language))
