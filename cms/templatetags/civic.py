"""Template tags used by every page: main menu, language switcher, role labels."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Page

from ..cache import versions_of
from ..navigation import main_menu

register = template.Library()


@register.simple_tag(takes_context=True)
def civic_menu(context):
    request = context.get("request")
    if request is None:
        return []
    return main_menu(request=request, language=translation.get_language())


def _context_page(context):
    """The page a template shows, or the page a "not yet translated" notice stands for."""
    page = context.get("translation_of") or context.get("page") or context.get("self")
    return page if isinstance(page, Page) and page.pk else None


def _versions(context, page) -> dict:
    """The page's versions by language (cms.cache), asked once per rendering (the switcher and the hreflang links
    both need them)."""
    cache = context.render_context.setdefault("civic_page_versions", {})
    if page.pk not in cache:
        cache[page.pk] = versions_of(page)
    return cache[page.pk]


def _untranslated_url(page, code: str) -> str:
    with translation.override(code):
        return reverse("page_untranslated", kwargs={"page_id": page.pk})


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to the same page in each language: the page's version there, a "not yet translated" notice where it
    has none, or for a view that is not a page the same URL under another prefix."""
    request = context.get("request")
    current = translation.get_language()
    page = _context_page(context)
    versions = _versions(context, page) if page is not None else {}
    path = request.get_full_path() if request else "/"
    links = []
    for code, name in settings.LANGUAGES:
        if code in versions:
            url = versions[code].get_url(request)
        elif versions:
            url = _untranslated_url(page, code)
        else:
            url = translate_url(path, code)
            if url == path and code != current:
                url = f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """hreflang alternates for search engines: only the languages the page really exists in (a view that is not
    a page exists in every language); none on error pages and "not yet translated" notices."""
    request = context.get("request")
    if request is None or "status" in context or context.get("translation_of") is not None:
        return []
    page = _context_page(context)
    if page is not None:
        versions = _versions(context, page)
        if len(versions) < 2:
            return []  # one language only: no alternates to point to
        urls = {code: version.get_full_url(request) for code, version in versions.items()}
    else:
        match = request.resolver_match
        if match is None or match.view_name == "wagtail_serve":
            return []
        path = request.get_full_path()
        urls = {
            code: request.build_absolute_uri(translate_url(path, code)) for code, _n in settings.LANGUAGES
        }
    links = [{"code": code, "url": url} for code, url in urls.items() if url]
    if settings.LANGUAGE_CODE in urls and urls[settings.LANGUAGE_CODE]:
        links.append({"code": "x-default", "url": urls[settings.LANGUAGE_CODE]})
    return links


@register.filter
def anchor(text):
    """The id of a heading, so that a table of contents can link to it (Kyrgyz and Russian letters kept)."""
    from django.utils.text import slugify

    return "h-" + (slugify(str(text), allow_unicode=True) or "section")
