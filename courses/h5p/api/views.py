"""H5P API: upload a package, read its metadata, save resume state, record xAPI statements, see results."""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.parsers import JSONParser, MultiPartParser
from core.errors import Invalid

from .. import selectors, services
from ..package import PackageError
from ..permissions import CanSeeResults, CanUploadPackages
from ..xapi import statement_parse
from .serializers import (
    XAPI_STATEMENTS,
    PackageOutputSerializer,
    PackageUploadInputSerializer,
    ResultsOutputSerializer,
    StateInputSerializer,
    StatementsOutputSerializer,
    StateOutputSerializer,
)

MAX_STATEMENTS = 50


def _package_or_404(pk: int):
    package = selectors.package_get(pk=pk)
    if package is None:
        raise NotFound(_("There is no such H5P package."))
    return package


class PackageUploadView(APIView):
    permission_classes = [CanUploadPackages]
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Upload an H5P package",
        description="Validated like the admin upload and `import_h5p`. New or changed libraries need the "
        "`h5p.install_library` permission; otherwise the package may only use installed libraries.",
        request={"multipart/form-data": PackageUploadInputSerializer},
        responses={201: PackageOutputSerializer},
        tags=["h5p"],
    )
    def post(self, request):
        data = PackageUploadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            package = services.package_import(source=upload, user=request.user)
        except PackageError as exc:
            raise ValidationError({"file": [str(exc)]}, code=exc.code) from exc
        package = selectors.package_get(pk=package.pk)
        return Response(
            PackageOutputSerializer(package, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class PackageDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="An H5P package's metadata (not its files)", responses=PackageOutputSerializer, tags=["h5p"]
    )
    def get(self, request, pk: int):
        package = _package_or_404(pk)
        return Response(PackageOutputSerializer(package, context={"request": request}).data)


class PackageStateView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="The learner's saved state for a package", responses=StateOutputSerializer, tags=["h5p"]
    )
    def get(self, request, pk: int):
        package = _package_or_404(pk)
        state = selectors.h5p_state_get(user=request.user, package=package)
        body = {"state": state.data if state else None, "updated_at": state.updated_at if state else None}
        return Response(StateOutputSerializer(body).data)

    @extend_schema(
        summary="Save the learner's state for a package (to resume later)",
        request=StateInputSerializer,
        responses=StateOutputSerializer,
        tags=["h5p"],
    )
    def put(self, request, pk: int):
        package = _package_or_404(pk)
        data = StateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        state = services.h5p_state_save(user=request.user, package=package, data=data.validated_data["state"])
        return Response(StateOutputSerializer({"state": state.data, "updated_at": state.updated_at}).data)


class PackageResultsView(APIView):
    permission_classes = [IsAuthenticated, CanSeeResults]

    @extend_schema(
        summary="How many learners completed a package and the spread of their scores (teachers, editors)",
        responses=ResultsOutputSerializer,
        tags=["h5p"],
    )
    def get(self, request, pk: int):
        package = _package_or_404(pk)
        return Response(ResultsOutputSerializer(selectors.package_results(package=package)).data)


class XAPIStatementsView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Record the H5P player's xAPI statements for the logged-in learner",
        description="One statement or a list. Scores are computed by the player in the browser and stored as "
        "client-reported. The actor is always the logged-in user. Any malformed statement refuses the whole "
        "request (400) and nothing is stored.",
        request=XAPI_STATEMENTS,
        responses=StatementsOutputSerializer,
        examples=[
            OpenApiExample(
                "Completed with a score",
                value={
                    "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
                    "object": {"id": "https://civic.example/h5p/1b0e5b8e-8e38-4bd8-9f5e-0d2f8e7c1a11/"},
                    "result": {
                        "score": {"raw": 4, "min": 0, "max": 5, "scaled": 0.8},
                        "completion": True,
                        "success": True,
                        "duration": "PT1M5S",
                    },
                },
                request_only=True,
            )
        ],
        tags=["h5p"],
    )
    def post(self, request):
        raw = request.data
        items = raw if isinstance(raw, list) else [raw]
        if not items or len(items) > MAX_STATEMENTS:
            raise ValidationError(_("Send between 1 and %(limit)s statements.") % {"limit": MAX_STATEMENTS})
        parsed = []
        for index, item in enumerate(items):
            try:
                parsed.append(statement_parse(item))
            except Invalid as exc:
                if isinstance(raw, list):
                    raise ValidationError({str(index): exc.fields or [exc.message]}) from exc
                raise
        packages = {}
        for statement in parsed:
            package = selectors.package_by_uuid(package_uuid=statement.package_uuid)
            if package is None:
                raise ValidationError({"object.id": [_("The object is not an H5P activity of this site.")]})
            packages[statement.package_uuid] = package
        with transaction.atomic():
            stored = [
                services.xapi_statement_record(
                    user=request.user, package=packages[statement.package_uuid], statement=statement
                )
                for statement in parsed
            ]
        return Response(
            StatementsOutputSerializer(
                {"ids": [s.statement_id for s in stored], "client_reported": True}
            ).data
        )
