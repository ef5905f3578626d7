"""Links that leave the site (mails, certificate PDFs and their QR codes, calendar files): always on the public base
URL of settings.PUBLIC_BASE_URL, never on whatever host a request or a worker happens to run on."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def absolute_url(path: str) -> str:
    """`path` ("/ky/camps/my/") on the site's public address."""
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/{path.lstrip('/')}"


def absolute_reverse(viewname: str, *, language: str | None = None, args=None, kwargs=None) -> str:
    """reverse() on the public address; pages under a language prefix get `language`'s (default: the active one)."""
    if language is None:
        return absolute_url(reverse(viewname, args=args, kwargs=kwargs))
    with translation.override(language):
        return absolute_url(reverse(viewname, args=args, kwargs=kwargs))
