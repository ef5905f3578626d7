"""Alumni API: separate input and output serializers."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.fields import DateTimeField

from ..models import AlumniProfile, AlumniRecord, Interest, Region, RegistrationStatus


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
    photo_url = serializers.SerializerMethodField(allow_null=True)  # null: no photo

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


# Forum events ------------------------------------------------------------------------------------------------


class AgendaItemSerializer(serializers.Serializer):
    time = serializers.CharField()
    title = serializers.CharField()
    details = serializers.CharField()


class EventOutSerializer(serializers.Serializer):
    """An event in the request's language (its page there, else any language)."""

    id = serializers.IntegerField()
    title = serializers.SerializerMethodField()
    intro = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    programme_of_the_day = serializers.SerializerMethodField()
    venue = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()
    online = serializers.SerializerMethodField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    timezone = serializers.SerializerMethodField()
    capacity = serializers.IntegerField()
    places_left = serializers.SerializerMethodField()
    waiting = serializers.IntegerField()
    registration_opens_at = serializers.DateTimeField()
    registration_closes_at = serializers.DateTimeField()
    is_open = serializers.SerializerMethodField()
    requires_approval = serializers.BooleanField()
    asks = serializers.SerializerMethodField()
    offer_hours = serializers.IntegerField()
    cancelled = serializers.SerializerMethodField()
    calendar_url = serializers.SerializerMethodField()

    def _page(self, obj):
        cache = self.context.setdefault("pages", {})
        if obj.pk not in cache:
            cache[obj.pk] = obj.page_in(self.context.get("language") or "ky")
        return cache[obj.pk]

    @extend_schema_field(OpenApiTypes.STR)
    def get_title(self, obj):
        page = self._page(obj)
        return page.title if page else obj.name

    @extend_schema_field(OpenApiTypes.STR)
    def get_intro(self, obj):
        page = self._page(obj)
        return page.intro if page else ""

    @extend_schema_field(OpenApiTypes.STR)
    def get_language(self, obj):
        page = self._page(obj)
        return page.locale.language_code if page else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_url(self, obj):
        page = self._page(obj)
        return page.url if page else None

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_programme_of_the_day(self, obj):
        page = self._page(obj)
        if page is None:
            return []
        return [
            {"time": b.value["time"], "title": b.value["title"], "details": b.value.get("details") or ""}
            for b in page.agenda
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_venue(self, obj):
        page = self._page(obj)
        return page.venue if page else ""

    @extend_schema_field(OpenApiTypes.STR)
    def get_address(self, obj):
        page = self._page(obj)
        return page.address if page else ""

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"is_online": {"type": "boolean"}, "link": {"type": "string", "nullable": True}},
        }
    )
    def get_online(self, obj):
        """The link itself only for those with a confirmed place and the organisers."""
        shown = obj.pk in self.context.get("link_for", set())
        return {
            "is_online": bool(obj.online_url),
            "link": obj.online_url if shown and obj.online_url else None,
        }

    @extend_schema_field(OpenApiTypes.STR)
    def get_timezone(self, obj):
        return "Asia/Bishkek"

    @extend_schema_field(OpenApiTypes.INT)
    def get_places_left(self, obj):
        return max(obj.capacity - obj.places_taken, 0)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_open(self, obj):
        return obj.is_open()

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"dietary_needs": {"type": "boolean"}, "travel_support": {"type": "boolean"}},
        }
    )
    def get_asks(self, obj):
        return {"dietary_needs": obj.ask_dietary, "travel_support": obj.ask_travel}

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_cancelled(self, obj):
        return obj.cancelled_at is not None

    @extend_schema_field(OpenApiTypes.STR)
    def get_calendar_url(self, obj):
        from django.urls import reverse

        return reverse("api:alumni-event-calendar", kwargs={"pk": obj.pk})


class RegistrationInSerializer(serializers.Serializer):
    dietary_needs = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    needs_travel_support = serializers.BooleanField(required=False, default=False)


class RegistrationOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.IntegerField(source="event_id")
    status = serializers.ChoiceField(choices=RegistrationStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    position = serializers.SerializerMethodField(
        help_text="Place on the waiting list (1 = next); null otherwise."
    )
    offer_expires_at = serializers.DateTimeField(allow_null=True)
    dietary_needs = serializers.CharField()
    needs_travel_support = serializers.BooleanField()
    registered_at = serializers.DateTimeField(source="created_at")
    checked_in_at = serializers.DateTimeField(allow_null=True)
    checkin_code = serializers.SerializerMethodField(
        help_text="Shown as a QR code at the door; confirmed only."
    )

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_position(self, obj):
        from ..selectors import waitlist_position

        return waitlist_position(registration=obj)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_checkin_code(self, obj):
        from ..checkin import code_for

        return code_for(obj) if obj.status == RegistrationStatus.CONFIRMED else None


class CheckinInSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=200)
    scanned_at = DateTimeField(required=False, help_text="When an offline page scanned the code.")


class CheckinOutSerializer(serializers.Serializer):
    registration = serializers.IntegerField(source="pk")
    name = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=RegistrationStatus.choices)
    checked_in_at = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, obj):
        from ..selectors import person_name

        return person_name(obj)


class FeedbackInSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class FeedbackOutSerializer(serializers.Serializer):
    rating = serializers.IntegerField()
    comment = serializers.CharField()
    given_at = serializers.DateTimeField(source="created_at")
