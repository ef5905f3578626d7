"""Demo users, one for each role, all with the password from CIVIC_DEMO_PASSWORD."""

from django.conf import settings

from . import roles
from .models import User
from .services import role_grant, roles_ensure

DEMO_PEOPLE = [
    # username, first name, last name, language, roles, superuser
    ("admin", "Айгүл", "Асанова", "ky", [roles.SITE_ADMIN], True),
    ("student1", "Нурлан", "Токтогулов", "ky", [roles.STUDENT], False),
    ("teacher1", "Гүлнара", "Садыкова", "ky", [roles.TEACHER], False),
    ("organiser1", "Марат", "Жумабеков", "ru", [roles.ORGANISER], False),
    ("alumnus1", "Айпери", "Исакова", "ky", [roles.ALUMNUS, roles.STUDENT], False),
]


def seed(*, stdout) -> None:
    roles_ensure()
    for username, first, last, language, user_roles, superuser in DEMO_PEOPLE:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "preferred_language": language,
                "is_staff": superuser,
                "is_superuser": superuser,
            },
        )
        if created:
            user.set_password(settings.CIVIC_DEMO_PASSWORD)
            user.save()
        for role in user_roles:
            role_grant(user=user, role=role)
    stdout.write("Demo users ready.")
