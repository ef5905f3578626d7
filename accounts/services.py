"""Every write to accounts: sign-up, role grants, language, API tokens."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from knox.models import AuthToken
from knox.settings import knox_settings

from . import roles
from .models import User

# Permissions each role's group carries, as "app_label.codename". Apps add theirs here.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.STUDENT: [],
    roles.TEACHER: [],
    roles.ORGANISER: [
        "wagtailadmin.access_admin",
        # camps: their own cohorts only (the camps admin views narrow every queryset to them)
        "camps.view_cohort",
        "camps.change_cohort",
        "camps.view_application",
        "camps.change_application",
        "camps.view_certificate",
    ],
    roles.ALUMNUS: [],
    roles.SITE_ADMIN: [
        "wagtailadmin.access_admin",
        "camps.add_cohort",
        "camps.change_cohort",
        "camps.delete_cohort",
        "camps.view_cohort",
        "camps.view_application",
        "camps.change_application",
        "camps.view_certificate",
        "camps.change_certificate",
        "simple_translation.submit_translation",
        "cms.add_footertext",
        "cms.change_footertext",
        "cms.delete_footertext",
        "cms.change_sitesettings",
        "wagtailcore.add_locale",
        "wagtailcore.change_locale",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        "accounts.add_user",
        "accounts.change_user",
    ],
}
# Site admins edit the whole page tree (every language's tree hangs under the root) and every collection.
SITE_ADMIN_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
SITE_ADMIN_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]


def _permissions(dotted_names: list[str]) -> list[Permission]:
    perms = []
    for dotted in dotted_names:
        app_label, codename = dotted.split(".", 1)
        perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if perm is not None:
            perms.append(perm)
    return perms


def _site_admin_tree_permissions(group: Group) -> None:
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.get_first_root_node()
    if root_page is not None:
        for perm in _permissions([f"wagtailcore.{codename}" for codename in SITE_ADMIN_PAGE_PERMISSIONS]):
            GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=perm)
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for perm in _permissions(SITE_ADMIN_COLLECTION_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=perm
            )


def roles_ensure() -> None:
    """Create the role groups and give them their permissions (idempotent; runs after every migrate)."""
    for role, (name, _label) in roles.ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        perms = _permissions(ROLE_PERMISSIONS.get(role, []))
        if perms:
            group.permissions.add(*perms)
        if role == roles.SITE_ADMIN:
            _site_admin_tree_permissions(group)


def role_grant(*, user: User, role: str) -> None:
    group, _ = Group.objects.get_or_create(name=roles.group_name(role))
    user.groups.add(group)
    user.__dict__.pop("role_slugs", None)


def role_revoke(*, user: User, role: str) -> None:
    user.groups.remove(*Group.objects.filter(name=roles.group_name(role)))
    user.__dict__.pop("role_slugs", None)


@transaction.atomic
def user_signup(
    *,
    username: str,
    password: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    preferred_language: str = "ky",
) -> User:
    """A new account is a student; teachers and organisers are granted by a site admin."""
    user = User.objects.create_user(
        username=username,
        password=password,
        email=email,
        first_name=first_name,
        last_name=last_name,
        preferred_language=preferred_language,
    )
    role_grant(user=user, role=roles.STUDENT)
    return user


def user_profile_update(
    *, user: User, first_name: str, last_name: str, email: str, preferred_language: str
) -> User:
    """A person edits their own name, email and language (never their username or roles)."""
    user.first_name = first_name
    user.last_name = last_name
    user.email = email
    user.preferred_language = preferred_language
    user.save(update_fields=["first_name", "last_name", "email", "preferred_language"])
    return user


def token_issue(*, user: User) -> tuple[AuthToken, str]:
    """A new API token for one device, valid for REST_KNOX's TOKEN_TTL. Only its digest is stored: the token
    itself is returned here once and never again. At the limit of tokens per person the oldest are revoked
    (that device signs in again); the person's row lock makes two log-ins at once count one after the other."""
    now = timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        tokens = AuthToken.objects.filter(user=user)
        tokens.filter(expiry__lte=now).delete()
        limit = knox_settings.TOKEN_LIMIT_PER_USER
        if limit:
            oldest = list(
                tokens.order_by("-created", "-digest").values_list("digest", flat=True)[limit - 1 :]
            )
            tokens.filter(digest__in=oldest).delete()
        return AuthToken.objects.create(user=user)


def token_revoke(*, token: AuthToken) -> None:
    """Sign one device out: its token stops working at once."""
    AuthToken.objects.filter(digest=token.digest).delete()


def token_revoke_all(*, user: User) -> int:
    """Sign every device of a person out (log-out everywhere, erasure); returns how many were revoked."""
    count, _by_model = AuthToken.objects.filter(user=user).delete()
    return count
