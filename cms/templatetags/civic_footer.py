"""The footer text of the active language, cached."""

from django import template
from django.core.cache import cache
from wagtail.models import Locale

from ..models import FooterText

register = template.Library()


@register.simple_tag
def footer_text():
    locale = Locale.get_active()
    key = f"civic:footer:{locale.pk}"
    footer = cache.get(key)
    if footer is None:
        footer = FooterText.objects.filter(locale=locale).first() or ""
        cache.set(key, footer, 600)
    return footer or None
