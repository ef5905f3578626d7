"""Who may do what in camps: organisers manage only their own cohorts; site admins manage all."""

from rest_framework import permissions

from accounts import roles

# Organisers create cohorts (they organise what they create) and see and change their own cohorts only (the camps
# admin views narrow every queryset to them).
ROLE_PERMISSIONS = {
    roles.ORGANISER: [
        "camps.add_cohort",
        "camps.view_cohort",
        "camps.change_cohort",
        "camps.view_application",
        "camps.change_application",
        "camps.view_certificate",
    ],
    roles.SITE_ADMIN: [
        "camps.add_cohort",
        "camps.change_cohort",
        "camps.delete_cohort",
        "camps.view_cohort",
        "camps.view_application",
        "camps.change_application",
        "camps.view_certificate",
        "camps.change_certificate",
    ],
}


def is_camps_admin(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_role(roles.SITE_ADMIN)))


def can_manage_cohort(user, cohort) -> bool:
    """Organisers of this cohort and site admins."""
    if not (user and user.is_authenticated):
        return False
    if is_camps_admin(user):
        return True
    return cohort.organisers.filter(pk=user.pk).exists()


def is_organiser(user) -> bool:
    return bool(user and user.is_authenticated and (user.has_role(roles.ORGANISER) or is_camps_admin(user)))


class IsOrganiser(permissions.BasePermission):
    """People with the organiser role (and site admins): they create cohorts."""

    def has_permission(self, request, view):
        return is_organiser(request.user)


class IsCohortOrganiser(permissions.BasePermission):
    """For views whose object is a cohort: only its organisers and site admins."""

    def has_object_permission(self, request, view, obj):
        return can_manage_cohort(request.user, obj)


class IsApplicantOrCohortOrganiser(permissions.BasePermission):
    """An application is seen by the person who made it and by its cohort's organisers."""

    def has_object_permission(self, request, view, obj):
        if obj.applicant_id is not None and obj.applicant_id == request.user.pk:
            return True
        return can_manage_cohort(request.user, obj.cohort)
