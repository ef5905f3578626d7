import datetime as dt

import factory
from django.utils import timezone
from wagtail.models import Locale, Page

from camps.models import Application, Cohort, ProgrammeIndexPage, ProgrammePage, Question, Region

from .accounts import StudentFactory

__all__ = ["programme_page", "CohortFactory", "QuestionFactory", "ApplicationFactory", "birth_date_for_age"]


def programme_page(title="Демократия лагери", slug="democracy-camp") -> ProgrammePage:
    """A programme page under a programme index (created once per test database)."""
    existing = ProgrammePage.objects.filter(slug=slug).first()
    if existing:
        return existing
    locale = Locale.objects.get_or_create(language_code="ky")[0]
    index = ProgrammeIndexPage.objects.filter(locale=locale).first()
    if index is None:
        index = ProgrammeIndexPage(title="Программалар", slug="programmes-test", locale=locale)
        root = Page.get_first_root_node()
        if root is None:  # a flushed database (after a transactional test) has no tree
            root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
        root.add_child(instance=index)
    page = ProgrammePage(title=title, slug=slug, intro="…", locale=locale)
    index.add_child(instance=page)
    return page


def birth_date_for_age(age: int, on: dt.date) -> dt.date:
    """A birth date that makes someone exactly `age` on `on` (their birthday the day before), for any `on`:
    a birthday on 29 February falls back to the 28th in years that have none."""
    birthday = on - dt.timedelta(days=1)
    try:
        return birthday.replace(year=birthday.year - age)
    except ValueError:
        return birthday.replace(year=birthday.year - age, day=28)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    programme = factory.LazyFunction(programme_page)
    name = factory.Sequence(lambda n: f"Агым {n}")
    region = Region.BISHKEK
    venue = "Бишкек"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=4))
    applications_open_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    applications_close_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))
    capacity = 10
    min_age = 14
    max_age = 25
    language = "ky"

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        for user in extracted or ():
            self.organisers.add(user)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    cohort = factory.SubFactory(CohortFactory)
    text = factory.Sequence(lambda n: f"Суроо {n}")
    kind = Question.Kind.SHORT_TEXT
    required = True


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    cohort = factory.SubFactory(CohortFactory)
    applicant = factory.SubFactory(StudentFactory)
    full_name = factory.Sequence(lambda n: f"Катышуучу {n}")
    date_of_birth = factory.LazyAttribute(lambda o: birth_date_for_age(19, o.cohort.starts_on))
    region = Region.BISHKEK
    contact_email = factory.LazyAttribute(lambda o: o.applicant.email if o.applicant else "x@example.org")
