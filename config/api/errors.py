"""One JSON error shape for the whole API, in the caller's language:

{"error": {"status": 400, "code": "invalid", "message": "...", "fields": {"name": ["..."]}}}
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core import errors as domain

# The request is well formed but clashes with the current state (full, twice, too late): the domain error,
# which services raise and the handler below answers with 409.
Conflict = domain.Conflict


def _messages(detail):
    if isinstance(detail, dict):
        return {str(k): _messages(v) for k, v in detail.items()}
    if isinstance(detail, list):
        flat = []
        for item in detail:
            sub = _messages(item)
            flat.extend(sub if isinstance(sub, list) else [sub])
        return flat
    return str(detail)


def _code(exc, detail):
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    if isinstance(codes, str):
        return codes
    return getattr(exc, "default_code", "error")


_DEFAULT_MESSAGES = {
    400: lambda: _("The request is not valid."),
    401: lambda: _("Authentication is required."),
    403: lambda: _("You do not have permission to do this."),
    404: lambda: _("Not found."),
    405: lambda: _("This method is not allowed here."),
    406: lambda: _("The requested format is not available."),
    409: lambda: _("This conflicts with the current state."),
    413: lambda: _("The request is too large."),
    415: lambda: _("This media type is not supported."),
    429: lambda: _("Too many requests. Please wait and try again."),
}

# DRF's own messages, in words we translate ourselves (DRF has no Kyrgyz catalogue, and several of its
# messages carry technical details such as a JSON decoder's column number).
_DRF_CODES = {
    "not_authenticated": lambda: _("Authentication is required."),
    "authentication_failed": lambda: _("The credentials are not valid."),
    "permission_denied": lambda: _("You do not have permission to do this."),
    "not_found": lambda: _("Not found."),
    "method_not_allowed": lambda: _("This method is not allowed here."),
    "parse_error": lambda: _("The request body is not valid JSON."),
    "unsupported_media_type": lambda: _("This media type is not supported."),
    "throttled": lambda: _("Too many requests. Please wait and try again."),
    "not_acceptable": lambda: _("The requested format is not available."),
}
# Only DRF itself raises these, so their message is always ours. A view may raise NotFound or
# PermissionDenied with a message of its own (already translated); that one is kept.
_ALWAYS_OURS = _DRF_CODES.keys() - {"permission_denied", "not_found"}


def error_response(status_code: int, code: str, message: str, fields=None, headers=None) -> Response:
    body = {"error": {"status": status_code, "code": code, "message": message}}
    if fields:
        body["error"]["fields"] = fields
    return Response(body, status=status_code, headers=headers)


_DOMAIN_STATUS = {
    domain.Conflict: status.HTTP_409_CONFLICT,
    domain.NotAllowed: status.HTTP_403_FORBIDDEN,
    domain.NotFound: status.HTTP_404_NOT_FOUND,
    domain.Invalid: status.HTTP_400_BAD_REQUEST,
}


def _domain_response(exc: domain.DomainError) -> Response:
    status_code = next(code for kind, code in _DOMAIN_STATUS.items() if isinstance(exc, kind))
    message = exc.message or _DEFAULT_MESSAGES[status_code]()
    fields = {
        name: [str(m) for m in (msgs if isinstance(msgs, list | tuple) else [msgs])]
        for name, msgs in getattr(exc, "fields", {}).items()
    }
    return error_response(status_code, exc.code, message, fields or None)


def exception_handler(exc, context):
    """Every error in the one JSON shape, whatever format was asked for: a report asked as CSV or XLSX that
    is refused is still a JSON error (a spreadsheet of an error message helps nobody)."""
    response = _error_response_for(exc, context)
    request = context.get("request")
    if response is not None and request is not None:
        renderer = getattr(request, "accepted_renderer", None)
        if renderer is not None and not isinstance(renderer, JSONRenderer):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
    return response


def _error_response_for(exc, context):
    if isinstance(exc, domain.DomainError) and type(exc) is not domain.DomainError:
        return _domain_response(exc)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real server error: Django's 500 handler answers without a trace

    status_code = response.status_code
    code = _code(exc, getattr(exc, "detail", None))
    fields = None
    if isinstance(exc, exceptions.ValidationError):
        detail = _messages(exc.detail)
        if isinstance(detail, dict):
            non_field = detail.pop("non_field_errors", None)
            fields = detail or None
            message = non_field[0] if non_field else _("The request is not valid.")
        else:
            message = detail[0] if detail else _("The request is not valid.")
        code = "invalid"
    elif code == "permission_denied" and str(getattr(exc, "detail", "")).startswith("CSRF Failed"):
        # Session (browser) callers without a valid CSRF token; DRF's text is technical and English.
        code = "csrf_failed"
        message = _(
            "The security token of this request is missing or expired. Reload the page and try again."
        )
    elif code in _ALWAYS_OURS or (
        code in _DRF_CODES and str(getattr(exc, "detail", "")) == str(type(exc).default_detail)
    ):
        # DRF's own wording (English, sometimes with parser internals): replace with ours, translated.
        message = _DRF_CODES[code]()
    else:
        detail = getattr(exc, "detail", None)
        message = (
            _messages(detail) if detail is not None else _DEFAULT_MESSAGES.get(status_code, lambda: "")()
        )
        if isinstance(message, list | dict):
            message = str(message[0] if isinstance(message, list) and message else message)
    headers = {k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")}
    return error_response(status_code, code, str(message), fields, headers)
