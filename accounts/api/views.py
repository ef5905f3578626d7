"""Token log-in and the caller's own account."""

from axes.exceptions import AxesBackendPermissionDenied
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from config.api.errors import error_response

from .. import services
from .serializers import MeSerializer, MeUpdateSerializer, TokenRequestSerializer, TokenResponseSerializer


class TokenView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        summary="Exchange a username and password for an API token",
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer},
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
        if user is None or not user.is_active:
            return error_response(
                status.HTTP_400_BAD_REQUEST,
                "invalid_credentials",
                _("The username or password is not correct."),
            )
        return Response({"token": services.token_issue(user=user)})


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
