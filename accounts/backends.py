"""The backend that checks passwords and finds the signed-in person on each request."""

import functools

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db import connections, router

from .models import User


class RolesModelBackend(ModelBackend):
    """Django's ModelBackend, except that the person a session names is read with the names of their groups
    in the same query, so User.role_slugs (asked by most signed-in pages) reads nothing more. The query is
    written once from the models' own tables and columns: building it with the ORM on every request cost
    more than the query itself (measured with cProfile on a cached page)."""

    def get_user(self, user_id):
        rows = list(User.objects.raw(_user_and_group_names(router.db_for_read(User)), [user_id]))
        if not rows:
            return None
        user = rows[0]
        user.group_names_read = frozenset(row.civic_group_name for row in rows if row.civic_group_name)
        return user if self.user_can_authenticate(user) else None


@functools.cache
def _user_and_group_names(alias: str) -> str:
    """One row per group the user is in (one row without a group name when they are in none)."""
    qn = connections[alias].ops.quote_name
    user, group, through = User._meta, Group._meta, User.groups.through._meta
    user_pk = f"u.{qn(user.pk.column)}"
    group_pk = f"g.{qn(group.pk.column)}"
    via_user = f"ug.{qn(through.get_field('user').column)}"
    via_group = f"ug.{qn(through.get_field('group').column)}"
    columns = ", ".join(f"u.{qn(field.column)}" for field in user.concrete_fields)
    # Only the models' own table and column names, quoted; the one value is a parameter.
    return (
        f"SELECT {columns}, g.{qn(group.get_field('name').column)} AS civic_group_name "  # noqa: S608
        f"FROM {qn(user.db_table)} u "
        f"LEFT JOIN {qn(through.db_table)} ug ON {via_user} = {user_pk} "
        f"LEFT JOIN {qn(group.db_table)} g ON {group_pk} = {via_group} "
        f"WHERE {user_pk} = %s"
    )
