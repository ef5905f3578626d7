"""Camps API: separate input and output serializers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.fields import DateTimeField, IdField
from config.api.schema import AnyOfProxySerializer

from ..models import Application, Cohort, Consent, ProgrammePage, Question, Region, StatusChange
from ..services import ACCEPT, REJECT, WAITLIST
from ..services.applications import PERSONAL_FIELDS
from ..services.cohorts import COHORT_FIELDS, QUESTION_FIELDS


class ProgrammeOutSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    language = serializers.CharField(source="locale.language_code")

    class Meta:
        model = ProgrammePage
        fields = ("id", "title", "slug", "intro", "language", "url")

    @extend_schema_field(OpenApiTypes.STR)
    def get_url(self, obj):
        return obj.get_url()


class QuestionOutSerializer(serializers.ModelSerializer):
    text = serializers.CharField(
        source="text_in", help_text="in the language asked for (Kyrgyz if untranslated)"
    )
    choices = serializers.ListField(
        source="choice_list", child=serializers.CharField(), help_text="the values answers are given in"
    )
    choice_labels = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = ("id", "text", "kind", "choices", "choice_labels", "required")

    @extend_schema_field(
        serializers.ListField(
            child=serializers.CharField(), help_text="each choice in the language asked for"
        )
    )
    def get_choice_labels(self, obj):
        return [label for _value, label in obj.choices_in()]


class CohortOutSerializer(serializers.ModelSerializer):
    name = serializers.CharField(
        source="local_name", help_text="in the language asked for (Kyrgyz if untranslated)"
    )
    venue = serializers.CharField(source="local_venue")
    programme = serializers.SerializerMethodField()
    region_label = serializers.CharField(source="get_region_display")
    places_taken = serializers.IntegerField()
    places_left = serializers.SerializerMethodField()
    is_open = serializers.SerializerMethodField()
    questions = QuestionOutSerializer(many=True)

    class Meta:
        model = Cohort
        fields = (
            "id",
            "name",
            "programme",
            "region",
            "region_label",
            "venue",
            "starts_on",
            "ends_on",
            "applications_open_at",
            "applications_close_at",
            "capacity",
            "places_taken",
            "places_left",
            "min_age",
            "max_age",
            "language",
            "is_open",
            "questions",
        )

    @extend_schema_field(
        {"type": "object", "properties": {"id": {"type": "integer"}, "title": {"type": "string"}}}
    )
    def get_programme(self, obj):
        return {"id": obj.programme_id, "title": obj.programme.title}

    @extend_schema_field(OpenApiTypes.INT)
    def get_places_left(self, obj):
        return max(obj.capacity - obj.places_taken, 0)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_open(self, obj):
        return obj.is_open()


class CohortInSerializer(serializers.ModelSerializer):
    """What an organiser sets on a cohort; the rules between values (dates, window, ages, places held) are the
    model's and come back as errors on the field concerned."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: DateTimeField,
    }
    programme = IdField(help_text="programme page id (any language)")

    class Meta:
        model = Cohort
        fields = COHORT_FIELDS


class QuestionInSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = QUESTION_FIELDS


class CohortCreateInSerializer(CohortInSerializer):
    questions = QuestionInSerializer(
        many=True, required=False, help_text="asked of every applicant, in this order"
    )

    class Meta(CohortInSerializer.Meta):
        fields = (*COHORT_FIELDS, "questions")


class CohortQuerySerializer(serializers.Serializer):
    programme = IdField(required=False, help_text="programme page id (any language)")


class ApplicationQuerySerializer(serializers.Serializer):
    cohort = IdField(required=False)


class ApplicationInSerializer(serializers.Serializer):
    full_name = serializers.CharField(label=_("full name"), max_length=200)
    date_of_birth = serializers.DateField(label=_("date of birth"))
    region = serializers.ChoiceField(label=_("region"), choices=Region.choices)
    school = serializers.CharField(
        label=_("school or university"), max_length=300, required=False, allow_blank=True
    )
    contact_phone = serializers.CharField(label=_("phone"), max_length=50, required=False, allow_blank=True)
    contact_email = serializers.EmailField(label=_("email"), required=False, allow_blank=True)
    guardian_name = serializers.CharField(
        label=_("parent or guardian's name"), max_length=200, required=False, allow_blank=True
    )
    guardian_contact = serializers.CharField(
        label=_("parent or guardian's phone or email"),
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="for applicants under 18: the consent link is sent there (mail or text message)",
    )
    guardian_language = serializers.ChoiceField(
        label=_("parent or guardian's language"),
        choices=settings.LANGUAGES,
        required=False,
        default=settings.LANGUAGE_CODE,
    )
    photo_consent = serializers.BooleanField(required=False, default=False)
    answers = serializers.DictField(required=False, default=dict)


