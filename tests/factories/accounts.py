import factory

from accounts import roles as role_names
from accounts.models import User
from accounts.services import role_grant

__all__ = [
    "UserFactory",
    "StudentFactory",
    "TeacherFactory",
    "OrganiserFactory",
    "AlumnusFactory",
    "PASSWORD",
]

PASSWORD = "correct-horse-battery"


def _grant_roles(default: tuple[str, ...]):
    """A post-generation hook: `StudentFactory()` is a student, `UserFactory(roles=[...])` holds those roles."""

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        for role in default if extracted is None else extracted:
            role_grant(user=obj, role=role)

    return roles


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Айбек"
    last_name = "Осмонов"
    preferred_language = "ky"
    password = factory.django.Password(PASSWORD)
    roles = _grant_roles(())


class StudentFactory(UserFactory):
    roles = _grant_roles((role_names.STUDENT,))


class TeacherFactory(UserFactory):
    roles = _grant_roles((role_names.TEACHER,))


class OrganiserFactory(UserFactory):
    roles = _grant_roles((role_names.ORGANISER,))


class AlumnusFactory(UserFactory):
    roles = _grant_roles((role_names.ALUMNUS,))
