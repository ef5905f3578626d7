"""Accounts: the admin door and user management, as role permissions (each app adds its own in its
permissions.py; core.registry.role_permissions collects them)."""

from . import roles

ROLE_PERMISSIONS = {
    roles.STUDENT: [],
    roles.TEACHER: [],
    roles.ORGANISER: ["wagtailadmin.access_admin"],
    roles.ALUMNUS: [],
    roles.SITE_ADMIN: ["wagtailadmin.access_admin", "accounts.add_user", "accounts.change_user"],
}
