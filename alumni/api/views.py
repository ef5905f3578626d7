"""Alumni API views: thin — parse, call a service or selector, serialise."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.errors import error_response
from core.converters import parse_id
from core.errors import NotAllowed, NotFound

from .. import calendar, selectors, services
from ..models import RS, AlumniProfile, ForumEvent, Registration
from ..permissions import HasAlumniProfile, IsAlumnus, can_manage_event
from .serializers import (
    CheckinInSerializer,
    CheckinOutSerializer,
    DirectoryEntrySerializer,
    EventOutSerializer,
    FeedbackInSerializer,
    FeedbackOutSerializer,
    MessageInSerializer,
    MessageOutSerializer,
    MyProfileOutSerializer,
    MyProfilePatchSerializer,
    RegistrationInSerializer,
    RegistrationOutSerializer,
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
        cohort_id = parse_id(cohort) if cohort else None
        return selectors.directory_search(
            region=p.get("region") or None,
            # A cohort that cannot be an id (a word, 30 digits) matches nobody.
            cohort=cohort_id if cohort_id is not None else (-1 if cohort else None),
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
    permission_classes = [IsAuthenticated, HasAlumniProfile]

    def _profile(self, request):
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


# Forum events ------------------------------------------------------------------------------------------------


def _language(request) -> str:
    return get_language() or "ky"


def _event_or_404(pk) -> ForumEvent:
    event = selectors.event_by_pk(pk=pk)
    if event is None:
        raise NotFound(_("There is no such event."))
    return event


def _link_for(request, events) -> set[int]:
    """Events whose online link the caller may see: a confirmed place, or organising it."""
    user = request.user
    if not user.is_authenticated:
        return set()
    ids = [e.pk for e in events]
    mine = set(
        Registration.objects.filter(
            user=user, event_id__in=ids, status__in=(RS.CONFIRMED, RS.ATTENDED)
        ).values_list("event_id", flat=True)
    )
    return mine | {e.pk for e in events if can_manage_event(user, e)}


class EventListView(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = EventOutSerializer

    @extend_schema(
        summary="Forum events: upcoming (not yet ended) by default, past ones with ?past=true",
        parameters=[OpenApiParameter("past", OpenApiTypes.BOOL)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ForumEvent.objects.none()
        past = self.request.query_params.get("past", "").lower() in ("1", "true", "yes")
        return selectors.events_visible(past=past)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["language"] = _language(self.request)
        return context

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        context = {**self.get_serializer_context(), "link_for": _link_for(request, page)}
        return self.get_paginated_response(EventOutSerializer(page, many=True, context=context).data)


class EventDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="One forum event", responses={200: EventOutSerializer})
    def get(self, request, pk):
        event = _event_or_404(pk)
        context = {"language": _language(request), "link_for": _link_for(request, [event])}
        return Response(EventOutSerializer(event, context=context).data)


class EventRegistrationView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Register for an event in one step (a place, awaiting approval, or the waiting list)",
        description="201 with the new registration. A second attempt answers 409 `already_registered`; the "
        "existing registration is at registrations/mine/.",
        request=RegistrationInSerializer,
        responses={201: RegistrationOutSerializer},
    )
    def post(self, request, pk):
        event = _event_or_404(pk)
        data = RegistrationInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration, created = services.registration_create(
            event=event, user=request.user, **data.validated_data
        )
        if created:
            return Response(RegistrationOutSerializer(registration).data, status=status.HTTP_201_CREATED)
        return error_response(
            409,
            "already_registered",
            _("You are already registered for this event (%(status)s).")
            % {"status": registration.get_status_display().lower()},
        )


class MyEventRegistrationView(APIView):
    permission_classes = [IsAuthenticated]

    def _mine(self, request, pk) -> Registration:
        event = _event_or_404(pk)
        registration = selectors.registration_live_of(event=event, user=request.user)
        if registration is None:
            raise NotFound(_("You have no registration for this event."))
        return registration

    @extend_schema(summary="My registration for an event", responses={200: RegistrationOutSerializer})
    def get(self, request, pk):
        return Response(RegistrationOutSerializer(self._mine(request, pk)).data)

    @extend_schema(
        summary="Cancel my registration or leave the waiting list (until the event starts)",
        responses={200: RegistrationOutSerializer},
    )
    def delete(self, request, pk):
        registration = services.registration_cancel(registration=self._mine(request, pk), by=request.user)
        return Response(RegistrationOutSerializer(registration).data)


class MyOfferConfirmView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Take the place offered to me from the waiting list (before the offer lapses)",
        request=None,
        responses={200: RegistrationOutSerializer},
    )
    def post(self, request, pk):
        event = _event_or_404(pk)
        registration = (
            Registration.objects.filter(event=event, user=request.user).order_by("-updated_at", "-pk").first()
        )
        if registration is None:
            raise NotFound(_("You have no registration for this event."))
        registration = services.offer_confirm(registration=registration, by=request.user)
        return Response(RegistrationOutSerializer(registration).data)


class EventCalendarView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="The event as an iCalendar file (RFC 5545); the online link only for confirmed registrants",
        responses={(200, "text/calendar"): OpenApiTypes.BINARY},
    )
    def get(self, request, pk):
        event = _event_or_404(pk)
        content = calendar.event_ics(
            event=event, language=_language(request), with_link=event.pk in _link_for(request, [event])
        )
        response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="forum-event-{event.pk}.ics"'
        return response


class MyRegistrationsView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = RegistrationOutSerializer

    @extend_schema(summary="My forum event registrations, the latest events first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        return selectors.registrations_of(user=self.request.user)


class EventCheckinView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Check someone in with their code (the event's organisers only); once per registration",
        request=CheckinInSerializer,
        responses={200: CheckinOutSerializer},
    )
    def post(self, request, pk):
        event = _event_or_404(pk)
        if not can_manage_event(request.user, event):
            raise NotAllowed(_("Only this event's organisers can check people in."))
        data = CheckinInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = services.checkin_mark(
            event=event,
            by=request.user,
            code=data.validated_data["code"],
            scanned_at=data.validated_data.get("scanned_at"),
        )
        return Response(CheckinOutSerializer(registration).data)


class EventFeedbackView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Give feedback on an event you attended (1–5 and a comment); again to replace it",
        request=FeedbackInSerializer,
        responses={201: FeedbackOutSerializer},
    )
    def post(self, request, pk):
        event = _event_or_404(pk)
        data = FeedbackInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        feedback = services.feedback_give(event=event, user=request.user, **data.validated_data)
        return Response(FeedbackOutSerializer(feedback).data, status=status.HTTP_201_CREATED)
