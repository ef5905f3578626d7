"""The OpenAPI document: our own /api/v1/ only, and every operation's error answers in the one error shape.

`AutoSchema` documents the 4xx answers once, from what each view is (its path, method, authentication,
permissions and throttles), instead of an annotation on every view:

- 400 everywhere: every operation takes `?lang=` (refused when unknown), and bodies and filters are validated;
- 401 wherever an authenticator runs (a wrong token is refused even where no login is needed);
- 403 where a permission beyond "logged in" applies, and on writes (a browser session needs its CSRF token);
- 404 where the path names an object; 409 where a write to a named object can clash with its state;
- 429 where a throttle applies.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.serializers import PolymorphicProxySerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly

from .params import LANGUAGES

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Permissions that refuse only the anonymous, who get 401 (the token authenticator asks first), never 403;
# an app's own such class says so with `login_only = True`.
LOGIN_ONLY = (AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly)


def _login_only(permission) -> bool:
    return isinstance(permission, LOGIN_ONLY) or getattr(permission, "login_only", False)


LANG = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=LANGUAGES,
    description=_("The answer's language (else Accept-Language); any other value is refused with 400."),
)


def only_public_api(endpoints, **kwargs):
    return [e for e in endpoints if e[0].startswith("/api/v1/")]


class AnyOfProxySerializer(PolymorphicProxySerializer):
    """An answer whose shape depends on who asks, where one shape extends another (an organiser's view of an
    application has everything the applicant's has, and more): documented as anyOf, since oneOf would be
    false for the larger shape, which also fits the smaller one."""

    def __init__(self, *, component_name, serializers, **kwargs):
        super().__init__(
            component_name=component_name, serializers=serializers, resource_type_field_name=None, **kwargs
        )


class AnyOfProxySerializerExtension(PolymorphicProxySerializerExtension):
    target_class = AnyOfProxySerializer
    priority = 1

    def map_serializer(self, auto_schema, direction):
        schema = super().map_serializer(auto_schema, direction)
        schema["anyOf"] = schema.pop("oneOf")
        return schema


class ErrorBodySerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text=_("The HTTP status, repeated."))
    code = serializers.CharField(
        help_text=_("A machine code: invalid, not_authenticated, permission_denied, not_found, conflict, …")
    )
    message = serializers.CharField(help_text=_("For people, in the request's language."))
    fields = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text=_(
            "For 400: each field at fault and its messages (a list, or such an object for nested input)."
        ),
    )


class ErrorSerializer(serializers.Serializer):
    """Every error of the API has this shape."""

    error = ErrorBodySerializer()

    class Meta:
        ref_name = "Error"


ERROR_DESCRIPTIONS = {
    400: _("The request is not valid (see `fields`)."),
    401: _("Authentication is required, or the credentials are not valid."),
    403: _("You do not have permission to do this."),
    404: _("Not found, or not yours to see."),
    409: _("The current state forbids it (full, twice, too late)."),
    429: _("Too many requests (see Retry-After)."),
}


class AutoSchema(BaseAutoSchema):
    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if not any(getattr(p, "name", None) == "lang" for p in parameters):
            parameters.append(LANG)
        return parameters

    def error_statuses(self) -> list[int]:
        view, method = self.view, self.method
        path_names_object = "{" in self.path
        statuses = [400]
        if view.get_authenticators():
            statuses.append(401)
        csrf = method not in SAFE_METHODS and any(
            isinstance(authenticator, SessionAuthentication) for authenticator in view.get_authenticators()
        )
        if csrf or not all(_login_only(p) for p in view.get_permissions()):
            statuses.append(403)
        paginated = method == "GET" and self._is_list_view() and getattr(view, "pagination_class", None)
        if path_names_object or paginated:  # an object not found, or a page past the last one
            statuses.append(404)
        if path_names_object and method not in SAFE_METHODS:
            statuses.append(409)
        if view.get_throttles():
            statuses.append(429)
        return statuses

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status_code in self.error_statuses():
            key = str(status_code)
            if key in responses:
                continue
            response = self._get_response_for_code(ErrorSerializer, key, direction=direction)
            response["description"] = str(ERROR_DESCRIPTIONS[status_code])
            responses[key] = response
        return responses
