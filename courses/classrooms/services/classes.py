"""Classes: opening and editing them, their join code, co-teachers, and who is in them.

Concurrency: a pupil is in a class at most once because of the database's unique constraint
(``classroom_membership_once``); two joins racing each other end as one membership and one Conflict. Join codes
are unique across the site by a unique index; a new code that happens to collide is drawn again.
"""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict, Invalid, NotAllowed, NotFound

from ..cache import changed
from ..models import JOIN_CODE_LENGTH, Classroom, CoTeacher, Membership, MembershipStatus
from ..permissions import is_teacher, owns, teaches

__all__ = [
    "classroom_create",
    "classroom_update",
    "classroom_delete",
    "classroom_archive",
    "join_code_regenerate",
    "join_code_enable",
    "co_teacher_add",
    "co_teacher_remove",
    "class_join",
    "student_add",
    "membership_approve",
    "membership_remove",
]

EDITABLE = ("name", "school", "grade", "language", "academic_year", "join_requires_approval")
CODE_TRIES = 10


def _new_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(JOIN_CODE_LENGTH))


def _must_teach(by: User, classroom: Classroom) -> None:
    if not teaches(by, classroom):
        raise NotAllowed(_("This is not one of your classes."))


def _must_be_open(classroom: Classroom) -> None:
    if classroom.archived:
        raise Conflict(_("This class is archived: it can be read but not changed."), code="archived")


def _clean(fields: dict) -> dict:
    errors = {}
    name = (fields.get("name") or "").strip() if "name" in fields else None
    if name is not None:
        if not name:
            errors["name"] = [_("Give the class a name.")]
        fields["name"] = name
    grade = fields.get("grade")
    if grade not in (None, "") and not (isinstance(grade, int) and 1 <= grade <= 12):
        errors["grade"] = [_("The grade is a number from 1 to 12.")]
    if grade == "":
        fields["grade"] = None
    year = fields.get("academic_year")
    if year is not None and not (isinstance(year, int) and 2000 <= year <= 2100):
        errors["academic_year"] = [_("Give the year the school year begins, e.g. 2026.")]
    language = fields.get("language")
    if language is not None and language not in ("ky", "ru", "en"):
        errors["language"] = [_("Choose Kyrgyz, Russian or English.")]
    if errors:
        raise Invalid(_("Check the class's details."), fields=errors)
    return fields


def classroom_create(
    *,
    by: User,
    name: str,
    language: str = "ky",
    school: str = "",
    grade: int | None = None,
    academic_year: int | None = None,
    join_requires_approval: bool = False,
) -> Classroom:
    """A teacher opens a class; it gets a fresh 8-digit join code at once."""
    if not is_teacher(by):
        raise NotAllowed(_("Only teachers can open classes."))
    fields = _clean(
        {
            "name": name,
            "school": (school or "").strip(),
            "grade": grade,
            "language": language,
            "join_requires_approval": bool(join_requires_approval),
        }
        | ({"academic_year": academic_year} if academic_year is not None else {})
    )
    for _try in range(CODE_TRIES):
        try:
            with transaction.atomic():
                return Classroom.objects.create(owner=by, join_code=_new_code(), **fields)
        except IntegrityError:
            continue  # the code was taken a moment ago: draw another
    raise Conflict(_("No free join code could be found. Please try again."))


def classroom_update(*, classroom: Classroom, by: User, **changes) -> Classroom:
    with transaction.atomic():
        _must_teach(by, classroom)
        _must_be_open(classroom)
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise Invalid(fields={k: [_("This cannot be changed.")] for k in sorted(unknown)})
        changes = _clean(dict(changes))
        for name, value in changes.items():
            setattr(classroom, name, value)
        classroom.save(update_fields=list(changes) or None)
        return classroom


def classroom_delete(*, classroom: Classroom, by: User) -> None:
    """Only the class's own teacher deletes it, with its assignments and their practice quizzes."""
    with transaction.atomic():
        if not owns(by, classroom):
            raise NotAllowed(_("Only the class's own teacher can delete it."))
        from courses.models import Quiz

        practice = list(classroom.assignments.filter(practice=True).values_list("quiz_id", flat=True))
        classroom.delete()
        Quiz.objects.filter(pk__in=practice).delete()


def classroom_archive(*, classroom: Classroom, by: User, archived: bool = True) -> Classroom:
    """At the end of the year: the class is read-only (its reports stay) and its code admits nobody."""
    with transaction.atomic():
        _must_teach(by, classroom)
        classroom.archived_at = timezone.now() if archived else None
        classroom.save(update_fields=["archived_at"])
        return classroom


def join_code_regenerate(*, classroom: Classroom, by: User) -> Classroom:
    """A new code (the old one stops working at once), e.g. after it was shared too widely."""
    with transaction.atomic():
        _must_teach(by, classroom)
        _must_be_open(classroom)
        for _try in range(CODE_TRIES):
            classroom.join_code = _new_code()
            try:
                with transaction.atomic():
                    classroom.save(update_fields=["join_code"])
                return classroom
            except IntegrityError:
                continue
        raise Conflict(_("No free join code could be found. Please try again."))


def join_code_enable(*, classroom: Classroom, by: User, enabled: bool) -> Classroom:
    with transaction.atomic():
        _must_teach(by, classroom)
        _must_be_open(classroom)
        classroom.join_enabled = bool(enabled)
        classroom.save(update_fields=["join_enabled"])
        return classroom


