"""Who may do what with H5P: upload packages, see results."""

from rest_framework.permissions import BasePermission

from accounts import roles


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
