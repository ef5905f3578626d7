"""The main menu of each language, kept per cms generation (rebuilt once a page is published, moved, saved or
removed)."""

from wagtail.models import Locale, Page, Site

from .cache import PAGES
from .selectors import REAL_IN_ITS_LANGUAGE


def main_menu(*, request, language: str) -> list[dict]:
    site = Site.find_for_request(request)
    if site is None:
        return []
    return PAGES.kept(f"menu:{site.pk}:{language}", lambda: _build(site=site, language=language))


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
