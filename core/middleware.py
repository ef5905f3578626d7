"""Refuse unsafe text (core.text) in query strings and in the forms that pages post, before any view runs.

One check at the edge rather than a mixin on each form: it also covers the views that read request.POST by hand
(attendance notes, quiz answers), the search box, Wagtail's admin and the forms written after today, without
any of them opting in. A form-level error would be kinder, but only for the forms that opt in; these characters
are invisible and never typed, so the page explains what happened and how to send the text again (the
browser's Back button keeps what was typed).

The API answers a bad query string in its one error shape; its bodies (JSON and forms, a session's too: DRF's
CSRF check reads the form through DRF's parsers) are checked by its parsers (config/api/parsers.py), so this
middleware does not parse an API upload ahead of DRF.

It runs in process_view, after the CSRF check, so a forged request is refused as forged first.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .text import UNSAFE_TEXT_MESSAGE, unsafe_field_names

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _pairs(query_dict):
    for key, values in query_dict.lists():
        for value in values:
            yield key, value


class UnsafeTextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        api = request.path.startswith("/api/")
        names = unsafe_field_names(_pairs(request.GET))
        if not names and not api and request.method == "POST" and request.content_type in FORM_TYPES:
            # Pages: CsrfViewMiddleware has already parsed this form, so reading it costs nothing more.
            names = unsafe_field_names(_pairs(request.POST))
        if not names:
            return None
        if api:
            body = {
                "status": 400,
                "code": "invalid",
                "message": _("The request is not valid."),
                "fields": {name: [str(UNSAFE_TEXT_MESSAGE)] for name in names},
            }
            return JsonResponse({"error": body}, status=400)
        message = _(
            "Some of the text you sent (%(fields)s) contains invisible control characters that cannot be "
            "saved. Go back, type that text again or paste it as plain text, and send the form again."
        ) % {"fields": ", ".join(names)}
        return render(
            request,
            "error.html",
            {"status": 400, "title": _("The text cannot be saved"), "message": message},
            status=400,
        )
