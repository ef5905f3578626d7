"""Classroom data in the personal-data export and erasure: a person's classes (taught and attended), the work set
for them with its state, their notices and their classroom settings.

Erasure removes the person from every class, deletes their notices, recipient rows and settings; classes they
own pass to their longest-standing co-teacher, or, with none, are archived and kept for the other pupils'
records (the owner's account itself is anonymised by accounts).
"""

from django.db import transaction
from django.utils import timezone

from . import selectors
from .models import (
    Assignment,
    AssignmentRecipient,
    Classroom,
    ClassroomProfile,
    CoTeacher,
    Membership,
    Notice,
)

COVERS = [
    "classrooms.Membership",
    "classrooms.CoTeacher",
    "classrooms.AssignmentRecipient",
    "classrooms.Notice",
    "classrooms.ClassroomProfile",
]
EXEMPT = {
    "classrooms.Classroom": "the teacher who owns a class; erasure hands it to a co-teacher or archives it, "
    "because the class holds other pupils' records",
    "classrooms.Assignment": "the teacher who set the work (created_by); erasure clears it",
}


def _dt(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    memberships = selectors.my_classes(user=user)
    taught = list(selectors.classes_taught(user=user).select_related("owner"))
    items = selectors.my_assignments(user=user)
    profile = ClassroomProfile.objects.filter(user=user).first()
    return {
        "classes_attended": [
            {
                "class": m.classroom.name,
                "teacher": m.classroom.owner.display_name,
                "status": m.status,
                "joined_by": m.via,
                "joined_at": _dt(m.joined_at),
            }
            for m in memberships
        ],
        "classes_taught": [
            {
                "class": c.name,
                "school": c.school,
                "grade": c.grade,
                "academic_year": c.academic_year,
                "role": "teacher" if c.owner_id == user.pk else "co-teacher",
                "archived_at": _dt(c.archived_at),
            }
            for c in taught
        ],
        "assignments": [
            {
                "class": i.assignment.classroom.name,
                "title": i.assignment.title,
                "due_at": _dt(i.assignment.due_at),
                "state": i.cell.state,
                "best_percent": i.cell.best_percent,
                "done_at": _dt(i.cell.done_at),
            }
            for i in items
        ],
        "notices": [
            {
                "assignment": n.assignment.title,
                "kind": n.kind,
                "created_at": _dt(n.created_at),
                "read_at": _dt(n.read_at),
            }
            for n in Notice.objects.filter(user=user).select_related("assignment")
        ],
        "classroom_settings": (
            {
                "email_frequency": profile.email_frequency,
                "must_change_password": profile.must_change_password,
                "account_created_by_teacher": profile.account_created_by_id is not None,
            }
            if profile
            else None
        ),
    }


@transaction.atomic
def erase(user) -> None:
    Membership.objects.filter(student=user).delete()
    AssignmentRecipient.objects.filter(student=user).delete()
    Notice.objects.filter(user=user).delete()
    ClassroomProfile.objects.filter(user=user).delete()
    ClassroomProfile.objects.filter(account_created_by=user).update(account_created_by=None)
    Assignment.objects.filter(created_by=user).update(created_by=None)
    CoTeacher.objects.filter(teacher=user).delete()
    for classroom in Classroom.objects.select_for_update().filter(owner=user):
        heir = classroom.co_teachers.order_by("added_at", "pk").first()
        if heir is not None:
            classroom.owner_id = heir.teacher_id
            heir.delete()
            classroom.save(update_fields=["owner"])
        elif classroom.archived_at is None:
            classroom.archived_at = timezone.now()
            classroom.join_enabled = False
            classroom.save(update_fields=["archived_at", "join_enabled"])
