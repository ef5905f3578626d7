"""The footer text of the active language and the privacy policy's URL, kept per cms generation (which a
saved footer or any page change moves on)."""

from django import template
from django.conf import settings
from django.utils import translation

from ..cache import PAGES
from ..models import FooterText, StandardPage

register = template.Library()


@register.simple_tag
def footer_text():
    language = translation.get_language()
    footer = PAGES.kept(
        f"footer:{language}", lambda: FooterText.objects.filter(locale__language_code=language).first() or ""
    )
    return footer or None


# The privacy policy is the standard page with this slug in each language's tree (the demo site makes it).
PRIVACY_SLUG = "privacy"


@register.simple_tag
def privacy_page_url():
    """The privacy policy's URL in the active language (the default language's page when it has no
    translation), or "" when the site has none; for the footer and every form that collects personal data."""
    language = translation.get_language() or settings.LANGUAGE_CODE

    def load() -> str:
        pages = StandardPage.objects.live().filter(slug=PRIVACY_SLUG).select_related("locale")
        by_language = {page.locale.language_code: page for page in pages}
        page = by_language.get(language) or by_language.get(settings.LANGUAGE_CODE)
        return (page.get_url() or "") if page else ""

    return PAGES.kept(f"privacy-url:{language}", load)
