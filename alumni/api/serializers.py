"""Alumni API: separate input and output serializers."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import AlumniProfile, AlumniRecord, Interest, Region


class RecordOutSerializer(serializers.ModelSerializer):
    programme = serializers.SerializerMethodField()
    cohort = serializers.SerializerMethodField()

    class Meta:
        model = AlumniRecord
        fields = ("programme", "cohort", "year")

    @extend_schema_field(
        {"type": "object", "properties": {"key": {"type": "string"}, "title": {"type": "string"}}}
    )
    def get_programme(self, obj):
        return {"key": str(obj.programme.translation_key), "title": obj.programme.title}

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
        }
    )
    def get_cohort(self, obj):
        return {"id": obj.cohort_id, "name": obj.cohort.name} if obj.cohort_id else None


def _photo_url(profile, spec: str) -> str | None:
    if profile.photo is None:
        return None
    return profile.photo.get_rendition(spec).url


class DirectoryEntrySerializer(serializers.ModelSerializer):
    """What other alumni see: never an address, a date of birth or an account name."""

    region_label = serializers.CharField(source="get_region_display")
    interests = serializers.ListField(source="interest_list", child=serializers.CharField())
    programmes = RecordOutSerializer(source="user.alumni_records", many=True)
    photo_url = serializers.SerializerMethodField()

    class Meta:
        model = AlumniProfile
        fields = (
            "id",
            "display_name",
            "region",
            "region_label",
            "interests",
            "bio",
            "contact_note",
            "accepts_messages",
            "photo_url",
            "programmes",
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_photo_url(self, obj):
        return _photo_url(obj, "fill-160x160")


class MyProfileOutSerializer(DirectoryEntrySerializer):
    is_adult = serializers.BooleanField()

    class Meta(DirectoryEntrySerializer.Meta):
        fields = (*DirectoryEntrySerializer.Meta.fields, "date_of_birth", "directory_visible", "is_adult")


class MyProfilePatchSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=200, required=False)
    region = serializers.ChoiceField(choices=[("", "—"), *Region.choices], required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    bio = serializers.CharField(max_length=600, required=False, allow_blank=True)
    contact_note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    accepts_messages = serializers.BooleanField(required=False)
    directory_visible = serializers.BooleanField(required=False)
    interests = serializers.ListField(child=serializers.ChoiceField(choices=Interest.choices), required=False)


class MessageInSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=3000)


class MessageOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sent_at = serializers.DateTimeField()
