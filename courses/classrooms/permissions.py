"""Who may do what with classes: teachers manage the classes they own or share; a pupil sees only their own work.

Predicates here are the only place these rules are written; services check them, views and DRF classes call them.
"""

from rest_framework.permissions import BasePermission

from accounts import roles

# Permissions each role's group carries (the platform's role registry reads this).
ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.TEACHER: [
        "classrooms.add_classroom",
        "classrooms.view_classroom",
        "classrooms.change_classroom",
        "classrooms.view_assignment",
        "classrooms.add_assignment",
    ],
    roles.SITE_ADMIN: [
        "classrooms.view_classroom",
        "classrooms.change_classroom",
        "classrooms.view_membership",
        "classrooms.view_assignment",
    ],
}


def is_teacher(user) -> bool:
    """A person who may open classes: teachers and site admins."""
    return bool(
        user
        and user.is_authenticated
        and (user.is_superuser or user.has_role(roles.TEACHER) or user.has_role(roles.SITE_ADMIN))
    )


def teaches(user, classroom) -> bool:
    """The class's own teacher or a co-teacher it is shared with (one query at most)."""
    if not (user and user.is_authenticated):
        return False
    if classroom.owner_id == user.pk:
        return True
    return classroom.co_teachers.filter(teacher=user).exists()


def owns(user, classroom) -> bool:
    """Only the class's own teacher shares it, deletes it or hands it on."""
    return bool(user and user.is_authenticated and classroom.owner_id == user.pk)


class IsTeacher(BasePermission):
    """Opening classes and the teacher's own lists: teachers only."""

    def has_permission(self, request, view):
        return is_teacher(request.user)


class IsAuthenticated(BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated)
