"""Every write to accounts: sign-up, role grants, language."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from core.registry import role_permissions

from . import roles
from .models import User

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
    granted = role_permissions()  # from every app's permissions.py
    for role, (name, _label) in roles.ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        perms = _permissions(granted.get(role, []))
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


def token_issue(*, user: User) -> str:
    """The person's API token (the same one each time, until it is revoked)."""
    from rest_framework.authtoken.models import Token

    token, _created = Token.objects.get_or_create(user=user)
    return token.key
