"""The Wagtail admin's language: the editor's own where Wagtail speaks it, otherwise its stand-in; the site and
its settings for a page request, from what is kept per generation."""

from django.conf import settings
from django.utils import translation

from .cache import site_for, site_root_paths, site_settings_for
from .models import SiteSettings

ADMIN_PREFIX = "/admin/"


def admin_language(language: str) -> str:
    """The admin language for someone who reads `language` (settings.WAGTAILADMIN_LANGUAGE_FALLBACKS)."""
    permitted = {code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES}
    if language in permitted:
        return language
    fallback = settings.WAGTAILADMIN_LANGUAGE_FALLBACKS.get(language)
    return fallback if fallback in permitted else settings.WAGTAILADMIN_PERMITTED_LANGUAGES[0][0]


class AdminLanguageMiddleware:
    """Under /admin/, activate the language the editor reads (their preferred language, else the browser's),
    mapped onto one Wagtail has: Kyrgyz editors get Russian. Wagtail then uses it unless the editor chose one
    in their Wagtail account settings."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(ADMIN_PREFIX):
            user = getattr(request, "user", None)
            wanted = (
                getattr(user, "preferred_language", "") if user is not None and user.is_authenticated else ""
            )
            language = admin_language(wanted or translation.get_language())
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


_PAGE_PREFIXES = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


class SiteMiddleware:
    """Give a page request its Wagtail site and site settings from cms.cache, where Wagtail would query for both
    on every request (Site.find_for_request and SiteSettings.for_request use what is set here). Pages are under
    a language prefix; the API, health checks, files and the rest need neither and are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path_info.startswith(_PAGE_PREFIXES):
            site = site_for(request)
            request._wagtail_site = site
            # What Wagtail reads from the cache for every page URL it builds, kept per generation instead.
            request._wagtail_cached_site_root_paths = site_root_paths()
            if site is not None:
                setattr(
                    request, SiteSettings.get_cache_attr_name(), site_settings_for(site=site, request=request)
                )
        return self.get_response(request)
