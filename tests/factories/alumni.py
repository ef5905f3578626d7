import datetime as dt

import factory
from django.utils import timezone

from alumni.models import AlumniProfile
from alumni.services import alumni_record_create

from .accounts import UserFactory
from .camps import CohortFactory, birth_date_for_age

__all__ = ["AlumniProfileFactory", "graduate"]


class AlumniProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlumniProfile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Бүтүрүүчү {n}")
    region = "bishkek"
    date_of_birth = factory.LazyFunction(lambda: birth_date_for_age(22, timezone.localdate()))
    directory_visible = True


def graduate(
    *, user=None, cohort=None, age: int = 22, region: str = "bishkek", listed: bool = True, **profile
):
    """An alumnus of `cohort` (a finished one by default) with a profile: listed in the directory unless told."""
    user = user or UserFactory()
    if cohort is None:
        start = timezone.localdate() - dt.timedelta(days=200)
        cohort = CohortFactory(starts_on=start, ends_on=start + dt.timedelta(days=5))
    alumni_record_create(user=user, cohort=cohort)
    values = {
        "region": region,
        "date_of_birth": birth_date_for_age(age, timezone.localdate()),
        "directory_visible": listed and age >= 18,
        **profile,
    }
    AlumniProfile.objects.filter(user=user).update(**values)
    user.refresh_from_db()
    return user
