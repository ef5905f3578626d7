"""Classrooms API: input serializers (what a client may send) and output serializers (what it gets)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from config.api.fields import IdField

from ..models import Membership
from ..states import STATES


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="display_name")


class ClassroomInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    school = serializers.CharField(max_length=200, required=False, allow_blank=True)
    grade = serializers.IntegerField(min_value=1, max_value=12, required=False, allow_null=True)
    language = serializers.CharField(max_length=8, required=False, help_text=_("ky, ru or en."))
    academic_year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    join_requires_approval = serializers.BooleanField(required=False)


class ClassroomPatchSerializer(ClassroomInputSerializer):
    name = serializers.CharField(max_length=100, required=False)
    join_enabled = serializers.BooleanField(required=False, help_text=_("Switch the join code on or off."))
    regenerate_code = serializers.BooleanField(
        required=False, help_text=_("True: a new join code; the old one stops working.")
    )
    archived = serializers.BooleanField(required=False, help_text=_("Archived classes are read-only."))


class ClassroomSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    school = serializers.CharField()
    grade = serializers.IntegerField(allow_null=True)
    language = serializers.CharField()
    academic_year = serializers.IntegerField()
    join_code = serializers.CharField()
    join_enabled = serializers.BooleanField()
    join_requires_approval = serializers.BooleanField()
    join_url = serializers.CharField()
    qr_url = serializers.CharField(help_text=_("The join link as a QR code (SVG)."))
    archived = serializers.BooleanField()
    owner = PersonSerializer()
    co_teachers = PersonSerializer(many=True)
    pupils = serializers.IntegerField()
    pending = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class JoinInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20, help_text=_("The class's 8-digit join code."))


class JoinSerializer(serializers.Serializer):
    class_id = serializers.IntegerField()
    class_name = serializers.CharField()
    status = serializers.CharField(help_text=_("active, or pending (waiting for the teacher's approval)."))


class StudentAddSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="student.id")
    username = serializers.CharField(source="student.username")
    first_name = serializers.CharField(source="student.first_name")
    last_name = serializers.CharField(source="student.last_name")
    status = serializers.CharField(help_text=_("active, or pending (waiting for the teacher's approval)."))
    joined_by = serializers.ChoiceField(source="via", choices=Membership.Via.choices)
    joined_at = serializers.DateTimeField()


class AssignmentInputSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=10, help_text=_("lesson, module or quiz."))
    content = IdField(help_text=_("Id of the lesson, module or quiz."))
    students = serializers.ListField(
        child=IdField(),
        required=False,
        allow_null=True,
        help_text=_("Ids of chosen pupils; leave out for the whole class."),
    )
    starts_at = serializers.DateTimeField(required=False, allow_null=True)
    due_at = serializers.DateTimeField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text=_("lesson, module or quiz."))
    content = serializers.IntegerField(
        help_text=_("Id of the lesson, module or quiz, in the class's language.")
    )
    title = serializers.CharField()
    note = serializers.CharField()
    starts_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    students = serializers.ListField(
        child=serializers.IntegerField(), allow_null=True, help_text=_("null: the whole class.")
    )
    practice = serializers.BooleanField()
    source = serializers.IntegerField(
        allow_null=True, help_text=_("The assignment a practice quiz reteaches.")
    )
    created_at = serializers.DateTimeField()


class CellSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    state = serializers.ChoiceField(choices=STATES)
    best_percent = serializers.IntegerField(allow_null=True)
    done_at = serializers.DateTimeField(allow_null=True)
    attempts = serializers.IntegerField()


class ReportColumnSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)
    recipients = serializers.IntegerField()
    done = serializers.IntegerField()
    late = serializers.IntegerField()
    overdue = serializers.IntegerField()
    done_percent = serializers.IntegerField()
    average_percent = serializers.IntegerField(allow_null=True, help_text=_("Quizzes: mean of best scores."))


class ReportRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    cells = CellSerializer(
        many=True, help_text=_("The assignments given to this pupil, each naming its assignment.")
    )


class ReportSerializer(serializers.Serializer):
    class_id = serializers.IntegerField()
    assignments = ReportColumnSerializer(many=True)
    students = ReportRowSerializer(many=True)


class OptionSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()
    correct = serializers.BooleanField()
    chosen = serializers.IntegerField()
    share = serializers.IntegerField(help_text=_("Percent of answers that chose it."))


class QuestionStatsSerializer(serializers.Serializer):
    id = serializers.CharField()
    type = serializers.CharField()
    text = serializers.CharField()
    answers = serializers.IntegerField()
    correct = serializers.IntegerField()
    share_correct = serializers.IntegerField()
    options = OptionSerializer(many=True)
    missed_by = serializers.ListField(child=serializers.IntegerField())


class DifficultQuestionsSerializer(serializers.Serializer):
    quiz = serializers.IntegerField()
    title = serializers.CharField()
    questions = QuestionStatsSerializer(many=True)


class ReteachInputSerializer(serializers.Serializer):
    quiz = serializers.IntegerField()
    questions = serializers.ListField(child=serializers.CharField(max_length=64), allow_empty=False)
    due_at = serializers.DateTimeField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class MyAssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    class_id = serializers.IntegerField()
    class_name = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    note = serializers.CharField()
    starts_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    state = serializers.ChoiceField(choices=STATES)
    state_label = serializers.CharField()
    best_percent = serializers.IntegerField(allow_null=True)
    done_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField()
