"""Who may do what with H5P: upload packages, see results; the permissions teachers and site admins carry."""

from rest_framework.permissions import BasePermission

from accounts import roles

# Teachers and site admins upload packages and see results; site admins also install libraries.
ROLE_PERMISSIONS = {
    roles.TEACHER: ["h5p.add_h5ppackage", "h5p.view_h5ppackage", "h5p.view_xapistatement"],
    roles.SITE_ADMIN: [
        "h5p.add_h5ppackage",
        "h5p.view_h5ppackage",
        "h5p.delete_h5ppackage",
        "h5p.view_h5plibrary",
        "h5p.install_library",
        "h5p.view_xapistatement",
    ],
}


def can_upload_packages(user) -> bool:
    """Editors and teachers upload packages; installing libraries is a separate permission."""
    return bool(
        user
        and user.is_authenticated
        and (
            user.has_perm("h5p.add_h5ppackage")
            or user.has_perm("h5p.install_library")
            or user.has_role(roles.TEACHER)
        )
    )


def can_see_results(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and (user.is_staff or user.has_perm("h5p.view_xapistatement") or user.has_role(roles.TEACHER))
    )


class CanUploadPackages(BasePermission):
    def has_permission(self, request, view):
        return can_upload_packages(request.user)


class CanSeeResults(BasePermission):
    """Teachers and editors see a package's results; learners do not (403)."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and can_see_results(request.user))
