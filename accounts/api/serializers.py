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
    token = serializers.CharField(
        help_text="Send it as `Authorization: Token <token>`; shown only this once."
    )
    expiry = serializers.DateTimeField(help_text="When the token stops working (ISO 8601).")


class ErrorBodySerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField(help_text="For people, in the request's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per input field, for invalid input.",
    )


class ErrorSerializer(serializers.Serializer):
    """The API's one error shape (config/api/errors.py)."""

    error = ErrorBodySerializer()


class MeUpdateSerializer(serializers.Serializer):
    """What a person may change about themselves through the API (never username or roles)."""

    first_name = serializers.CharField(
        label=_("First name"), max_length=150, required=False, allow_blank=True
    )
    last_name = serializers.CharField(label=_("Last name"), max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField(label=_("Email"), required=False, allow_blank=True)
    language = serializers.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, required=False)


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.ListField(source="role_slugs", child=serializers.CharField(), read_only=True)
    language = serializers.ChoiceField(source="preferred_language", choices=settings.LANGUAGES)

    class Meta:
        model = User
        fields = ("id", "username", "email", "first_name", "last_name", "roles", "language")
        read_only_fields = ("id", "username")
