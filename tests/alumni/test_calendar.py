"""Calendar files parse back with icalendar: stable UID, VTIMEZONE, VALARM, organiser, link, SEQUENCE, CANCEL."""

import datetime as dt

import pytest
from django.core import mail
from icalendar import Calendar

from alumni import services
from alumni.calendar import event_uid
from tests.factories import ForumEventFactory, OrganiserFactory, graduate

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _ics(mail_message):
    for name, content, mimetype in mail_message.attachments:
        if name.endswith(".ics"):
            return Calendar.from_ical(content), mimetype
    raise AssertionError("no .ics attached")


def _event(cal):
    return next(c for c in cal.walk("VEVENT"))


def test_the_confirmation_carries_an_invitation(django_capture_on_commit_callbacks):
    organiser = OrganiserFactory(first_name="Гүлзат", last_name="Асанова")
    event = ForumEventFactory(organisers=[organiser], online_url="https://meet.example.org/f")
    user = graduate()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, user=user)
    cal, mimetype = _ics(mail.outbox[-1])
    assert "method=REQUEST" in mimetype
    assert str(cal["method"]) == "REQUEST"
    tz = cal.walk("VTIMEZONE")[0]
    assert str(tz["tzid"]) == "Asia/Bishkek"
    vevent = _event(cal)
    assert str(vevent["uid"]) == event_uid(event)
    assert int(vevent["sequence"]) == 0
    start = vevent.decoded("dtstart")
    assert start == event.starts_at.replace(microsecond=0) and str(start.tzinfo) == "Asia/Bishkek"
    assert vevent["dtstart"].params["TZID"] == "Asia/Bishkek"
    assert "https://meet.example.org/f" in str(vevent["description"])
    assert str(vevent["organizer"]).startswith("mailto:")
    assert vevent["organizer"].params["CN"] == "Гүлзат Асанова"
    assert str(vevent["attendee"]) == f"mailto:{user.email}"
    alarm = vevent.walk("VALARM")[0]
    assert alarm.decoded("trigger") == -dt.timedelta(days=1)


def test_a_change_sends_an_update_with_a_higher_sequence_and_a_cancel_withdraws_it(
    django_capture_on_commit_callbacks,
):
    organiser = OrganiserFactory()
    event = ForumEventFactory(organisers=[organiser])
    user = graduate()
    services.registration_create(event=event, user=user)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update_send(event=event, by=organiser)
    cal, _mimetype = _ics(mail.outbox[-1])
    assert int(_event(cal)["sequence"]) == 1
    assert str(_event(cal)["uid"]) == event_uid(event)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event, by=organiser)
    cal, mimetype = _ics(mail.outbox[-1])
    assert str(cal["method"]) == "CANCEL" and "method=CANCEL" in mimetype
    assert int(_event(cal)["sequence"]) == 2
    assert str(_event(cal)["status"]) == "CANCELLED"
    assert user.forum_registrations.get().status == "cancelled"


def test_cancelling_a_confirmed_place_sends_method_cancel(django_capture_on_commit_callbacks):
    event = ForumEventFactory()
    user = graduate()
    registration = services.registration_create(event=event, user=user)[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=registration, by=user)
    cal, _mimetype = _ics(mail.outbox[-1])
    assert str(cal["method"]) == "CANCEL"
    assert _event(cal)["attendee"].params["PARTSTAT"] == "DECLINED"


def test_api_calendar_file_for_each_event_hides_the_link_from_strangers(api_client):
    event = ForumEventFactory(online_url="https://meet.example.org/secret")
    response = api_client.get(f"/api/v1/events/{event.pk}/calendar.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    assert str(cal["method"]) == "PUBLISH"
    assert "secret" not in response.content.decode()
    assert str(_event(cal)["uid"]) == event_uid(event)


def test_private_feed_lists_ones_registrations(client):
    user = graduate()
    a, b = ForumEventFactory(page__title="Биринчи"), ForumEventFactory(page__title="Экинчи")
    services.registration_create(event=a, user=user)
    services.registration_create(event=b, user=user)
    client.force_login(user)
    page = client.get("/ky/alumni/registrations/").content.decode()
    import re

    feed = re.search(r'value="http://testserver(/alumni/feed/[^"]+\.ics)"', page).group(1)
    client.logout()
    cal = Calendar.from_ical(client.get(feed).content)
    assert sorted(str(e["summary"]) for e in cal.walk("VEVENT")) == ["Биринчи", "Экинчи"]
    assert client.get("/alumni/feed/forged.ics").status_code == 404


def test_api_my_registrations_says_status_and_position():
    event = ForumEventFactory(capacity=1)
    services.registration_create(event=event, user=graduate())
    user = graduate()
    services.registration_create(event=event, user=user)
    data = client_for(user).get("/api/v1/me/registrations/").json()["results"]
    assert [(r["event"], r["status"], r["position"], r["checkin_code"]) for r in data] == [
        (event.pk, "waitlisted", 1, None)
    ]
