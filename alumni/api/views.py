"""Alumni API views: thin — parse, call a service or selector, serialise."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import NotAllowed

from .. import selectors, services
from ..models import AlumniProfile
from ..permissions import IsAlumnus, is_alumnus
from .serializers import (
    DirectoryEntrySerializer,
    MessageInSerializer,
    MessageOutSerializer,
    MyProfileOutSerializer,
    MyProfilePatchSerializer,
)


class DirectoryView(generics.ListAPIView):
    permission_classes = [IsAlumnus]
    serializer_class = DirectoryEntrySerializer

    @extend_schema(
        summary="The alumni directory (signed-in alumni only): those who opted in, aged 18 or over",
        parameters=[
            OpenApiParameter("region", OpenApiTypes.STR),
            OpenApiParameter("cohort", OpenApiTypes.INT),
            OpenApiParameter("programme", OpenApiTypes.UUID, description="programme's translation key"),
            OpenApiParameter("interest", OpenApiTypes.STR),
            OpenApiParameter("q", OpenApiTypes.STR, description="name or bio contains"),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AlumniProfile.objects.none()
        p = self.request.query_params
        cohort = p.get("cohort", "")
        return selectors.directory_search(
            region=p.get("region") or None,
            cohort=int(cohort) if cohort.isdigit() else (-1 if cohort else None),
            programme=p.get("programme") or None,
            interest=p.get("interest") or None,
            q=(p.get("q") or "").strip()[:100] or None,
        )


class DirectoryMessageView(APIView):
    permission_classes = [IsAlumnus]

    @extend_schema(
        summary="Write to an alumnus through the relay (Civic mails it on; rate-limited)",
        request=MessageInSerializer,
        responses={201: MessageOutSerializer},
    )
    def post(self, request, pk):
        profile = get_object_or_404(AlumniProfile, pk=pk)
        data = MessageInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.contact_send(
            sender=request.user, recipient=profile, body=data.validated_data["body"]
        )
        return Response(MessageOutSerializer(message).data, status=status.HTTP_201_CREATED)


class MyProfileView(APIView):
    permission_classes = [IsAuthenticated]

    def _profile(self, request):
        if not is_alumnus(request.user):
            raise NotAllowed(_("Only alumni have an alumni profile."))
        return selectors.profile_of(user=request.user) or services.profile_ensure(user=request.user)

    @extend_schema(summary="My alumni profile", responses={200: MyProfileOutSerializer})
    def get(self, request):
        return Response(MyProfileOutSerializer(self._profile(request)).data)

    @extend_schema(
        summary="Change my alumni profile (directory opt-in only from 18)",
        request=MyProfilePatchSerializer,
        responses={200: MyProfileOutSerializer},
    )
    def patch(self, request):
        profile = self._profile(request)
        data = MyProfilePatchSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        interests = values.pop("interests", None)
        services.profile_update(profile=profile, by=request.user, data=values, interests=interests)
        return Response(MyProfileOutSerializer(selectors.profile_of(user=request.user)).data)
