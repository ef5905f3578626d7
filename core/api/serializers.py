"""Core API: what the personal-data endpoints take."""

from rest_framework import serializers


class ErasureInSerializer(serializers.Serializer):
    password = serializers.CharField(trim_whitespace=False, write_only=True)
