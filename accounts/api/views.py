"""Token log-in and log-out, and the caller's own account."""

from axes.exceptions import AxesBackendPermissionDenied
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.auth import TokenAuthentication
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from config.api.errors import error_response
from config.client_ip import client_network

from .. import lockout, services
from .serializers import (
    ErrorSerializer,
    MeSerializer,
    MeUpdateSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)

AUTH_TAG = "auth"


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


class LoginRateThrottle(ScopedRateThrottle):
    """DRF's scoped throttle, per person: the address config.client_ip trusts (TRUSTED_PROXY_COUNT), never
    whatever X-Forwarded-For a client claims."""

    def get_ident(self, request):
        return client_network(request)


class TokenView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [LoginRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        summary="Exchange a username and password for an API token",
        description="Each call issues a new token for one device, valid until `expiry`. Only a digest is "
        "stored: keep the token, it is shown once. A person holds a limited number of tokens; past it the "
        "oldest stops working.",
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: _error(
                "Missing fields (`invalid`) or a wrong username or password (`invalid_credentials`)."
            ),
            429: _error(
                "Too many requests (`throttled`), failed log-ins for this username from this address "
                "(`locked_out`) or from this address for any username (`address_locked`); see Retry-After."
            ),
        },
        tags=[AUTH_TAG],
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user = authenticate(
                request=request._request,
                username=data.validated_data["username"],
                password=data.validated_data["password"],
            )
        except AxesBackendPermissionDenied:
            user = None
        if getattr(request._request, "axes_locked_out", False):
            return error_response(
                status.HTTP_429_TOO_MANY_REQUESTS,
                "locked_out",
                _("Too many failed log-in attempts. Please try again in 15 minutes."),
            )
        if lockout.address_refused(request._request):
            retry_after = lockout.address_retry_after(request._request)
            return error_response(
                status.HTTP_429_TOO_MANY_REQUESTS,
                "address_locked",
                str(lockout.ADDRESS_LOCKED_MESSAGE),
                headers={"Retry-After": str(retry_after)} if retry_after else None,
            )
        if user is None or not user.is_active:
            return error_response(
                status.HTTP_400_BAD_REQUEST,
                "invalid_credentials",
                _("The username or password is not correct."),
            )
        instance, token = services.token_issue(user=user)
        return Response(TokenResponseSerializer({"token": token, "expiry": instance.expiry}).data)


class LogoutView(APIView):
    """Only a token can be revoked: a browser session signs out on the site's log-out page."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Revoke the token of this request (sign this device out)",
        request=None,
        responses={204: None, 401: _error("No valid token (`not_authenticated`, `authentication_failed`).")},
        tags=[AUTH_TAG],
    )
    def post(self, request):
        services.token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(APIView):
    """With a token, or from the browser's session (with its CSRF token): every API token of the person."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Revoke every API token of the caller (sign all devices out)",
        request=None,
        responses={
            204: None,
            401: _error("Not signed in (`not_authenticated`, `authentication_failed`)."),
            403: _error("A browser session without its CSRF token (`csrf_failed`)."),
        },
        tags=[AUTH_TAG],
    )
    def post(self, request):
        services.token_revoke_all(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="The caller's own account", responses={200: MeSerializer})
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(
        summary="Change one's own name, email or language",
        request=MeUpdateSerializer,
        responses={200: MeSerializer},
    )
    def patch(self, request):
        data = MeUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = request.user
        changes = dict(data.validated_data)
        user = services.user_profile_update(
            user=user,
            first_name=changes.get("first_name", user.first_name),
            last_name=changes.get("last_name", user.last_name),
            email=changes.get("email", user.email),
            preferred_language=changes.get("language", user.preferred_language),
        )
        return Response(MeSerializer(user).data)