class ApplicationPatchSerializer(ApplicationInSerializer):
    """The applicant changes any field; an organiser changes only the notes."""

    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.required = False
        self.fields["guardian_language"].default = serializers.empty
        self.fields["photo_consent"].default = serializers.empty
        self.fields["answers"].default = serializers.empty


class ConsentOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consent
        fields = ("kind", "given_by", "method", "text_version", "given_at", "withdrawn_at")


class StatusChangeOutSerializer(serializers.ModelSerializer):
    from_status = serializers.CharField(help_text="an application status, or empty for the first")
    to_status = serializers.CharField(help_text="an application status")
    changed_by = serializers.CharField(source="changed_by.username", default=None)

    class Meta:
        model = StatusChange
        fields = ("from_status", "to_status", "changed_by", "changed_at", "message")


class ApplicationMessageOutSerializer(serializers.ModelSerializer):
    """A message written to the applicant with a decision."""

    at = serializers.DateTimeField(source="changed_at")
    status = serializers.CharField(source="to_status", help_text="the status the message came with")
    text = serializers.CharField(source="message")

    class Meta:
        model = StatusChange
        fields = ("at", "status", "text")


class ApplicationOutSerializer(serializers.ModelSerializer):
    cohort_name = serializers.CharField(source="cohort.local_name")
    messages = serializers.SerializerMethodField()
    consents = ConsentOutSerializer(many=True)
    certificate_code = serializers.SerializerMethodField()
    waiting_position = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = (
            "id",
            "cohort",
            "cohort_name",
            "status",
            *PERSONAL_FIELDS,
            "answers",
            "consents",
            "submitted_at",
            "offer_expires_at",
            "waiting_position",
            "messages",
            "certificate_code",
        )

    @extend_schema_field(ApplicationMessageOutSerializer(many=True))
    def get_messages(self, obj):
        changes = obj.status_changes.all()  # prefetched by every view that lists applications
        return ApplicationMessageOutSerializer(
            sorted((c for c in changes if c.message), key=lambda c: (c.changed_at, c.pk)), many=True
        ).data

    @extend_schema_field(
        serializers.IntegerField(
            allow_null=True, help_text="place in the waiting list (1 is next); null if not on it"
        )
    )
    def get_waiting_position(self, obj):
        return getattr(obj, "waiting_position", None)

    @extend_schema_field(
        serializers.CharField(allow_null=True, help_text="null until a valid certificate exists")
    )
    def get_certificate_code(self, obj):
        certificate = getattr(obj, "certificate", None)
        return certificate.code if certificate and not certificate.revoked_at else None


class ApplicationOrganiserOutSerializer(ApplicationOutSerializer):
    """What the cohort's organisers see; the applicant gets the same without `notes` and `status_changes`
    (one operation answers both, so the schema marks those two as optional)."""

    status_changes = StatusChangeOutSerializer(
        many=True, required=False, help_text="for the cohort's organisers"
    )

    class Meta(ApplicationOutSerializer.Meta):
        fields = (*ApplicationOutSerializer.Meta.fields, "notes", "status_changes")


# What one application looks like depends on who asks: its applicant sees ApplicationOut, the cohort's
# organisers (and site admins) see ApplicationOrganiserOut, with their notes and the status history.
APPLICATION_BY_ROLE = AnyOfProxySerializer(
    component_name="ApplicationForRole",
    serializers=[ApplicationOutSerializer, ApplicationOrganiserOutSerializer],
)


class DecisionInSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[ACCEPT, WAITLIST, REJECT])
    message = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class PaperConsentInSerializer(serializers.Serializer):
    """A consent the parent (guardian) signed on paper, recorded by an organiser with a scan of the form."""

    given_by = serializers.CharField(label=_("Signed by (parent or guardian's name)"), max_length=200)
    signed_on = serializers.DateField(
        label=_("Signed on"), required=False, allow_null=True, default=None, help_text="not in the future"
    )
    photos = serializers.BooleanField(
        required=False, default=False, help_text="the form also consents to photos"
    )
    scan = serializers.FileField(
        label=_("Scan of the signed form (PDF, JPEG or PNG)"),
        help_text="PDF, JPEG or PNG (checked by its first bytes), at most 10 MB; kept private to the organisers",
    )


class AttendanceInSerializer(serializers.Serializer):
    day = serializers.DateField()
    present = serializers.ListField(child=IdField(), allow_empty=True)
    notes = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)


class AttendanceRecordOutSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application_id")
    day = serializers.DateField()
    present = serializers.BooleanField()
    note = serializers.CharField()


class GraduateInSerializer(serializers.Serializer):
    applications = serializers.ListField(child=IdField(), allow_empty=False)


class CertificateOutSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application_id")
    code = serializers.CharField()
    verify_url = serializers.CharField()
