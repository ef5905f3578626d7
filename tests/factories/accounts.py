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


def _roles(*defaults):
    # A plain tuple here would replace the post-generation hook and reach User() as a field.
    def grant(obj, create, extracted, **kwargs):
        for role in extracted or defaults:
            role_grant(user=obj, role=role)

    return factory.PostGeneration(grant)


class StudentFactory(UserFactory):
    roles = _roles(roles.STUDENT)


class TeacherFactory(UserFactory):
    roles = _roles(roles.TEACHER)


class OrganiserFactory(UserFactory):
    roles = _roles(roles.ORGANISER)


class AlumnusFactory(UserFactory):
    roles = _roles(roles.ALUMNUS)
