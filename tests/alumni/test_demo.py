from io import StringIO

import pytest
from django.utils import timezone

from accounts import demo as accounts_demo
from alumni import demo
from alumni.models import RS, AlumniProfile, EventPage, Feedback, ForumEvent, Registration
from camps import demo as camps_demo
from cms import demo as cms_demo

pytestmark = pytest.mark.django_db


def _seed():
    accounts_demo.seed(stdout=StringIO())
    cms_demo.seed(stdout=StringIO())
    camps_demo.seed(stdout=StringIO())
    demo.seed(stdout=StringIO())


def _counts():
    return (
        AlumniProfile.objects.count(),
        ForumEvent.objects.count(),
        EventPage.objects.count(),
        Registration.objects.count(),
        Feedback.objects.count(),
    )


def test_demo_has_alumni_events_waiting_list_attendance_and_feedback_and_is_idempotent():
    _seed()
    first = _counts()
    _seed()
    assert _counts() == first
    profiles = AlumniProfile.objects.select_related("user")
    assert profiles.filter(user__username="alumnus1").exists()
    assert profiles.filter(user__username__startswith="alumni").count() == 30
    assert len({p.region for p in profiles}) >= 8
    minors = [p for p in profiles if not p.is_adult()]
    assert len(minors) >= 4 and not any(p.directory_visible for p in minors)
    assert AlumniProfile.objects.in_directory().count() >= 20
    now = timezone.now()
    upcoming = ForumEvent.objects.filter(starts_at__gt=now)
    past = ForumEvent.objects.filter(ends_at__lt=now)
    assert upcoming.count() == 2 and past.count() == 1
    full = [e for e in upcoming if e.registrations.filter(status=RS.WAITLISTED).exists()]
    assert len(full) == 1
    assert full[0].registrations.holding().count() == full[0].capacity
    osh = past.get()
    assert osh.registrations.filter(status=RS.ATTENDED).count() > 0
    assert osh.registrations.filter(status=RS.CONFIRMED).count() > 0  # no-shows
    assert Feedback.objects.filter(registration__event=osh).count() > 0
    assert {p.locale.language_code for p in EventPage.objects.select_related("locale")} == {"ky", "ru", "en"}


@pytest.mark.parametrize("day", ["2028-02-29", "2028-04-09"])  # leap day; 40 days later (birthdays on 29 Feb)
def test_the_demo_seeds_around_29_february_with_every_alumnus_their_age(day):
    import datetime as dt
    from zoneinfo import ZoneInfo

    import time_machine

    from camps.models import age_on

    noon = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12), tzinfo=ZoneInfo("Asia/Bishkek"))
    with time_machine.travel(noon, tick=False):
        _seed()
        today = timezone.localdate()
        ages = {
            p.user.username: age_on(p.date_of_birth, today)
            for p in AlumniProfile.objects.select_related("user")
        }
    assert {username: ages[username] for username, *_rest in demo.ALUMNI} == {
        username: age for username, _f, _l, _lang, _r, age, *_rest in demo.ALUMNI
    }
