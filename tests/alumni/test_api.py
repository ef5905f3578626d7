"""The forum events API: register, the second attempt, cancel, confirm an offer, feedback; every refusal a
translated 4xx in the one error shape with nothing changed."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from alumni import services
from alumni.models import RS, Registration
from tests.factories import ForumEventFactory, StudentFactory, graduate

from .conftest import client_for

pytestmark = pytest.mark.django_db


def url(event, tail="registrations/"):
    return f"/api/v1/events/{event.pk}/{tail}"


def test_register_then_a_second_attempt_returns_the_existing_one_as_409():
    event = ForumEventFactory(ask_dietary=True)
    api = client_for(graduate())
    response = api.post(url(event), {"dietary_needs": "Халал"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["position"], body["dietary_needs"]) == ("confirmed", None, "Халал")
    assert body["checkin_code"].startswith(f"CV1.{event.pk}.")
    again = api.post(url(event) + "?lang=en", {}, format="json")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_registered"
    assert again.json()["registration"]["id"] == body["id"]
    assert Registration.objects.count() == 1


def test_a_full_event_answers_waitlisted_with_the_position():
    event = ForumEventFactory(capacity=1)
    client_for(graduate()).post(url(event), {}, format="json")
    body = client_for(graduate()).post(url(event), {}, format="json").json()
    assert (body["status"], body["position"]) == ("waitlisted", 1)


def test_not_an_alumnus_is_a_translated_403_and_nothing_is_saved():
    event = ForumEventFactory()
    response = client_for(StudentFactory()).post(url(event) + "?lang=ru", {}, format="json")
    assert response.status_code == 403
    assert response.json()["error"] == {
        "status": 403,
        "code": "not_eligible",
        "message": "Регистрироваться на мероприятия форума могут только выпускники.",
    }
    assert not Registration.objects.exists()


def test_a_past_event_is_a_409():
    start = timezone.now() - dt.timedelta(days=2)
    event = ForumEventFactory(
        starts_at=start,
        registration_opens_at=start - dt.timedelta(days=9),
        registration_closes_at=start - dt.timedelta(days=1),
    )
    response = client_for(graduate()).post(url(event), {}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "event_started"


def test_anonymous_registration_is_401_and_an_unknown_event_404(api_client):
    event = ForumEventFactory()
    assert api_client.post(url(event), {}, format="json").status_code == 401
    assert (
        client_for(graduate()).post("/api/v1/events/999999/registrations/", {}, format="json").status_code
        == 404
    )


def test_delete_mine_cancels_and_offers_the_place_on():
    event = ForumEventFactory(capacity=1)
    first, second = graduate(), graduate()
    client_for(first).post(url(event), {}, format="json")
    client_for(second).post(url(event), {}, format="json")
    response = client_for(first).delete(url(event, "registrations/mine/"))
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    mine = client_for(second).get(url(event, "registrations/mine/")).json()
    assert mine["status"] == "offered" and mine["offer_expires_at"]
    confirmed = client_for(second).post(url(event, "registrations/mine/confirm/"))
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert client_for(first).delete(url(event, "registrations/mine/")).status_code == 404


def test_cancelling_after_the_start_is_a_409_and_changes_nothing():
    event = ForumEventFactory()
    user = graduate()
    registration = services.registration_create(event=event, user=user)[0]
    type(event).objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=5),
        registration_opens_at=timezone.now() - dt.timedelta(days=3),
        registration_closes_at=timezone.now() - dt.timedelta(hours=1),
    )
    response = client_for(user).delete(url(event, "registrations/mine/"))
    assert response.status_code == 409
    registration.refresh_from_db()
    assert registration.status == RS.CONFIRMED


def test_confirming_a_lapsed_offer_is_a_409():
    event = ForumEventFactory(capacity=1)
    first, second = graduate(), graduate()
    mine = services.registration_create(event=event, user=first)[0]
    offered = services.registration_create(event=event, user=second)[0]
    services.registration_cancel(registration=mine, by=first)
    services.offers_expire(now=timezone.now() + dt.timedelta(hours=49))
    response = client_for(second).post(url(event, "registrations/mine/confirm/") + "?lang=en")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "offer_expired"
    offered.refresh_from_db()
    assert offered.status == RS.EXPIRED


def test_feedback_from_an_attendee_is_201_and_a_bad_rating_400():
    start = timezone.now() - dt.timedelta(days=1)
    event = ForumEventFactory(
        starts_at=start,
        registration_opens_at=start - dt.timedelta(days=9),
        registration_closes_at=start - dt.timedelta(days=1),
    )
    user = graduate()
    Registration.objects.create(event=event, user=user, status=RS.ATTENDED, checked_in_at=start)
    api = client_for(user)
    assert api.post(url(event, "feedback/"), {"rating": 6}, format="json").status_code == 400
    response = api.post(url(event, "feedback/"), {"rating": 5, "comment": "Сонун"}, format="json")
    assert response.status_code == 201 and response.json()["rating"] == 5


def test_profile_patch_refuses_a_minor_joining_the_directory():
    user = graduate(age=16, listed=False)
    response = client_for(user).patch(
        "/api/v1/me/alumni-profile/?lang=en", {"directory_visible": True, "bio": "Салам"}, format="json"
    )
    assert response.status_code == 400
    assert "directory_visible" in response.json()["error"]["fields"]
    user.alumni_profile.refresh_from_db()
    assert (user.alumni_profile.directory_visible, user.alumni_profile.bio) == (False, "")
    ok = client_for(graduate(listed=False)).patch(
        "/api/v1/me/alumni-profile/", {"directory_visible": True, "interests": ["media"]}, format="json"
    )
    assert (
        ok.status_code == 200
        and ok.json()["directory_visible"] is True
        and ok.json()["interests"] == ["media"]
    )


def test_the_api_index_lists_the_alumni_resources(api_client):
    resources = api_client.get("/api/v1/").json()["resources"]
    assert resources["events"].endswith("/api/v1/events/")
    assert resources["alumni"].endswith("/api/v1/alumni/")


@override_settings(METRICS_TOKEN="s3cret-token")
def test_registrations_are_counted_for_the_metrics_and_a_second_attempt_is_not(client):
    def registrations():
        body = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").content.decode()
        for line in body.splitlines():
            if line.startswith('civic_events_total{event="registration"}'):
                return float(line.split()[-1])
        return 0.0

    event = ForumEventFactory()
    api = client_for(graduate())
    before = registrations()
    assert api.post(url(event), {}, format="json").status_code == 201
    assert api.post(url(event), {}, format="json").status_code == 409
    assert registrations() == before + 1
