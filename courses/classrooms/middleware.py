"""A pupil who logged in with a one-time password (from a login card) sets their own before anything else.

The flag is copied into the session when they log in (signals.py), so other people's requests cost no query.
"""

from django.shortcuts import redirect
from django.urls import reverse

SESSION_FLAG = "classrooms_must_change_password"
# Paths a pupil may still open: the page that sets the password, logging out, and what pages load.
ALLOWED_PARTS = ("/my/assignments/password/", "/accounts/logout/", "/static/", "/media/", "/jsi18n/")


class PasswordChangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.get(SESSION_FLAG)
            and request.user.is_authenticated
            and not request.path.startswith("/api/")
            and not any(part in request.path for part in ALLOWED_PARTS)
        ):
            return redirect(reverse("classrooms:password_set") + "?next=" + request.path)
        return self.get_response(request)
