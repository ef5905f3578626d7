"""Language handling: `?lang=` for the API, and a plain 404 for a language prefix we do not have."""

import re

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import is_valid_path
from django.utils import translation

from config.api.params import unknown_language_response

_CODES = {code for code, _name in settings.LANGUAGES}


class ApiLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            code = request.GET.get("lang")
            if not code or code not in _CODES:
                code = translation.get_language_from_request(request, check_path=False)
                header = request.headers.get("Accept-Language")
                if header:
                    # The header, not the cookie, speaks for an API client.
                    for lang, _q in translation.trans_real.parse_accept_lang_header(header):
                        base = lang.split("-")[0].lower()
                        if base in _CODES:
                            code = base
                            break
            translation.activate(code)
            request.LANGUAGE_CODE = code
            refused = unknown_language_response(request)  # answered in the language just chosen
            if refused is not None:
                return refused
        return self.get_response(request)


_PREFIX = re.compile(r"^/([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2,4}))?(?:/|$)")


class UnknownLanguagePrefixMiddleware:
    """`/xx/...` with a language we do not serve is a 404 page, not a redirect to `/ky/xx/...`.

    Only for paths that nothing answers: an app's own unprefixed URL (`/h5p/...`) is left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _unknown_prefix(request.path_info) and not is_valid_path(
            request.path_info, getattr(request, "urlconf", None)
        ):
            from cms.views import page_not_found

            return page_not_found(request)
        return self.get_response(request)


def _unknown_prefix(path: str) -> bool:
    """The path starts with what looks like a language code (`xx`, `xx-yy`, a known `xxx`) we do not serve."""
    match = _PREFIX.match(path)
    if not match:
        return False
    code, region = match.group(1).lower(), match.group(2)
    if code in _CODES:
        return bool(region)  # /ky-kg/ is not one of our prefixes either
    return len(code) == 2 or bool(region) or code in LANG_INFO


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that a 404 from the API, from an unknown language prefix or from an unprefixed view
    is not redirected under /ky/."""

    def process_response(self, request, response):
        if response.status_code == 404 and (
            request.path.startswith("/api/")
            or _unknown_prefix(request.path)
            # An unprefixed URL that a view answered (e.g. /verify/<code>): its own 404 is the answer.
            or is_valid_path(request.path_info, getattr(request, "urlconf", None))
        ):
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
