import datetime as dt

import factory
from django.utils import timezone
from wagtail.models import Locale, Page

from alumni.models import AlumniProfile, EventIndexPage, EventPage, ForumEvent
from alumni.services import alumni_record_create

from .accounts import UserFactory
from .camps import CohortFactory, birth_date_for_age

__all__ = ["AlumniProfileFactory", "graduate", "ForumEventFactory", "event_page"]


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


class ForumEventFactory(factory.django.DjangoModelFactory):
    """A forum event with a live Kyrgyz page (and a Russian one when `ru_title` is given)."""

    class Meta:
        model = ForumEvent
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Форум {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=20))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=6))
    capacity = 10
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    registration_closes_at = factory.LazyAttribute(lambda o: o.starts_at - dt.timedelta(hours=1))

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        for user in extracted or ():
            self.organisers.add(user)

    @factory.post_generation
    def page(self, create, extracted, **kwargs):
        if not create:
            return
        event_page(self, title=kwargs.get("title") or f"Бүтүрүүчүлөрдүн форуму {self.pk}")


def _event_index(locale) -> EventIndexPage:
    """The events list under the (ky) home page of the default site, so pages have URLs."""
    from .courses import _home

    index = EventIndexPage.objects.filter(locale=locale).first()
    if index is None:
        if Page.get_first_root_node() is None:  # a flushed database (after a transactional test) has no tree
            Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
        index = EventIndexPage(title="Иш-чаралар", slug="events", locale=locale)
        _home().add_child(instance=index)
        index.save_revision().publish()
    return index


def event_page(event, *, title: str, language: str = "ky", source=None, **fields) -> EventPage:
    locale = Locale.objects.get_or_create(language_code=language)[0]
    if source is not None:
        page = source.copy_for_translation(locale, copy_parents=True)
        page.title = title
        for key, value in fields.items():
            setattr(page, key, value)
        page.save_revision().publish()
        return page
    page = EventPage(
        title=title,
        slug=f"event-{event.pk}-{language}",
        locale=locale,
        event=event,
        intro="Бүтүрүүчүлөр жолугушат.",
        venue="Жаштар борбору",
        address="Бишкек, Чүй проспекти 1",
        **fields,
    )
    _event_index(locale).add_child(instance=page)
    page.save_revision().publish()
    return page
