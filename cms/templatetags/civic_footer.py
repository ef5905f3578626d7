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
