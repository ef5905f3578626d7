"""The directory lists only opted-in adults, for signed-in alumni; the relay mails without showing addresses."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from alumni import selectors, services
from alumni.models import AlumniProfile, ContactMessage
from alumni.services.relay import MAX_LENGTH, MAX_PER_DAY, report_token
from core.errors import Conflict, NotAllowed, NotFound
from tests.factories import CohortFactory, StudentFactory, graduate

from .conftest import client_for

pytestmark = pytest.mark.django_db


def test_directory_lists_opted_in_adults_only():
    listed = graduate()
    graduate(listed=False)  # adult, not opted in
    minor = graduate(age=16)
    AlumniProfile.objects.filter(user=minor).update(directory_visible=True)  # set behind the form's back
    assert [p.user for p in selectors.directory_search()] == [listed]


def test_directory_filters_by_region_cohort_programme_and_interest():
    cohort = CohortFactory()
    a = graduate(cohort=cohort, region="osh")
    b = graduate(region="naryn", display_name="Нурлан Садыков")
    services.profile_update(profile=a.alumni_profile, by=a, data={}, interests=["media"])
    assert [p.user for p in selectors.directory_search(region="osh")] == [a]
    assert [p.user for p in selectors.directory_search(cohort=cohort.pk)] == [a]
    assert [p.user for p in selectors.directory_search(interest="media")] == [a]
    key = str(cohort.programme.translation_key)
    assert {p.user for p in selectors.directory_search(programme=key)} == {a, b}  # same programme
    assert [p.user for p in selectors.directory_search(q="Нурлан")] == [b]


def test_directory_query_count_does_not_grow(django_assert_max_num_queries):
    for _ in range(6):
        graduate()
    with django_assert_max_num_queries(4):
        rows = list(selectors.directory_search())
        for p in rows:
            list(p.interests.all())
            [r.programme.title for r in p.user.alumni_records.all()]


def test_api_directory_is_for_alumni_only_and_shows_no_addresses(api_client):
    listed = graduate()
    assert api_client.get("/api/v1/alumni/").status_code in (401, 403)
    student = client_for(StudentFactory())
    response = student.get("/api/v1/alumni/?lang=en")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    response = client_for(graduate(listed=False)).get("/api/v1/alumni/")
    assert response.status_code == 200
    body = response.content.decode()
    assert listed.email not in body and listed.username not in body
    assert [r["display_name"] for r in response.json()["results"]] == [listed.alumni_profile.display_name]


def test_relay_mails_the_message_in_the_recipients_language_with_a_report_link(
    django_capture_on_commit_callbacks,
):
    sender = graduate()
    recipient = graduate()
    recipient.preferred_language = "ru"
    recipient.save()
    with django_capture_on_commit_callbacks(execute=True):
        message = services.contact_send(
            sender=sender, recipient=recipient.alumni_profile, body="Салам, кеңеш керек"
        )
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [recipient.email]
    assert "Салам, кеңеш керек" in sent.body
    assert sender.email not in sent.body and sender.email not in str(sent.extra_headers)
    assert "Сообщение от" in sent.subject
    assert f"http://testserver/ru/alumni/messages/report/{report_token(message)}/" in sent.body


def test_relay_refuses_someone_who_opted_out_of_messages():
    sender = graduate()
    recipient = graduate(accepts_messages=False)
    with pytest.raises(NotAllowed):
        services.contact_send(sender=sender, recipient=recipient.alumni_profile, body="Салам")
    assert not ContactMessage.objects.exists()


def test_relay_refuses_someone_not_in_the_directory_and_non_alumni():
    hidden = graduate(listed=False)
    with pytest.raises(NotFound):
        services.contact_send(sender=graduate(), recipient=hidden.alumni_profile, body="Салам")
    with pytest.raises(NotAllowed):
        services.contact_send(sender=StudentFactory(), recipient=graduate().alumni_profile, body="Салам")
    assert not ContactMessage.objects.exists()


def test_relay_is_rate_limited():
    sender = graduate()
    for _ in range(MAX_PER_DAY):
        services.contact_send(sender=sender, recipient=graduate().alumni_profile, body="Салам")
    with pytest.raises(Conflict) as exc:
        services.contact_send(sender=sender, recipient=graduate().alumni_profile, body="Салам")
    assert exc.value.code == "rate_limited"
    assert ContactMessage.objects.count() == MAX_PER_DAY


def test_relay_allows_one_message_a_day_to_the_same_person():
    sender, recipient = graduate(), graduate()
    services.contact_send(sender=sender, recipient=recipient.alumni_profile, body="Салам")
    with pytest.raises(Conflict):
        services.contact_send(sender=sender, recipient=recipient.alumni_profile, body="Дагы салам")


def test_api_relay_to_an_opted_out_alumnus_is_a_translated_403():
    recipient = graduate(accepts_messages=False)
    response = client_for(graduate()).post(
        f"/api/v1/alumni/{recipient.alumni_profile.pk}/messages/?lang=ru", {"body": "Салам"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Этот выпускник не принимает сообщения."
    assert not ContactMessage.objects.exists()


def test_report_link_marks_the_message_and_tells_the_admins(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ADMINS = [("Admin", "admin@example.org")]
    message = services.contact_send(sender=graduate(), recipient=graduate().alumni_profile, body="Spam")
    url = reverse("alumni:report", kwargs={"token": report_token(message)})
    assert client.get(url).status_code == 200
    message.refresh_from_db()
    assert message.reported_at is None  # a GET (a mail scanner) reports nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 200
    message.refresh_from_db()
    assert message.reported_at is not None
    assert mail.outbox[-1].to == ["admin@example.org"]
    assert client.post(reverse("alumni:report", kwargs={"token": "forged"})).status_code == 404


def _relay_refusal(error, **kwargs):
    """What the sender reads (in English), the code and the fields of a message the relay refuses."""
    from django.utils import translation

    with translation.override("en"), pytest.raises(error) as exc:
        services.contact_send(**kwargs)
    return exc.value.message, exc.value.code, getattr(exc.value, "fields", None)


def test_each_reason_the_relay_refuses_a_message_in_words():
    from core.errors import Invalid

    sender, recipient = graduate(), graduate()
    to = recipient.alumni_profile
    assert _relay_refusal(NotAllowed, sender=StudentFactory(), recipient=to, body="Салам") == (
        "Only alumni can write to alumni.",
        "permission_denied",
        None,
    )
    hidden = graduate(listed=False).alumni_profile
    assert _relay_refusal(NotFound, sender=sender, recipient=hidden, body="Салам") == (
        "There is no such alumnus in the directory.",
        "not_found",
        None,
    )
    assert _relay_refusal(Invalid, sender=sender, recipient=sender.alumni_profile, body="Салам") == (
        "You cannot write to yourself.",
        "invalid",
        {"body": ["You cannot write to yourself."]},
    )
    for empty in (None, "   "):
        assert _relay_refusal(Invalid, sender=sender, recipient=to, body=empty) == (
            "Write a message.",
            "invalid",
            {"body": ["Write a message."]},
        )
    assert _relay_refusal(Invalid, sender=sender, recipient=to, body="ж" * (MAX_LENGTH + 1)) == (
        f"The message is too long (at most {MAX_LENGTH} characters).",
        "invalid",
        {"body": [f"At most {MAX_LENGTH} characters."]},
    )
    assert not ContactMessage.objects.exists()


def test_a_message_at_its_longest_is_relayed_tidied():
    sender, recipient = graduate(), graduate()
    body = " " + "ж" * MAX_LENGTH + " "
    message = services.contact_send(sender=sender, recipient=recipient.alumni_profile, body=body)
    message.refresh_from_db()
    assert (message.sender, message.recipient, message.body) == (sender, recipient, "ж" * MAX_LENGTH)


def test_the_daily_limit_says_how_many_and_counts_only_the_senders_last_24_hours():
    from django.utils import timezone

    sender = graduate()
    for _ in range(MAX_PER_DAY):  # yesterday's messages, and other people's today, do not count
        old = ContactMessage.objects.create(sender=sender, recipient=graduate(), body="Салам")
        ContactMessage.objects.filter(pk=old.pk).update(sent_at=timezone.now() - dt.timedelta(hours=25))
        ContactMessage.objects.create(sender=graduate(), recipient=graduate(), body="Салам")
    for _ in range(MAX_PER_DAY):
        services.contact_send(sender=sender, recipient=graduate().alumni_profile, body="Салам")
    assert _relay_refusal(Conflict, sender=sender, recipient=graduate().alumni_profile, body="Салам") == (
        f"You have sent {MAX_PER_DAY} messages in the last 24 hours. Please try again tomorrow.",
        "rate_limited",
        None,
    )


def test_a_second_message_to_the_same_alumnus_the_same_day_says_to_wait_for_an_answer():
    sender, recipient = graduate(), graduate()
    services.contact_send(sender=sender, recipient=recipient.alumni_profile, body="Салам")
    assert _relay_refusal(Conflict, sender=sender, recipient=recipient.alumni_profile, body="Дагы") == (
        "You have already written to this alumnus today. Please wait for an answer.",
        "rate_limited",
        None,
    )
