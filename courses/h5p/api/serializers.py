"""Input and output shapes of the H5P API."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from ..models import H5PLibrary, H5PPackage
from ..player import player_config

MAX_STATE_BYTES = 256 * 1024


class PackageUploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("The .h5p file."))


class LibraryOutputSerializer(serializers.ModelSerializer):
    version = serializers.SerializerMethodField()

    class Meta:
        model = H5PLibrary
        fields = ["machine_name", "version", "title"]

    def get_version(self, obj) -> str:
        return f"{obj.major_version}.{obj.minor_version}.{obj.patch_version}"


class PlayerOutputSerializer(serializers.Serializer):
    h5p_json_path = serializers.CharField()
    object_iri = serializers.CharField()
    state_url = serializers.CharField()
    xapi_url = serializers.CharField()


class PackageOutputSerializer(serializers.ModelSerializer):
    main_library = LibraryOutputSerializer()
    libraries = LibraryOutputSerializer(many=True)
    player = serializers.SerializerMethodField()

    class Meta:
        model = H5PPackage
        fields = [
            "id",
            "uuid",
            "title",
            "language",
            "main_library",
            "libraries",
            "file_count",
            "total_size",
            "created_at",
            "player",
        ]

    def get_player(self, obj) -> PlayerOutputSerializer:
        request = self.context.get("request")
        return PlayerOutputSerializer(player_config(obj, request)).data


class StateInputSerializer(serializers.Serializer):
    state = serializers.JSONField(help_text=_("The player's state (what getCurrentState returned)."))

    def validate_state(self, value):
        import json

        if len(json.dumps(value)) > MAX_STATE_BYTES:
            raise serializers.ValidationError(_("The state is too large."))
        return value


class StateOutputSerializer(serializers.Serializer):
    state = serializers.JSONField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)


class XAPIVerbSerializer(serializers.Serializer):
    id = serializers.URLField(help_text=_("The verb's IRI, e.g. http://adlnet.gov/expapi/verbs/completed."))
    display = serializers.DictField(child=serializers.CharField(), required=False)


class XAPIObjectSerializer(serializers.Serializer):
    id = serializers.URLField(help_text=_("The activity's IRI: this site's URL of the H5P package."))


class XAPIScoreSerializer(serializers.Serializer):
    raw = serializers.FloatField(required=False)
    min = serializers.FloatField(required=False)
    max = serializers.FloatField(required=False)
    scaled = serializers.FloatField(required=False, min_value=-1, max_value=1)


class XAPIResultSerializer(serializers.Serializer):
    score = XAPIScoreSerializer(required=False)
    completion = serializers.BooleanField(required=False)
    success = serializers.BooleanField(required=False)
    duration = serializers.CharField(required=False, help_text=_("An ISO 8601 duration, e.g. PT1M5S."))


class XAPIStatementSerializer(serializers.Serializer):
    """One xAPI statement as the H5P player sends it. Only these members are read; any others (actor, context,
    timestamp) are accepted and ignored: the actor is always the logged-in user."""

    id = serializers.UUIDField(
        required=False, help_text=_("The statement's id; the server makes one up if absent.")
    )
    verb = XAPIVerbSerializer()
    object = XAPIObjectSerializer()
    result = XAPIResultSerializer(required=False)


XAPI_STATEMENTS = PolymorphicProxySerializer(
    component_name="XAPIStatements",
    serializers=[XAPIStatementSerializer, XAPIStatementSerializer(many=True, min_length=1, max_length=50)],
    resource_type_field_name=None,
    many=False,
)


class StatementsInputSerializer(serializers.Serializer):
    """One xAPI statement (a JSON object) or a list of up to 50."""

    def to_internal_value(self, data):
        return data


class StatementsOutputSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.UUIDField())
    client_reported = serializers.BooleanField(
        help_text=_("Always true: H5P scores are computed in the browser and stored as reported.")
    )


class BucketSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.IntegerField()


class ResultsOutputSerializer(serializers.Serializer):
    learners = serializers.IntegerField()
    completed = serializers.IntegerField()
    scored = serializers.IntegerField()
    min = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    max = serializers.FloatField(allow_null=True)
    buckets = BucketSerializer(many=True)
