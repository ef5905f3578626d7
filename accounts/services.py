"""Every write to accounts: sign-up, role grants, language."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from . import roles
from .models import User

# Permissions each role's group carries, as "app_label.codename". Apps add theirs here.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.STUDENT: [],
    roles.TEACHER: [],
    roles.ORGANISER: ["wagtailadmin.access_admin"],
    roles.ALUMNUS: [],
    roles.SITE_ADMIN: ["wagtailadmin.access_admin"],
}


def roles_ensure() -> None:
    """Create the role groups and give them their permissions (idempotent; runs after every migrate)."""
    for role, (name, _label) in roles.ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = ROLE_PERMISSIONS.get(role, [])
        perms = []
        for dotted in wanted:
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                perms.append(perm)
        if perms:
            group.permissions.add(*perms)


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