def _user_by_username(username: str, field: str = "username") -> User:
    user = User.objects.filter(username__iexact=(username or "").strip(), is_active=True).first()
    if user is None:
        raise Invalid(fields={field: [_("There is no one with this username.")]})
    return user


def co_teacher_add(*, classroom: Classroom, by: User, username: str) -> CoTeacher:
    """The class's teacher shares it with another teacher, who then sees and manages it too."""
    if not owns(by, classroom):
        raise NotAllowed(_("Only the class's own teacher can share it."))
    _must_be_open(classroom)
    teacher = _user_by_username(username)
    if not is_teacher(teacher):
        raise Invalid(fields={"username": [_("This person is not a teacher on Civic.")]})
    if teacher.pk == classroom.owner_id:
        raise Conflict(_("This is your own class."))
    try:
        with transaction.atomic():
            return CoTeacher.objects.create(classroom=classroom, teacher=teacher)
    except IntegrityError as exc:
        raise Conflict(_("The class is already shared with this teacher.")) from exc


def co_teacher_remove(*, classroom: Classroom, by: User, teacher_id: int) -> None:
    """The owner stops sharing; a co-teacher may also leave the class."""
    with transaction.atomic():
        if not (owns(by, classroom) or by.pk == teacher_id):
            raise NotAllowed(_("Only the class's own teacher can stop sharing it."))
        deleted, _rows = CoTeacher.objects.filter(classroom=classroom, teacher_id=teacher_id).delete()
        if not deleted:
            raise NotFound(_("The class is not shared with this teacher."))


def _membership_create(*, classroom: Classroom, student: User, status: str, via: str) -> Membership:
    try:
        with transaction.atomic():
            return Membership.objects.create(classroom=classroom, student=student, status=status, via=via)
    except IntegrityError as exc:
        raise Conflict(_("This pupil is already in the class."), code="already_member") from exc


def class_join(*, student: User, code: str) -> Membership:
    """A pupil joins by the class's code: at once, or waiting for the teacher's approval when the class asks for
    it. A wrong code is invalid input; a switched-off code or an archived class admits nobody."""
    from ..selectors import classroom_by_code

    classroom = classroom_by_code(code=code)
    if classroom is None:
        raise Invalid(fields={"code": [_("There is no class with this code. Check the digits.")]})
    if classroom.archived:
        raise Conflict(_("This class is archived and takes no new pupils."), code="archived")
    if not classroom.join_enabled:
        raise Conflict(_("This class's code is switched off. Ask your teacher."), code="code_disabled")
    if teaches(student, classroom):
        raise Conflict(_("You teach this class."))
    status = MembershipStatus.PENDING if classroom.join_requires_approval else MembershipStatus.ACTIVE
    existing = Membership.objects.filter(classroom=classroom, student=student).first()
    if existing is not None:
        if existing.status == MembershipStatus.PENDING:
            raise Conflict(
                _("You have already asked to join; your teacher has not approved it yet."), code="pending"
            )
        raise Conflict(_("You are already in this class."), code="already_member")
    try:
        return _membership_create(
            classroom=classroom, student=student, status=status, via=Membership.Via.CODE
        )
    except Conflict as exc:
        raise Conflict(_("You are already in this class."), code="already_member") from exc


def student_add(*, classroom: Classroom, by: User, username: str) -> Membership:
    """The teacher adds a pupil who already has an account, by username (approving them if they were waiting)."""
    _must_teach(by, classroom)
    _must_be_open(classroom)
    student = _user_by_username(username)
    if teaches(student, classroom):
        raise Invalid(fields={"username": [_("This person teaches the class.")]})
    pending = Membership.objects.filter(classroom=classroom, student=student, status=MembershipStatus.PENDING)
    if pending.update(status=MembershipStatus.ACTIVE):
        changed()  # an update() sends no signal
        return Membership.objects.get(classroom=classroom, student=student)
    return _membership_create(
        classroom=classroom, student=student, status=MembershipStatus.ACTIVE, via=Membership.Via.TEACHER
    )


def membership_approve(*, classroom: Classroom, by: User, student_id: int) -> Membership:
    with transaction.atomic():
        _must_teach(by, classroom)
        _must_be_open(classroom)
        membership = (
            Membership.objects.select_for_update().filter(classroom=classroom, student_id=student_id).first()
        )
        if membership is None:
            raise NotFound(_("This pupil is not in the class."))
        if membership.status == MembershipStatus.ACTIVE:
            raise Conflict(_("This pupil is already in the class."))
        membership.status = MembershipStatus.ACTIVE
        membership.save(update_fields=["status"])
        return membership


def membership_remove(*, classroom: Classroom, by: User, student_id: int) -> None:
    """The teacher removes a pupil (or declines a request to join). Their own work stays theirs."""
    with transaction.atomic():
        _must_teach(by, classroom)
        _must_be_open(classroom)
        deleted, _rows = Membership.objects.filter(classroom=classroom, student_id=student_id).delete()
        if not deleted:
            raise NotFound(_("This pupil is not in the class."))
        from ..models import AssignmentRecipient

        AssignmentRecipient.objects.filter(assignment__classroom=classroom, student_id=student_id).delete()
