"""The footer text of the active language, cached (cleared when a footer is saved)."""

from django import template
from django.core.cache import cache
from django.utils import translation

from ..models import FooterText

register = template.Library()

CACHE_KEY = "civic:footer:{lang}"


@register.simple_tag
def footer_text():
    key = CACHE_KEY.format(lang=translation.get_language())
    footer = cache.get(key)
    if footer is None:
        footer = FooterText.objects.filter(locale__language_code=translation.get_language()).first() or ""
        cache.set(key, footer, 3600)
    return footer or None


# The privacy policy is the standard page with this slug in each language's tree (the demo site makes it).
PRIVACY_SLUG = "privacy"
PRIVACY_CACHE_KEY = "civic:privacy-url:{lang}"


@register.simple_tag
def privacy_page_url():
    """The privacy policy's URL in the active language (the default language's page when it has no
    translation), or "" when the site has none; for the footer and every form that collects personal data."""
    from django.conf import settings

    from ..models import StandardPage

    language = translation.get_language() or settings.LANGUAGE_CODE
    key = PRIVACY_CACHE_KEY.format(lang=language)
    url = cache.get(key)
    if url is None:
        pages = StandardPage.objects.live().filter(slug=PRIVACY_SLUG).select_related("locale")
        by_language = {page.locale.language_code: page for page in pages}
        page = by_language.get(language) or by_language.get(settings.LANGUAGE_CODE)
        url = (page.get_url() or "") if page else ""
        cache.set(key, url, 300)
    return url
