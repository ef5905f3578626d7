from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import User


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("Username"))
    password = serializers.CharField(
        label=_("Password"), style={"input_type": "password"}, trim_whitespace=False
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.ListField(source="role_slugs", child=serializers.CharField(), read_only=True)
    language = serializers.ChoiceField(source="preferred_language", choices=settings.LANGUAGES)

    class Meta:
        model = User
        fields = ("id", "username", "email", "first_name", "last_name", "roles", "language")
        read_only_fields = ("id", "username")
