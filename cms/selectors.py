"""Reads of site content: search across the pages of one language."""

import re

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
