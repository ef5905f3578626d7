"""After migrate: teachers and site admins may upload H5P packages; site admins may also install libraries."""

from django.contrib.auth.models import Group, Permission

from accounts import roles

ROLE_PERMISSIONS = {
    roles.TEACHER: ["add_h5ppackage", "view_h5ppackage", "view_xapistatement"],
    roles.SITE_ADMIN: [
        "add_h5ppackage",
        "view_h5ppackage",
        "delete_h5ppackage",
        "view_h5plibrary",
        "install_library",
        "view_xapistatement",
    ],
}


def grant_role_permissions(sender, **kwargs):
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=roles.group_name(role))
        perms = Permission.objects.filter(content_type__app_label="h5p", codename__in=codenames)
        group.permissions.add(*perms)
