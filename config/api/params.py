"""Query parameters every API view reads the same way: an unknown value is a 400 naming the allowed ones."""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer

from .errors import error_response

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _unknown(name: str, value: str, allowed) -> dict:
    message = _("Unknown value “%(value)s”. Allowed: %(allowed)s.") % {
        "value": value[:50],
        "allowed": ", ".join(allowed),
    }
    return {name: [message]}


def query_choice(request, name: str, allowed) -> str | None:
    """The query parameter `name` if given, checked against `allowed`; None when absent or empty."""
    value = request.query_params.get(name, "")
    if not value:
        return None
    if value not in allowed:
        raise ValidationError(_unknown(name, value, allowed))
    return value


def unknown_language_response(request):
    """The 400 for `?lang=` naming a language the API does not speak (None when it is absent or known).

    Answered by the language middleware, before any view, in the one error shape."""
    value = request.GET.get("lang", "")
    if not value or value in LANGUAGES:
        return None
    fields = _unknown("lang", value, LANGUAGES)
    response = error_response(400, "invalid", fields["lang"][0], fields)
    response.accepted_renderer = JSONRenderer()
    response.accepted_media_type = "application/json"
    response.renderer_context = {}
    response.render()
    return response
