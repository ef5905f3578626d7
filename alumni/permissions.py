"""Who may do what in alumni: the directory and relay are for alumni; an event's organisers run its
registrations and check-in; site admins manage everything. Plus the permissions each role's group carries."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from accounts import roles

ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.STUDENT: [],
    roles.TEACHER: [],
    # Organisers run their events from the organiser pages (scoped to their own events), not the admin.
    roles.ORGANISER: [],
    roles.ALUMNUS: [],
    roles.SITE_ADMIN: [
        "alumni.add_forumevent",
        "alumni.change_forumevent",
        "alumni.delete_forumevent",
        "alumni.view_forumevent",
        "alumni.view_registration",
        "alumni.change_registration",
        "alumni.add_alumnirecord",
        "alumni.change_alumnirecord",
        "alumni.delete_alumnirecord",
        "alumni.view_alumnirecord",
        "alumni.view_alumniprofile",
        "alumni.change_alumniprofile",
        "alumni.view_contactmessage",
        "alumni.view_feedback",
    ],
}


def is_alumni_admin(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_role(roles.SITE_ADMIN)))


def is_alumnus(user) -> bool:
    """Signed in, active and holding the alumnus role (given at graduation or by an import)."""
    return bool(user and user.is_authenticated and user.is_active and user.has_role(roles.ALUMNUS))


def can_see_directory(user) -> bool:
    return is_alumnus(user) or is_alumni_admin(user)


def can_manage_event(user, event) -> bool:
    """The event's organisers and site admins."""
    if not (user and user.is_authenticated):
        return False
    if is_alumni_admin(user):
        return True
    return event.organisers.filter(pk=user.pk).exists()


def is_event_organiser(user) -> bool:
    """Holds the organiser role (or is a site admin): sees the organiser pages, which list only their events.
    Decided from the roles alone, so the menu costs no query of its own."""
    return bool(user and user.is_authenticated and (user.has_role(roles.ORGANISER) or is_alumni_admin(user)))


class IsAlumnus(permissions.BasePermission):
    """Signed-in alumni (and site admins) only."""

    def has_permission(self, request, view):
        return can_see_directory(request.user)


class HasAlumniProfile(permissions.BasePermission):
    """Alumni themselves (not site admins, who have no profile of their own)."""

    message = _("Only alumni have an alumni profile.")

    def has_permission(self, request, view):
        return is_alumnus(request.user)


class IsEventOrganiser(permissions.BasePermission):
    """For views whose object is a forum event: only its organisers and site admins."""

    def has_object_permission(self, request, view, obj):
        return can_manage_event(request.user, obj)
