"""After the event: organisers write to a group in each recipient's language through the task queue; only
attendees give feedback; organisers see the summary."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation

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


def _refusal(error, service, **kwargs):
    """What the person reads (in English), the machine code and the fields, for a refused message or feedback."""
    with translation.override("en"), pytest.raises(error) as exc:
        service(**kwargs)
    return exc.value.message, exc.value.code, getattr(exc.value, "fields", None)


def test_a_stranger_is_told_that_only_organisers_write_to_registrants(finished):
    _organiser, event, *_ = finished
    refusal = _refusal(
        NotAllowed,
        services.event_message_send,
        event=event,
        by=OrganiserFactory(),
        audience="attendees",
        subject="x",
        body="y",
    )
    assert refusal == (
        "Only this event's organisers can write to its registrants.",
        "permission_denied",
        None,
    )


@pytest.mark.parametrize(
    "audience, subject, body, fields",
    [
        ("nobody", "Рахмат", "Сүрөттөр даяр.", {"audience": ["Choose who gets the message."]}),
        (
            "attendees",
            None,
            None,
            {
                "subject": ["Give a subject (at most 200 characters)."],
                "body": ["Write the message (at most 5000 characters)."],
            },
        ),
        (
            "attendees",
            "  ",
            "  ",
            {
                "subject": ["Give a subject (at most 200 characters)."],
                "body": ["Write the message (at most 5000 characters)."],
            },
        ),
        (
            "attendees",
            "ж" * 201,
            "ж" * 5001,
            {
                "subject": ["Give a subject (at most 200 characters)."],
                "body": ["Write the message (at most 5000 characters)."],
            },
        ),
    ],
    ids=["unknown-group", "nothing", "blank", "too-long"],
)
def test_each_reason_a_message_is_refused(finished, audience, subject, body, fields):
    organiser, event, *_ = finished
    refusal = _refusal(
        Invalid,
        services.event_message_send,
        event=event,
        by=organiser,
        audience=audience,
        subject=subject,
        body=body,
    )
    assert refusal == ("Please correct the message.", "invalid", fields)
    assert not event.messages.exists()


def test_a_message_at_its_longest_is_sent_and_kept_as_written(finished):
    organiser, event, came, *_ = finished
    message = services.event_message_send(
        event=event, by=organiser, audience="attendees", subject=" " + "ж" * 200 + " ", body="ж" * 5000
    )
    message.refresh_from_db()
    assert (message.audience, message.subject, message.body, message.sent_by, message.recipients) == (
        "attendees",
        "ж" * 200,
        "ж" * 5000,
        organiser,
        1,
    )


def test_before_the_start_registrants_can_be_written_to_but_nobody_has_missed_it():
    organiser = OrganiserFactory()
    event = ForumEventFactory(organisers=[organiser])
    Registration.objects.create(event=event, user=graduate(), status=RS.CONFIRMED)
    message = services.event_message_send(
        event=event, by=organiser, audience="registrants", subject="x", body="y"
    )
    assert message.recipients == 1
    refusal = _refusal(
        Conflict,
        services.event_message_send,
        event=event,
        by=organiser,
        audience="no_shows",
        subject="x",
        body="y",
    )
    assert refusal == ("Nobody can have missed the event before it starts.", "not_started", None)


def test_a_group_with_nobody_in_it_is_refused(finished):
    organiser, event, *_ = finished
    Registration.objects.filter(event=event, status=RS.WAITLISTED).delete()
    refusal = _refusal(
        Conflict,
        services.event_message_send,
        event=event,
        by=organiser,
        audience="waitlist",
        subject="x",
        body="y",
    )
    assert refusal == ("Nobody is in this group.", "empty_audience", None)
    assert not event.messages.exists()


def test_an_attendee_of_another_event_gives_no_feedback_on_this_one(finished):
    _organiser, event, came, *_ = finished
    other = ForumEventFactory(
        starts_at=event.starts_at,
        registration_opens_at=event.registration_opens_at,
        registration_closes_at=event.registration_closes_at,
    )
    stranger = graduate()
    Registration.objects.create(event=other, user=stranger, status=RS.ATTENDED, checked_in_at=event.starts_at)
    refusal = _refusal(NotAllowed, services.feedback_give, event=event, user=stranger, rating=5)
    assert refusal == (
        "Only those who came to the event and were checked in can leave feedback.",
        "permission_denied",
        None,
    )


@pytest.mark.parametrize(
    "rating, comment, fields",
    [
        (0, "", {"rating": ["Give a rating from 1 to 5."]}),
        (6, "", {"rating": ["Give a rating from 1 to 5."]}),
        ("five", "", {"rating": ["Give a rating from 1 to 5."]}),
        (None, "", {"rating": ["Give a rating from 1 to 5."]}),
        (3, "ж" * 2001, {"comment": ["At most 2000 characters."]}),
    ],
    ids=["zero", "six", "words", "none", "long-comment"],
)
def test_each_reason_feedback_is_refused(finished, rating, comment, fields):
    _organiser, event, came, *_ = finished
    refusal = _refusal(
        Invalid, services.feedback_give, event=event, user=came, rating=rating, comment=comment
    )
    assert refusal == ("Please correct the feedback.", "invalid", fields)
    assert not Registration.objects.filter(event=event, feedback__isnull=False).exists()


@pytest.mark.parametrize(
    "rating, comment, kept",
    [(1, None, ""), ("5", "  " + "ж" * 2000 + "  ", "ж" * 2000), (3, "", "")],
    ids=["lowest-no-comment", "highest-longest", "empty"],
)
def test_feedback_at_its_limits_is_kept(finished, rating, comment, kept):
    _organiser, event, came, *_ = finished
    feedback = services.feedback_give(event=event, user=came, rating=rating, comment=comment)
    feedback.refresh_from_db()
    assert (feedback.rating, feedback.comment) == (int(rating), kept)


def test_feedback_given_without_a_comment_has_none(finished):
    _organiser, event, came, *_ = finished
    feedback = services.feedback_give(event=event, user=came, rating=4)
    feedback.refresh_from_db()
    assert feedback.comment == ""
