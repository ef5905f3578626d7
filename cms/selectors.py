"""Reads of site content: search across the pages of one language, the languages a page exists in."""

import re

from django.conf import settings
from django.db.models import F, Q
from wagtail.models import Locale, Page

MAX_QUERY_LENGTH = 200
# Quotes, brackets and operators mean something to the full-text engines (SQLite FTS5, PostgreSQL
# tsquery); a visitor's words do not need them, and an unbalanced quote must not become a 500.
_NOT_A_WORD = re.compile(r"[^\w\s'-]+")


def search_query_clean(raw: str) -> str:
    """The visitor's words, without the syntax of any search engine."""
    return " ".join(_NOT_A_WORD.sub(" ", raw[:MAX_QUERY_LENGTH]).split())


def page_search(*, query: str, locale: Locale):
    """Live, public pages of one language that match `query`, best first."""
    pages = Page.objects.live().public().filter(locale=locale).specific()
    return pages.search(query, order_by_relevance=True)


# A page in one language's tree that only mirrors a page of another language (an alias the page-tree sync
# made): not a translation, so readers, menus and search engines treat it as absent.
REAL_IN_ITS_LANGUAGE = Q(alias_of__isnull=True) | Q(alias_of__locale_id=F("locale_id"))


def page_is_untranslated_alias(page: Page) -> bool:
    """`page` stands in another language's tree for a page that nobody has translated there."""
    if not page.alias_of_id:
        return False
    return Page.objects.filter(pk=page.alias_of_id).exclude(locale_id=page.locale_id).exists()


def page_versions(*, page: Page) -> dict[str, Page]:
    """The live versions of `page` that really exist, by language code, in the order of settings.LANGUAGES."""
    found = {
        p.locale.language_code: p
        for p in Page.objects.filter(translation_key=page.translation_key)
        .live()
        .filter(REAL_IN_ITS_LANGUAGE)
        .select_related("locale")
    }
    return {code: found[code] for code, _name in settings.LANGUAGES if code in found}
