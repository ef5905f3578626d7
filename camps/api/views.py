"""Camps API views: thin — parse, call a service or selector, serialise."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.params import query_choice
from config.api.parsers import MultiPartParser
from core.converters import parse_id

from .. import selectors, services
from ..certificates import certificate_verify_url
from ..models import Application, Cohort, Consent, ProgrammePage, Question, Status
from ..permissions import IsApplicantOrCohortOrganiser, IsCohortOrganiser, IsOrganiser, can_manage_cohort
from .serializers import (
    APPLICATION_BY_ROLE,
    ApplicationInSerializer,
    ApplicationOrganiserOutSerializer,
    ApplicationOutSerializer,
    ApplicationPatchSerializer,
    ApplicationQuerySerializer,
    AttendanceInSerializer,
    AttendanceRecordOutSerializer,
    CertificateOutSerializer,
    CohortCreateInSerializer,
    CohortInSerializer,
    CohortOutSerializer,
    CohortQuerySerializer,
    DecisionInSerializer,
    GraduateInSerializer,
    PaperConsentInSerializer,
    ProgrammeOutSerializer,
)

_QUESTIONS = Prefetch("questions", queryset=Question.objects.order_by("sort_order", "pk"))


def _application_out(application, user):
    application = (
        Application.objects.with_waiting_position()
        .select_related("cohort", "certificate")
        .prefetch_related(
            Prefetch("consents", queryset=Consent.objects.order_by("pk")), "status_changes__changed_by"
        )
        .get(pk=application.pk)
    )
    if can_manage_cohort(user, application.cohort):
        return ApplicationOrganiserOutSerializer(application).data
    return ApplicationOutSerializer(application).data


class ProgrammeListView(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = ProgrammeOutSerializer

    @extend_schema(summary="Programmes (Democracy Camp, Young Citizens School) in the request's language")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgrammePage.objects.none()
        return (
            ProgrammePage.objects.live()
            .public()
            .filter(locale__language_code=get_language())
            .select_related("locale")
            .order_by("path")
        )


class CohortListView(generics.ListAPIView):
    serializer_class = CohortOutSerializer
    filter_backends: list = []

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticated(), IsOrganiser()]
        return [AllowAny()]

    @extend_schema(
        summary="Cohorts, filtered by programme, region and whether applications are open",
        parameters=[
            OpenApiParameter("programme", OpenApiTypes.INT, description="programme page id (any language)"),
            OpenApiParameter("region", OpenApiTypes.STR),
            OpenApiParameter("open", OpenApiTypes.BOOL),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Create a cohort (organisers; its creator organises it)",
        description="Refused with the field concerned: an end before the start, applications that close before "
        "they open, a minimum age above the maximum, a question's translated choices that do not match the "
        "Kyrgyz ones (`questions.<n>.choices_ru`). Questions are changed later on the organisers' admin page.",
        request=CohortCreateInSerializer,
        responses={201: CohortOutSerializer},
    )
    def post(self, request, *args, **kwargs):
        data = CohortCreateInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        cohort = services.cohort_create(by=request.user, questions=values.pop("questions", []), data=values)
        return Response(_cohort_out(cohort), status=status.HTTP_201_CREATED)

    def get_queryset(self):
        params = self.request.query_params
        query = CohortQuerySerializer(data=params)
        query.is_valid(raise_exception=True)
        return selectors.cohort_list(
            programme=query.validated_data.get("programme"),
            region=params.get("region") or None,
            open_only=params.get("open", "").lower() in ("1", "true", "yes"),
        ).prefetch_related(_QUESTIONS)


class CohortDetailView(generics.RetrieveAPIView):
    serializer_class = CohortOutSerializer

    def get_permissions(self):
        if self.request.method == "PATCH":
            return [IsAuthenticated(), IsCohortOrganiser()]
        return [AllowAny()]

    @extend_schema(summary="One cohort with its questions")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Change a cohort (its organisers)",
        description="Refused with the field concerned, nothing saved: an end before the start, applications "
        "that close before they open, a minimum age above the maximum, fewer places than are already held.",
        request=CohortInSerializer(partial=True),
        responses={200: CohortOutSerializer},
    )
    def patch(self, request, *args, **kwargs):
        cohort = self.get_object()
        data = CohortInSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        cohort = services.cohort_update(cohort=cohort, by=request.user, data=data.validated_data)
        return Response(_cohort_out(cohort))

    def get_queryset(self):
        return selectors.cohorts_public().prefetch_related(_QUESTIONS)


def _cohort_out(cohort):
    return CohortOutSerializer(selectors.cohorts_public().prefetch_related(_QUESTIONS).get(pk=cohort.pk)).data


class CohortApplicationCreateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Apply to an open cohort",
        request=ApplicationInSerializer,
        responses={201: ApplicationOutSerializer},
    )
    def post(self, request, pk):
        cohort = get_object_or_404(Cohort, pk=pk)
        data = ApplicationInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        application = services.application_submit(
            cohort=cohort,
            applicant=request.user,
            data=values,
            answers=values.pop("answers"),
            photo_consent=values.pop("photo_consent"),
        )
        application = (
            Application.objects.with_waiting_position()
            .select_related("cohort", "certificate")
            .prefetch_related("consents", "status_changes")
            .get(pk=application.pk)
        )
        return Response(ApplicationOutSerializer(application).data, status=status.HTTP_201_CREATED)


class ApplicationListView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = ApplicationOutSerializer
    filter_backends: list = []

    @extend_schema(
        summary="One's own applications, or those of the cohorts one organises",
        parameters=[
            OpenApiParameter("cohort", OpenApiTypes.INT),
            OpenApiParameter("status", OpenApiTypes.STR, enum=Status.values),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = selectors.applications_visible_to(user=self.request.user).select_related("certificate")
        qs = qs.prefetch_related(
            Prefetch("consents", queryset=Consent.objects.order_by("pk")), "status_changes"
        )
        query = ApplicationQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        if "cohort" in query.validated_data:
            qs = qs.filter(cohort_id=query.validated_data["cohort"])
        wanted = query_choice(self.request, "status", Status.values)
        if wanted:
            qs = qs.filter(status=wanted)
        return qs.order_by("submitted_at", "pk")


class ApplicationDetailView(APIView):
    permission_classes = [IsAuthenticated, IsApplicantOrCohortOrganiser]

    def get_object(self, pk):
        application = get_object_or_404(selectors.applications_visible_to(user=self.request.user), pk=pk)
        self.check_object_permissions(self.request, application)
        return application

    @extend_schema(summary="One application", responses={200: APPLICATION_BY_ROLE})
    def get(self, request, pk):
        return Response(_application_out(self.get_object(pk), request.user))

    @extend_schema(
        summary="Change an application (the applicant while the window is open; organisers their notes)",
        request=ApplicationPatchSerializer,
        responses={200: APPLICATION_BY_ROLE},
    )
    def patch(self, request, pk):
        application = self.get_object(pk)
        data = ApplicationPatchSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        services.application_change(
            application=application,
            by=request.user,
            notes=values.pop("notes", None),
            answers=values.pop("answers", None),
            photo_consent=values.pop("photo_consent", None),
            data=values,
        )
        return Response(_application_out(application, request.user))


class ApplicationDecisionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Accept, wait-list or reject an application (the cohort's organisers)",
        request=DecisionInSerializer,
        responses={200: ApplicationOrganiserOutSerializer},
    )
    def post(self, request, pk):
        application = get_object_or_404(Application.objects.select_related("cohort"), pk=pk)
        if not can_manage_cohort(request.user, application.cohort):
            raise PermissionDenied()
        data = DecisionInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.application_decide(application=application, by=request.user, **data.validated_data)
        return Response(_application_out(application, request.user))


class ApplicationGuardianLinkView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Send the parent (guardian) a new consent link (the cohort's organisers; older links stop working)",
        request=None,
        responses={200: ApplicationOrganiserOutSerializer},
    )
    def post(self, request, pk):
        application = get_object_or_404(Application.objects.select_related("cohort"), pk=pk)
        if not can_manage_cohort(request.user, application.cohort):
            raise PermissionDenied()
        services.guardian_link_resend(application=application, by=request.user)
        return Response(_application_out(application, request.user))


class ApplicationPaperConsentView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Record a parent's (guardian's) consent signed on paper, with a scan (the cohort's organisers)",
        description="For an application awaiting its guardian. The scan is validated as on the organiser's page "
        "and kept private; the application then waits for a decision (or joins the waiting list when every "
        "place is held).",
        request={"multipart/form-data": PaperConsentInSerializer},
        responses={200: ApplicationOrganiserOutSerializer},
    )
    def post(self, request, pk):
        application = get_object_or_404(Application.objects.select_related("cohort"), pk=pk)
        if not can_manage_cohort(request.user, application.cohort):
            raise PermissionDenied()
        data = PaperConsentInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.guardian_consent_record_paper(
            application=application, by=request.user, **data.validated_data
        )
        return Response(_application_out(application, request.user))


class ApplicationWithdrawView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Withdraw one's own application", request=None, responses={200: APPLICATION_BY_ROLE}
    )
    def post(self, request, pk):
        application = get_object_or_404(Application, pk=pk, applicant=request.user)
        services.application_withdraw(application=application, by=request.user)
        return Response(_application_out(application, request.user))


class ApplicationConfirmView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Confirm an accepted or offered place",
        request=None,
        responses={200: APPLICATION_BY_ROLE},
    )
    def post(self, request, pk):
        application = get_object_or_404(Application, pk=pk, applicant=request.user)
        services.application_confirm(application=application, by=request.user)
        return Response(_application_out(application, request.user))


class _CohortOrganiserView(APIView):
    permission_classes = [IsAuthenticated, IsCohortOrganiser]

    def get_cohort(self, pk):
        cohort = get_object_or_404(selectors.cohorts_public(), pk=pk)
        self.check_object_permissions(self.request, cohort)
        return cohort


class CohortAttendanceView(_CohortOrganiserView):
    @extend_schema(
        summary="Mark one day's attendance (everyone not listed as present is absent)",
        request=AttendanceInSerializer,
        responses={200: AttendanceRecordOutSerializer(many=True)},
    )
    def post(self, request, pk):
        cohort = self.get_cohort(pk)
        data = AttendanceInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        notes = {}
        for key, value in data.validated_data["notes"].items():
            application_id = parse_id(key)
            if application_id is not None:
                notes[application_id] = value
        records = services.attendance_mark(
            cohort=cohort,
            by=request.user,
            day=data.validated_data["day"],
            present_ids=set(data.validated_data["present"]),
            notes=notes,
        )
        return Response(AttendanceRecordOutSerializer(records, many=True).data)


class CohortGraduateView(_CohortOrganiserView):
    @extend_schema(
        summary="Graduate participants who attended: alumni record, alumnus role and a certificate each",
        request=GraduateInSerializer,
        responses={200: CertificateOutSerializer(many=True)},
    )
    def post(self, request, pk):
        cohort = self.get_cohort(pk)
        data = GraduateInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        certificates = services.cohort_graduate(
            cohort=cohort, by=request.user, application_ids=data.validated_data["applications"]
        )
        out = [
            {"application_id": c.application_id, "code": c.code, "verify_url": certificate_verify_url(c)}
            for c in certificates
        ]
        return Response(CertificateOutSerializer(out, many=True).data)
