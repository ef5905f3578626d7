"""The API's front door: an index of resources, and the error pages for unknown API URLs."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from core.registry import api_resources

# The index's own neighbours; every app's resources come from the API_RESOURCES of its api/urls.py.
OWN_RESOURCES = {"schema": "api:schema", "docs": "api:docs"}


class ApiIndexView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="Index of the API's resources", responses={200: dict})
    def get(self, request):
        resources = {}
        for name, url_name in {**OWN_RESOURCES, **api_resources()}.items():
            resources[name] = reverse(url_name, request=request)
        return Response({"version": "v1", "resources": resources})


def api_not_found(request, *args, **kwargs):
    return JsonResponse(
        {"error": {"status": 404, "code": "not_found", "message": _("Not found.")}}, status=404
    )
