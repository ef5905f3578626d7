"""Forum events in the Wagtail admin: moving an event sends everyone with a place the calendar update."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from accounts import roles
from alumni import services
from alumni.models import ForumEvent
from tests.factories import ForumEventFactory, UserFactory, graduate

pytestmark = pytest.mark.django_db


def _form_data(event, **changes):
    fmt = "%Y-%m-%d %H:%M"
    local = {
        k: timezone.localtime(getattr(event, k)).strftime(fmt)
        for k in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")
    }
    data = {
        "name": event.name,
        "online_url": event.online_url,
        "capacity": event.capacity,
        "offer_hours": event.offer_hours,
        **local,
        "min_age": "",
        "max_age": "",
        "eligible_module": "",
    }
    data.update(changes)
    return data


def test_moving_an_event_in_the_admin_sends_the_calendar_update(client, django_capture_on_commit_callbacks):
    admin = UserFactory(roles=[roles.SITE_ADMIN], is_superuser=True, is_staff=True)
    event = ForumEventFactory()
    user = graduate()
    services.registration_create(event=event, user=user)
    client.force_login(admin)
    later = timezone.localtime(event.starts_at + dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
    later_end = timezone.localtime(event.ends_at + dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/forum_events/edit/{event.pk}/",
            _form_data(event, starts_at=later, ends_at=later_end, eligible_regions=["osh"]),
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = ForumEvent.objects.get(pk=event.pk)
    assert event.sequence == 1 and event.eligible_regions == ["osh"]
    update = [m for m in mail.outbox if m.to == [user.email]][-1]
    ics = next(content for name, content, _mime in update.attachments if name.endswith(".ics"))
    vevent = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert int(vevent["sequence"]) == 1
    assert vevent.decoded("dtstart") == event.starts_at.replace(microsecond=0)


def test_a_person_granted_event_permissions_reaches_only_the_events_they_organise(client):
    """The admin's event views are scoped: model permissions alone do not open someone else's event."""
    from django.contrib.auth.models import Permission

    organiser = UserFactory(roles=[roles.ORGANISER], is_staff=True)
    organiser.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="alumni",
            codename__in=["access_admin", "view_forumevent", "change_forumevent"],
        ),
        Permission.objects.get(codename="access_admin"),
    )
    mine = ForumEventFactory(name="Менин форумум", organisers=[organiser])
    theirs = ForumEventFactory(name="Башка форум")
    client.force_login(organiser)
    listing = client.get("/admin/forum_events/").content.decode()
    assert mine.name in listing and theirs.name not in listing
    assert client.get(f"/admin/forum_events/edit/{mine.pk}/").status_code == 200
    # Wagtail answers a refusal by sending the person back to the dashboard.
    edit = f"/admin/forum_events/edit/{theirs.pk}/"
    assert client.get(edit).status_code in (302, 403)
    assert client.post(edit, _form_data(theirs, name="x")).status_code in (302, 403)
    assert ForumEvent.objects.get(pk=theirs.pk).name == "Башка форум"
