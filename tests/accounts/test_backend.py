"""The person a session names is read with their roles in one query, and a role taken away counts at once."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import roles
from accounts.backends import RolesModelBackend
from tests.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


def _roles_from_groups(user) -> list[str]:
    held = {roles.GROUP_TO_ROLE[g.name] for g in user.groups.all() if g.name in roles.GROUP_TO_ROLE}
    if user.is_superuser:
        held.add(roles.SITE_ADMIN)
    return [role for role in roles.ROLES if role in held]


@pytest.mark.parametrize(
    "granted", [(), (roles.STUDENT,), (roles.TEACHER, roles.ALUMNUS), tuple(roles.ROLES)], ids=len
)
def test_the_session_user_holds_the_roles_their_groups_give_without_another_query(
    granted, django_assert_num_queries
):
    person = UserFactory(roles=list(granted), is_superuser=roles.SITE_ADMIN in granted)
    Group.objects.create(name="Reading club").user_set.add(person)  # a group that is no role
    with django_assert_num_queries(1):
        user = RolesModelBackend().get_user(person.pk)
        slugs = user.role_slugs
    assert slugs == _roles_from_groups(person)


def test_a_teacher_whose_role_is_taken_away_is_refused_on_the_next_request(client):
    teacher = TeacherFactory()
    client.force_login(teacher, backend="accounts.backends.RolesModelBackend")
    assert client.get(reverse("classrooms:teach")).status_code == 200
    teacher.groups.remove(Group.objects.get(name=roles.group_name(roles.TEACHER)))
    assert client.get(reverse("classrooms:teach")).status_code == 403


def test_an_inactive_person_is_nobody():
    person = UserFactory(is_active=False)
    assert RolesModelBackend().get_user(person.pk) is None
    assert RolesModelBackend().get_user(person.pk + 1000) is None
