"""Forum event pages (per language), the listing of upcoming and past events, and the read API."""

import datetime as dt

import pytest
from django.utils import timezone

from alumni import services
from alumni.models import EventPage
from tests.factories import ForumEventFactory, event_page, graduate

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _past(**kw):
    start = timezone.now() - dt.timedelta(days=10)
    return ForumEventFactory(
        starts_at=start,
        registration_opens_at=start - dt.timedelta(days=20),
        registration_closes_at=start - dt.timedelta(days=1),
        **kw,
    )


def test_api_lists_upcoming_events_by_default_and_past_ones_on_request(api_client):
    upcoming = ForumEventFactory(page__title="Келечек форуму")
    past = _past(page__title="Өткөн форум")
    data = api_client.get("/api/v1/events/").json()
    assert [e["id"] for e in data["results"]] == [upcoming.pk]
    assert data["results"][0]["title"] == "Келечек форуму"
    assert data["results"][0]["timezone"] == "Asia/Bishkek"
    data = api_client.get("/api/v1/events/?past=true").json()
    assert [e["id"] for e in data["results"]] == [past.pk]


def test_api_event_is_in_the_requests_language_when_translated(api_client):
    event = ForumEventFactory(page__title="Бүтүрүүчүлөрдүн форуму")
    source = EventPage.objects.get(event=event)
    event_page(event, title="Форум выпускников", language="ru", source=source)
    assert api_client.get(f"/api/v1/events/{event.pk}/?lang=ru").json()["title"] == "Форум выпускников"
    assert api_client.get(f"/api/v1/events/{event.pk}/?lang=ky").json()["title"] == "Бүтүрүүчүлөрдүн форуму"
    # no English page: the event still answers, in the language it has
    assert api_client.get(f"/api/v1/events/{event.pk}/?lang=en").json()["language"] in ("ky", "ru")


def test_api_shows_places_left_and_the_online_link_only_to_confirmed_registrants(api_client):
    event = ForumEventFactory(capacity=2, online_url="https://meet.example.org/forum")
    user = graduate()
    services.registration_create(event=event, user=user)
    body = api_client.get(f"/api/v1/events/{event.pk}/").json()
    assert body["places_left"] == 1
    assert body["online"] == {"is_online": True, "link": None}
    mine = client_for(user).get(f"/api/v1/events/{event.pk}/").json()
    assert mine["online"]["link"] == "https://meet.example.org/forum"


def test_api_unknown_event_is_a_translated_404(api_client):
    response = api_client.get("/api/v1/events/999999/?lang=ru")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Такого мероприятия нет."


def test_event_pages_list_upcoming_and_past_and_show_the_registration_button(client):
    upcoming = ForumEventFactory(page__title="Келечек форуму")
    _past(page__title="Өткөн форум")
    page = EventPage.objects.get(event=upcoming)
    index = page.get_parent()
    body = client.get(index.url).content.decode()
    assert "Келечек форуму" in body and "Өткөн форум" not in body
    body = client.get(index.url + "?past=1").content.decode()
    assert "Өткөн форум" in body and "Келечек форуму" not in body
    client.force_login(graduate())
    body = client.get(page.url).content.decode()
    assert f"/alumni/events/{upcoming.pk}/register/" in body


def test_event_page_tells_a_non_alumnus_why_they_cannot_register(client):
    from tests.factories import StudentFactory

    event = ForumEventFactory()
    client.force_login(StudentFactory())
    body = client.get(EventPage.objects.get(event=event).url).content.decode()
    assert f"/alumni/events/{event.pk}/register/" not in body
    assert "message warning" in body


def test_registering_from_the_page_puts_a_full_events_newcomer_on_the_waiting_list(client):
    event = ForumEventFactory(capacity=1)
    services.registration_create(event=event, user=graduate())
    user = graduate()
    client.force_login(user)
    response = client.post(f"/en/alumni/events/{event.pk}/register/", follow=True)
    body = response.content.decode()
    assert "number 1 on the waiting list" in body
    assert user.forum_registrations.get().status == "waitlisted"


def test_event_model_refuses_an_end_before_the_start():
    from django.core.exceptions import ValidationError

    event = ForumEventFactory.build(
        starts_at=timezone.now(), ends_at=timezone.now() - dt.timedelta(hours=1), capacity=3
    )
    with pytest.raises(ValidationError):
        event.clean()


