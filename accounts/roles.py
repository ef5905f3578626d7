"""The roles a person can hold on Civic. Each is a Django group; a user may hold several."""

from django.utils.translation import gettext_lazy as _

STUDENT = "student"
TEACHER = "teacher"
ORGANISER = "organiser"
ALUMNUS = "alumnus"
SITE_ADMIN = "site_admin"

# Role slug -> (group name stored in the database, translated label).
ROLES = {
    STUDENT: ("Students", _("Student")),
    TEACHER: ("Teachers", _("Teacher")),
    ORGANISER: ("Camp organisers", _("Camp organiser")),
    ALUMNUS: ("Alumni", _("Alumnus")),
    SITE_ADMIN: ("Site admins", _("Site admin")),
}
GROUP_TO_ROLE = {group: role for role, (group, _label) in ROLES.items()}


def group_name(role: str) -> str:
    return ROLES[role][0]


def role_label(role: str):
    return ROLES[role][1]
