"""Assignments: setting work for a class or chosen pupils, removing it, and reteaching (a practice quiz of the
questions pupils missed, for exactly those pupils).

Content is always taken in the class's language: a lesson, module or quiz with no version in that language cannot
be assigned. Times are the server's (Asia/Bishkek); a due time must come after the start time.
"""

import uuid
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from core.errors import Conflict, Invalid, NotAllowed, NotFound
from courses.models import LessonPage, LessonQuiz, ModulePage, Quiz

from ..models import Assignment, AssignmentKind, AssignmentRecipient, Classroom, Membership, MembershipStatus
from ..permissions import teaches
from .notifications import assignment_notify

__all__ = ["assignment_create", "assignment_delete", "reteach_create", "content_resolve"]

NOTE_MAX = 2000


def _must_teach_open(by: User, classroom: Classroom) -> None:
    if not teaches(by, classroom):
        raise NotAllowed(_("This is not one of your classes."))
    if classroom.archived:
        raise Conflict(_("This class is archived: it can be read but not changed."), code="archived")


def content_resolve(*, classroom: Classroom, kind: str, content_id) -> tuple[object, str]:
    """The lesson, module or quiz with this id, in the class's language; and its title. Invalid otherwise."""
    from ..selectors import class_locale

    if kind not in AssignmentKind.values:
        raise Invalid(fields={"kind": [_("Choose a lesson, a module or a quiz.")]})
    if not isinstance(content_id, int) or content_id < 1:
        raise Invalid(fields={"content": [_("Choose what to assign.")]})
    locale = class_locale(classroom)
    missing = {
        AssignmentKind.LESSON: _("There is no such lesson."),
        AssignmentKind.MODULE: _("There is no such module."),
        AssignmentKind.QUIZ: _("There is no such quiz."),
    }[kind]
    not_in_language = _("This is not available in the class's language.")
    if kind == AssignmentKind.QUIZ:
        quiz = Quiz.objects.filter(pk=content_id).first()
        if quiz is None:
            raise Invalid(fields={"content": [missing]})
        quiz = Quiz.objects.filter(translation_key=quiz.translation_key, locale=locale).first()
        if quiz is None or not LessonQuiz.objects.filter(quiz=quiz, lesson__live=True).exists():
            raise Invalid(fields={"content": [not_in_language]})
        return quiz, quiz.title
    model = LessonPage if kind == AssignmentKind.LESSON else ModulePage
    page = model.objects.live().public().filter(pk=content_id).first()
    if page is None:
        raise Invalid(fields={"content": [missing]})
    if page.locale_id != locale.pk:
        page = (
            model.objects.live().public().filter(translation_key=page.translation_key, locale=locale).first()
        )
        if page is None:
            raise Invalid(fields={"content": [not_in_language]})
    return page, page.title


def _check_times(starts_at: datetime | None, due_at: datetime | None) -> None:
    errors = {}
    for name, value in (("starts_at", starts_at), ("due_at", due_at)):
        if value is not None and timezone.is_naive(value):
            errors[name] = [_("Give a time with its time zone.")]
    if not errors and starts_at and due_at and due_at <= starts_at:
        errors["due_at"] = [_("The due date must come after the start date.")]
    if errors:
        raise Invalid(_("Check the dates."), fields=errors)


def _recipients(classroom: Classroom, student_ids: list[int] | None) -> list[int] | None:
    """None for the whole class; else the chosen pupils, every one of whom must be in the class."""
    if student_ids is None:
        return None
    ids = sorted(set(student_ids))
    if not ids:
        raise Invalid(fields={"students": [_("Choose at least one pupil, or the whole class.")]})
    found = set(
        Membership.objects.filter(
            classroom=classroom, status=MembershipStatus.ACTIVE, student_id__in=ids
        ).values_list("student_id", flat=True)
    )
    if found != set(ids):
        raise Invalid(fields={"students": [_("Some of these pupils are not in the class.")]})
    return ids


