"""The Wagtail admin's language: the editor's own where Wagtail speaks it, otherwise its stand-in."""

from django.conf import settings
from django.utils import translation

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