@pytest.mark.parametrize(
    "audience, started, statuses",
    [
        ("registrants", True, {"pending", "confirmed", "offered", "attended"}),
        ("waitlist", True, {"waitlisted"}),
        ("attendees", True, {"attended"}),
        ("no_shows", True, {"confirmed"}),
        ("no_shows", False, set()),
    ],
)
def test_each_group_organisers_write_to_holds_its_own_people(audience, started, statuses):
    from alumni.models import RS, Registration

    event = _past() if started else ForumEventFactory()
    for status in ("pending", "confirmed", "offered", "attended", "waitlisted", "cancelled", "rejected"):
        Registration.objects.create(
            event=event,
            user=graduate(),
            status=status,
            waitlisted_at=timezone.now(),
            offer_expires_at=timezone.now() + dt.timedelta(days=1) if status == "offered" else None,
            checked_in_at=timezone.now() if status == "attended" else None,
        )
    Registration.objects.create(event=ForumEventFactory(), user=graduate(), status=RS.CONFIRMED)
    assert {r.status for r in services.audience_of(event=event, audience=audience)} == statuses
    assert services.audience_of(event=event, audience=audience).count() == len(statuses)


def _refusal(error, service, **kwargs):
    """What an organiser reads (in English) and the machine code, for a refused change to an event."""
    from django.utils import translation

    with translation.override("en"), pytest.raises(error) as exc:
        service(**kwargs)
    return exc.value.message, exc.value.code


def _people(event, *statuses):
    from alumni.models import Registration

    return [
        Registration.objects.create(
            event=event,
            user=graduate(),
            status=status,
            waitlisted_at=timezone.now(),
            offer_expires_at=timezone.now() + dt.timedelta(days=1) if status == "offered" else None,
            checked_in_at=timezone.now() if status == "attended" else None,
        )
        for status in statuses
    ]


def test_only_the_events_organisers_send_an_update_or_cancel_it():
    from core.errors import NotAllowed
    from tests.factories import OrganiserFactory

    event = ForumEventFactory(organisers=[OrganiserFactory()])
    for service in (services.event_update_send, services.event_cancel):
        assert _refusal(NotAllowed, service, event=event, by=OrganiserFactory()) == (
            "Only this event's organisers can do this.",
            "permission_denied",
        )
    event.refresh_from_db()
    assert (event.sequence, event.cancelled_at) == (0, None)


def test_an_update_reaches_the_confirmed_and_attended_of_this_event_only(django_capture_on_commit_callbacks):
    from django.core import mail

    from tests.factories import OrganiserFactory

    organiser = OrganiserFactory()
    event = ForumEventFactory(organisers=[organiser])
    confirmed, attended, _waiting, _offered = _people(event, "confirmed", "attended", "waitlisted", "offered")
    _people(ForumEventFactory(), "confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.event_update_send(event=event, by=organiser)
    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([confirmed.user.email, attended.user.email])
    event.refresh_from_db()
    assert event.sequence == 1


def test_a_cancelled_event_takes_no_update_and_no_second_cancellation():
    from core.errors import Conflict
    from tests.factories import OrganiserFactory

    organiser = OrganiserFactory()
    event = ForumEventFactory(organisers=[organiser])
    services.event_cancel(event=event, by=organiser)
    assert _refusal(Conflict, services.event_update_send, event=event, by=organiser) == (
        "This event has been cancelled.",
        "event_cancelled",
    )
    assert _refusal(Conflict, services.event_cancel, event=event, by=organiser) == (
        "This event has already been cancelled.",
        "event_cancelled",
    )
    event.refresh_from_db()
    assert event.sequence == 1


def test_an_event_that_has_begun_cannot_be_cancelled():
    from core.errors import Conflict
    from tests.factories import OrganiserFactory

    organiser = OrganiserFactory()
    event = _past(organisers=[organiser])
    assert _refusal(Conflict, services.event_cancel, event=event, by=organiser) == (
        "The event has already started.",
        "event_started",
    )
    event.refresh_from_db()
    assert event.cancelled_at is None


def test_cancelling_ends_every_live_registration_of_the_event_in_the_organisers_name():
    from tests.factories import OrganiserFactory

    organiser = OrganiserFactory()
    event = ForumEventFactory(organisers=[organiser])
    live = _people(event, "pending", "confirmed", "waitlisted", "offered")
    ended = _people(event, "rejected", "expired")
    elsewhere = _people(ForumEventFactory(), "confirmed")
    before = timezone.now()
    assert services.event_cancel(event=event, by=organiser) == len(live)
    event.refresh_from_db()
    assert event.cancelled_at >= before and event.sequence == 1
    for registration in live:
        registration.refresh_from_db()
        assert (registration.status, registration.offer_expires_at) == ("cancelled", None)
        assert registration.changes.get().changed_by == organiser
    for registration, status in zip(ended + elsewhere, ("rejected", "expired", "confirmed"), strict=True):
        registration.refresh_from_db()
        assert registration.status == status and not registration.changes.exists()
