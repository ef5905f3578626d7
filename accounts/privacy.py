"""Personal data of accounts: the account itself, its sign-in tokens and the admin's per-person records.

Erasure closes the account rather than deleting the row: records that other people rely on (a camp's
anonymised counts, page revisions) keep pointing at it, but nothing in it names the person any more.
"""

from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken
from wagtail.admin.models import EditingSession, FormState
from wagtail.models import APIToken, PageSubscription
from wagtail.users.models import UserProfile

EDITORIAL = (
    "editorial history of the site's content (who edited or uploaded what); the account it points at is "
    "anonymised, so no name remains"
)

SECTION_LABELS = {
    "account": _("Account"),
}
COVERS = [
    "knox.AuthToken",
    "wagtailcore.APIToken",
    "wagtailusers.UserProfile",
    "wagtailcore.PageSubscription",
    "wagtailadmin.EditingSession",
    "wagtailadmin.FormState",
]
EXEMPT = {
    "wagtailcore.Page": EDITORIAL,
    "wagtailcore.Revision": EDITORIAL,
    "wagtailcore.PageLogEntry": EDITORIAL,
    "wagtailcore.ModelLogEntry": EDITORIAL,
    "core.ScopedLogEntry": EDITORIAL,
    "wagtailcore.WorkflowState": EDITORIAL,
    "wagtailcore.TaskState": EDITORIAL,
    "wagtailcore.Comment": EDITORIAL,
    "wagtailcore.CommentReply": EDITORIAL,
    "wagtailcore.UploadedFile": EDITORIAL,
    "wagtailimages.Image": EDITORIAL,
    "wagtaildocs.Document": EDITORIAL,
    "admin.LogEntry": EDITORIAL,
}


def _dt(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    return {
        "account": {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "preferred_language": user.preferred_language,
            "date_joined": _dt(user.date_joined),
            "last_login": _dt(user.last_login),
            "roles": list(user.role_slugs),
            "api_tokens": [
                {"created": _dt(t.created), "expiry": _dt(t.expiry)}
                for t in AuthToken.objects.filter(user=user).order_by("created")
            ],
        },
    }


def erase(user) -> None:
    """Close the account: no name, no email, no password, no tokens, no roles; every session ends (a session
    is bound to the password hash, which changes)."""
    AuthToken.objects.filter(user=user).delete()
    APIToken.objects.filter(user=user).delete()
    UserProfile.objects.filter(user=user).delete()
    PageSubscription.objects.filter(user=user).delete()
    EditingSession.objects.filter(user=user).delete()
    FormState.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.username = f"erased-{user.pk}"
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.__dict__.pop("role_slugs", None)
