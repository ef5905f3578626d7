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
