"""Template tags used by every page: main menu, language switcher, role labels."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page

from ..navigation import main_menu

register = template.Library()


@register.simple_tag(takes_context=True)
def civic_menu(context):
    request = context.get("request")
    if request is None:
        return []
    return main_menu(request=request, language=translation.get_language())


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to the same page in each language: a page's translation, or the same URL under another prefix."""
    request = context.get("request")
    current = translation.get_language()
    page = context.get("page") or context.get("self")
    by_language = {}
    if isinstance(page, Page) and page.pk:
        for translated in (
            Page.objects.filter(translation_key=page.translation_key).live().select_related("locale")
        ):
            by_language[translated.locale.language_code] = translated.get_url(request)
    path = request.get_full_path() if request else "/"
    links = []
    for code, name in settings.LANGUAGES:
        url = by_language.get(code)
        if url is None and by_language:
            url = f"/{code}/"  # no translation of this page yet: that language's home
        if url is None:
            url = translate_url(path, code)
            if url == path and code != current:
                url = f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


@register.filter
def anchor(text):
    """The id of a heading, so that a table of contents can link to it (Kyrgyz and Russian letters kept)."""
    from django.utils.text import slugify

    return "h-" + (slugify(str(text), allow_unicode=True) or "section")
