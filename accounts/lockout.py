"""Log-in limits beyond the API throttle.

- django-axes locks a username *at one address* after AXES_FAILURE_LIMIT failures; lockout_response is what
  the person sees (a page for the web, the one error shape for the API).
- The address limit stops password spraying (one address, many usernames): LOGIN_ADDRESS_FAILURE_LIMIT
  failures from one address within LOGIN_ADDRESS_WINDOW seconds refuse every log-in from that address, for
  any username, until the window ends. Failures are counted from Django's user_login_failed signal, so the
  log-in page, the API token endpoint and the Wagtail admin share one count; AddressLimitBackend, before the
  backend that checks passwords, refuses. The count lives in the cache (Redis in production, shared by every
  worker, counted with its atomic incr). A window opens at an address's first failure and closes
  LOGIN_ADDRESS_WINDOW seconds later (not on the clock's quarter hours, which would let a burst straddle two);
  a successful log-in does not reset it (an attacker may own an account).
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


def _keys(request) -> tuple[str, str]:
    network = client_network(request)
    return f"login-failures:{network}", f"login-failures-since:{network}"


def address_failure_record(request) -> None:
    """One more failed log-in from the request's address; the first one opens the window."""
    window = settings.LOGIN_ADDRESS_WINDOW
    count_key, since_key = _keys(request)
    # incr keeps the key's expiry, so the window ends LOGIN_ADDRESS_WINDOW after its first failure.
    if cache.add(count_key, 0, timeout=window):
        cache.set(since_key, time.time(), timeout=window)
    try:
        failures = cache.incr(count_key)
    except ValueError:  # the window closed between add and incr: this failure opens the next one
        cache.set(count_key, 1, timeout=window)
        cache.set(since_key, time.time(), timeout=window)
        return
    if failures == settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        logger.warning(
            "Log-ins from %s refused for up to %d s: %d failed log-ins",
            client_network(request),
            window,
            failures,
        )


def address_retry_after(request) -> int | None:
    """Seconds until the request's address may try again, or None if it may now."""
    window = settings.LOGIN_ADDRESS_WINDOW
    count_key, since_key = _keys(request)
    counts = cache.get_many([count_key, since_key])
    if counts.get(count_key, 0) < settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        return None
    since = counts.get(since_key)
    if since is None:
        return window
    return min(window, max(1, int(since + window - time.time()) + 1))


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