def assignment_create(
    *,
    classroom: Classroom,
    by: User,
    kind: str,
    content_id: int,
    student_ids: list[int] | None = None,
    starts_at: datetime | None = None,
    due_at: datetime | None = None,
    note: str = "",
) -> Assignment:
    """Set a lesson, module or quiz for the class (or chosen pupils); they are told when it opens."""
    with transaction.atomic():
        _must_teach_open(by, classroom)
        content, title = content_resolve(classroom=classroom, kind=kind, content_id=content_id)
        _check_times(starts_at, due_at)
        if len(note or "") > NOTE_MAX:
            raise Invalid(fields={"note": [_("The note is too long.")]})
        chosen = _recipients(classroom, student_ids)
        assignment = Assignment.objects.create(
            classroom=classroom,
            kind=kind,
            **{kind: content},
            content_key=content.translation_key,
            title=title,
            note=(note or "").strip(),
            starts_at=starts_at,
            due_at=due_at,
            for_everyone=chosen is None,
            created_by=by,
        )
        if chosen is not None:
            AssignmentRecipient.objects.bulk_create(
                [AssignmentRecipient(assignment=assignment, student_id=pk) for pk in chosen]
            )
        assignment_notify(assignment=assignment)
        return assignment


def assignment_delete(*, assignment: Assignment, by: User) -> None:
    with transaction.atomic():
        _must_teach_open(by, assignment.classroom)
        quiz_id = assignment.quiz_id if assignment.practice else None
        assignment.delete()
        if quiz_id:
            Quiz.objects.filter(pk=quiz_id).delete()


def _practice_questions(quiz: Quiz, question_ids: list[str]) -> list[dict]:
    chosen = set(question_ids)
    return [dict(block) for block in quiz.questions.raw_data if str(block.get("id")) in chosen]


def reteach_create(
    *,
    classroom: Classroom,
    by: User,
    quiz_id: int,
    question_ids: list[str],
    due_at: datetime | None = None,
    note: str = "",
) -> Assignment:
    """From the difficult-questions report: a practice quiz of just the chosen questions (they keep their ids, so
    the report can compare), assigned to exactly the pupils whose latest attempt got any of them wrong."""
    from ..selectors import difficult_questions, quiz_in_class

    with transaction.atomic():
        _must_teach_open(by, classroom)
        quiz = quiz_in_class(classroom=classroom, quiz_id=quiz_id)
        ids = [str(q) for q in question_ids or [] if str(q).strip()]
        if not ids:
            raise Invalid(fields={"questions": [_("Choose at least one question.")]})
        stats = {s.question.id: s for s in difficult_questions(classroom=classroom, quiz=quiz)}
        unknown = [q for q in ids if q not in stats]
        if unknown:
            raise Invalid(fields={"questions": [_("Some of these questions are not in the quiz.")]})
        missed = sorted({pk for q in ids for pk in stats[q].missed_by})
        if not missed:
            raise Conflict(
                _("No pupil missed these questions: there is no one to reteach."), code="nobody_missed"
            )
        _check_times(None, due_at)
        if due_at is not None and due_at <= timezone.now():
            raise Invalid(fields={"due_at": [_("The due date must be in the future.")]})
        with override(classroom.language):
            title = _("Practice quiz: %(title)s") % {"title": quiz.title}
        practice = Quiz.objects.create(
            locale=quiz.locale,
            translation_key=uuid.uuid4(),
            title=title[:200],
            intro=quiz.intro,
            questions=_practice_questions(quiz, ids),
            pass_mark=quiz.pass_mark,
            max_attempts=0,
            show_answers=quiz.show_answers,
        )
        source = (
            Assignment.objects.filter(
                classroom=classroom, kind=AssignmentKind.QUIZ, content_key=quiz.translation_key
            )
            .order_by("-created_at")
            .first()
        )
        assignment = Assignment.objects.create(
            classroom=classroom,
            kind=AssignmentKind.QUIZ,
            quiz=practice,
            content_key=practice.translation_key,
            title=practice.title,
            note=(note or "").strip()[:NOTE_MAX],
            due_at=due_at,
            for_everyone=False,
            practice=True,
            source=source,
            created_by=by,
        )
        AssignmentRecipient.objects.bulk_create(
            [AssignmentRecipient(assignment=assignment, student_id=pk) for pk in missed]
        )
        assignment_notify(assignment=assignment)
        return assignment


def assignment_for_teacher(*, by: User, pk: int) -> Assignment:
    assignment = Assignment.objects.select_related("classroom").filter(pk=pk).first()
    if assignment is None:
        raise NotFound(_("There is no such assignment."))
    if not teaches(by, assignment.classroom):
        raise NotAllowed(_("This is not one of your classes."))
    return assignment
