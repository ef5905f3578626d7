"""Log-in limits beyond the API throttle.

- django-axes locks a username *at one address* after AXES_FAILURE_LIMIT failures; lockout_response is what
  the person sees (a page for the web, the one error shape for the API).
- The address limit stops password spraying (one address, many usernames): LOGIN_ADDRESS_FAILURE_LIMIT
  failures from one address within LOGIN_ADDRESS_WINDOW seconds refuse every log-in from that address, for
  any username, until the window ends. Failures are counted from Django's user_login_failed signal, so the
  log-in page, the API token endpoint and the Wagtail admin share one count; AddressLimitBackend, before the
  backend that checks passwords, refuses. The count lives in the cache (Redis in production, shared by every
  worker) in fixed windows; a successful log-in does not reset it (an attacker may own an account).
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.client_ip import client_network

ADDRESS_LOCKED_MESSAGE = gettext_lazy(
    "Too many failed log-ins from your network. Please try again in 15 minutes."
)
# Set on the HttpRequest when AddressLimitBackend refused it: views turn it into a 429 and a message.
REFUSED_ATTRIBUTE = "login_address_refused"

logger = logging.getLogger(__name__)


def lockout_response(request, original_response=None, credentials=None):
    message = _("Too many failed log-in attempts. Please try again in 15 minutes.")
    retry_after = str(int(settings.AXES_COOLOFF_TIME * 3600))
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": {"status": 429, "code": "locked_out", "message": message}}, status=429
        )
    else:
        response = render(request, "accounts/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = retry_after
    return response


def _window(now: float) -> tuple[int, int]:
    """The current window's number and the whole seconds until it ends."""
    length = settings.LOGIN_ADDRESS_WINDOW
    return int(now // length), int(length - now % length) + 1


def _key(request, slot: int) -> str:
    return f"login-failures:{client_network(request)}:{slot}"


def address_failure_record(request) -> None:
    """One more failed log-in from the request's address."""
    slot, remaining = _window(time.time())
    key = _key(request, slot)
    cache.add(key, 0, timeout=remaining)
    try:
        failures = cache.incr(key)
    except ValueError:  # the window ended between add and incr: this failure opens the next one
        cache.set(key, 1, timeout=settings.LOGIN_ADDRESS_WINDOW)
        return
    if failures == settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        logger.warning(
            "Log-ins from %s refused for %d s: %d failed log-ins",
            client_network(request),
            remaining,
            failures,
        )


def address_retry_after(request) -> int | None:
    """Seconds until the request's address may try again, or None if it may now."""
    slot, remaining = _window(time.time())
    if cache.get(_key(request, slot), 0) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        return remaining
    return None


def address_refused(request) -> bool:
    """Whether AddressLimitBackend refused this request's log-in."""
    return getattr(request, REFUSED_ATTRIBUTE, False)


class AddressLimitBackend:
    """Answers no log-in itself: refuses every one from an address over the limit, whatever the username.
    Raising PermissionDenied stops django.contrib.auth.authenticate before the password is checked. No
    get_user: sessions are never this backend's (and the test client's force_login skips it)."""

    def authenticate(self, request, **credentials):
        if request is not None and address_retry_after(request) is not None:
            setattr(request, REFUSED_ATTRIBUTE, True)
            raise PermissionDenied
        return None
