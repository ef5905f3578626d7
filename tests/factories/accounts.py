import factory

from accounts import roles
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

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            role_grant(user=self, role=role)


def _granting(*default_roles):
    """A `roles` post-generation hook with defaults (a plain tuple would be passed to User() as a field)."""

    def grant(obj, create, extracted, **kwargs):
        for role in extracted if extracted is not None else default_roles:
            role_grant(user=obj, role=role)

    return factory.PostGeneration(grant)


class StudentFactory(UserFactory):
    roles = _granting(roles.STUDENT)


class TeacherFactory(UserFactory):
    roles = _granting(roles.TEACHER)


class OrganiserFactory(UserFactory):
    roles = _granting(roles.ORGANISER)


class AlumnusFactory(UserFactory):
    roles = _granting(roles.ALUMNUS)
