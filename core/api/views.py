"""Core API: the caller's own data, from every app, and its erasure (with the caller's password)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import personal_data as privacy
from .serializers import ErasureInSerializer


class DataExportView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Everything Civic keeps about the caller, from every part of the platform, as JSON",
        responses={200: dict},
    )
    def get(self, request):
        response = Response(privacy.personal_data_export(user=request.user))
        response["Content-Disposition"] = 'attachment; filename="civic-my-data.json"'
        return response


class DataErasureView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Erase the caller's personal data everywhere and close the account (needs the password)",
        request=ErasureInSerializer,
        responses={204: None},
    )
    def post(self, request):
        data = ErasureInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        privacy.personal_data_erase_confirmed(user=request.user, password=data.validated_data["password"])
        return Response(status=status.HTTP_204_NO_CONTENT)
