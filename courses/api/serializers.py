"""Courses API: input serializers (what a client may send) and output serializers (what it gets)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Topic


class TopicFilterSerializer(serializers.Serializer):
    topic = serializers.ChoiceField(choices=Topic.choices, required=False, allow_blank=True)


class ProgressSerializer(serializers.Serializer):
    completed = serializers.IntegerField(help_text=_("Lessons completed."))
    total = serializers.IntegerField(help_text=_("Lessons in the module."))
    percent = serializers.IntegerField()


class PageLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()


class ModuleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    language = serializers.CharField()
    topic = serializers.ChoiceField(choices=Topic.choices)
    summary = serializers.CharField()
    cover_image = serializers.IntegerField(allow_null=True, help_text=_("Image id."))
    age_min = serializers.IntegerField()
    age_max = serializers.IntegerField()
    estimated_minutes = serializers.IntegerField()
    learning_outcomes = serializers.ListField(child=serializers.CharField())
    progress = ProgressSerializer(
        allow_null=True, help_text=_("The logged-in learner's progress; null otherwise.")
    )


class LessonItemSerializer(PageLinkSerializer):
    summary = serializers.CharField()
    estimated_minutes = serializers.IntegerField()
    completed = serializers.BooleanField(allow_null=True)


class ModuleDetailSerializer(ModuleSerializer):
    lessons = LessonItemSerializer(many=True)


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "example": "paragraph"},
                "id": {"type": "string"},
                "value": {},
            },
        },
    }
)
class BodyField(serializers.JSONField):
    """The lesson body as structured blocks: [{"type", "id", "value"}]; a quiz block's value is
    {"quiz": id, "title"} (fetch the quiz from /quizzes/{id}/)."""


class LessonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    language = serializers.CharField()
    summary = serializers.CharField()
    estimated_minutes = serializers.IntegerField()
    module = PageLinkSerializer()
    previous = PageLinkSerializer(allow_null=True)
    next = PageLinkSerializer(allow_null=True)
    body = BodyField()
    quizzes = serializers.ListField(child=serializers.IntegerField())
    completed = serializers.BooleanField(allow_null=True)


class ChoiceSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    id = serializers.CharField()
    type = serializers.ChoiceField(choices=["single_choice", "multiple_choice", "true_false", "fill_blanks"])
    text = serializers.CharField()
    points = serializers.IntegerField()
    choices = ChoiceSerializer(many=True, required=False)
    text_parts = serializers.ListField(child=serializers.CharField(), required=False)
    blanks = serializers.IntegerField(required=False)


class QuizStateSerializer(serializers.Serializer):
    attempts_used = serializers.IntegerField()
    attempts_left = serializers.IntegerField(allow_null=True)
    passed = serializers.BooleanField()
    best_percent = serializers.IntegerField(allow_null=True)
    open_attempt = serializers.IntegerField(allow_null=True)
    deadline = serializers.DateTimeField(allow_null=True)


class QuizSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    language = serializers.CharField()
    intro = serializers.CharField()
    pass_mark = serializers.IntegerField()
    max_attempts = serializers.IntegerField(help_text=_("0 means no limit."))
    time_limit_minutes = serializers.IntegerField(allow_null=True)
    show_answers = serializers.CharField()
    questions = QuestionSerializer(many=True, help_text=_("Without correct answers or feedback."))
    mine = QuizStateSerializer(
        allow_null=True, help_text=_("The logged-in learner's attempts; null otherwise.")
    )


class AttemptInputSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(),
        help_text=_(
            "Question id → response: a choice id (single choice), a list of choice ids (multiple choice), "
            "true or false, or a list of strings, one per blank. Unanswered questions score 0."
        ),
    )
    attempt = serializers.IntegerField(
        required=False, help_text=_("The started attempt's id (required for a quiz with a time limit).")
    )
    answered_offline_at = serializers.DateTimeField(
        required=False,
        help_text=_("When the answers were given on a device without a network and sent later (its clock)."),
    )


class QuestionResultSerializer(serializers.Serializer):
    id = serializers.CharField()
    type = serializers.CharField()
    text = serializers.CharField()
    response = serializers.JSONField(allow_null=True)
    correct = serializers.BooleanField()
    points = serializers.IntegerField()
    max_points = serializers.IntegerField()
    feedback = serializers.ListField(child=serializers.CharField(), required=False)
    correct_answer = serializers.JSONField(required=False)


class AttemptSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    status = serializers.CharField()
    started_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    answered_offline_at = serializers.DateTimeField(
        allow_null=True, help_text=_("When the answers were given without a network, if they were.")
    )
    score = serializers.IntegerField()
    max_score = serializers.IntegerField()
    percent = serializers.IntegerField()
    passed = serializers.BooleanField()
    answers_shown = serializers.BooleanField(
        help_text=_("Whether correct answers and feedback are included.")
    )
    questions = QuestionResultSerializer(many=True)


class StartedAttemptSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    started_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField(allow_null=True)


class ProgressLessonSerializer(PageLinkSerializer):
    completed = serializers.BooleanField()
    last_seen_at = serializers.DateTimeField(allow_null=True)


class ProgressModuleSerializer(PageLinkSerializer):
    topic = serializers.CharField()
    progress = ProgressSerializer()
    lessons = ProgressLessonSerializer(many=True)


class MyProgressSerializer(serializers.Serializer):
    continue_lesson = PageLinkSerializer(allow_null=True)
    modules = ProgressModuleSerializer(many=True)


class LessonDoneSerializer(serializers.Serializer):
    completed = serializers.BooleanField()
