"""After the event: organisers write to a group in each recipient's language through the task queue; only
attendees give feedback; organisers see the summary."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from alumni import selectors, services
from alumni.models import RS, Audience, Registration
from core.errors import Conflict, Invalid, NotAllowed
from tests.factories import ForumEventFactory, OrganiserFactory, graduate

from .conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished():
    organiser = OrganiserFactory()
    start = timezone.now() - dt.timedelta(days=2)
    event = ForumEventFactory(
        organisers=[organiser],
        starts_at=start,
        registration_opens_at=start - dt.timedelta(days=10),
        registration_closes_at=start - dt.timedelta(days=1),
        page__title="Күзгү форум",
    )
    came = graduate()
    came.preferred_language = "ru"
    came.save()
    missed = graduate()
    waiting = graduate()
    Registration.objects.create(
        event=event, user=came, status=RS.ATTENDED, checked_in_at=start + dt.timedelta(minutes=5)
    )
    Registration.objects.create(event=event, user=missed, status=RS.CONFIRMED)
    Registration.objects.create(event=event, user=waiting, status=RS.WAITLISTED, waitlisted_at=start)
    return organiser, event, came, missed, waiting


@pytest.mark.parametrize(
    ("audience", "who"),
    [
        ("registrants", {"came", "missed"}),
        ("waitlist", {"waiting"}),
        ("attendees", {"came"}),
        ("no_shows", {"missed"}),
    ],
)
def test_organisers_message_each_group(finished, audience, who, django_capture_on_commit_callbacks):
    organiser, event, came, missed, waiting = finished
    people = {"came": came, "missed": missed, "waiting": waiting}
    with django_capture_on_commit_callbacks(execute=True):
        message = services.event_message_send(
            event=event, by=organiser, audience=audience, subject="Рахмат", body="Сүрөттөр даяр."
        )
    assert message.recipients == len(who)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(people[w].email for w in who)
    for m in mail.outbox:
        assert "Сүрөттөр даяр." in m.body
        if m.to == [came.email]:
            assert "Здравствуйте" in m.body or "пишут" in m.body


def test_messaging_needs_the_events_organiser_and_a_valid_message(finished):
    organiser, event, *_ = finished
    with pytest.raises(NotAllowed):
        services.event_message_send(
            event=event, by=OrganiserFactory(), audience="attendees", subject="x", body="y"
        )
    with pytest.raises(Invalid):
        services.event_message_send(event=event, by=organiser, audience="nobody", subject="", body="")


def test_no_shows_before_the_start_are_refused():
    organiser = OrganiserFactory()
    event = ForumEventFactory(organisers=[organiser])
    with pytest.raises(Conflict):
        services.event_message_send(
            event=event, by=organiser, audience=Audience.NO_SHOWS, subject="x", body="y"
        )


def test_only_attendees_give_feedback_and_organisers_see_the_summary(finished):
    _organiser, event, came, missed, _waiting = finished
    services.feedback_give(event=event, user=came, rating=4, comment="Пайдалуу болду")
    with pytest.raises(NotAllowed):
        services.feedback_give(event=event, user=missed, rating=5)
    with pytest.raises(Invalid):
        services.feedback_give(event=event, user=came, rating=9)
    summary = selectors.feedback_summary(event=event)
    assert summary["count"] == 1 and summary["average"] == 4
    assert summary["spread"][4] == 1 and summary["comments"] == ["Пайдалуу болду"]
    services.feedback_give(event=event, user=came, rating=5)  # giving it again replaces it
    assert selectors.feedback_summary(event=event)["average"] == 5


def test_api_feedback_without_attending_is_a_translated_403(finished):
    _organiser, event, _came, missed, _waiting = finished
    response = client_for(missed).post(
        f"/api/v1/events/{event.pk}/feedback/?lang=ru", {"rating": 5}, format="json"
    )
    assert response.status_code == 403
    assert "отзыв" in response.json()["error"]["message"]


def test_organiser_event_page_shows_roster_and_feedback(client, finished):
    organiser, event, came, *_ = finished
    services.feedback_give(event=event, user=came, rating=5, comment="Мыкты")
    client.force_login(organiser)
    body = client.get(f"/ky/alumni/organise/events/{event.pk}/").content.decode()
    assert came.alumni_profile.display_name in body and "Мыкты" in body
