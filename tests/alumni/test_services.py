import pytest
from django.urls import reverse
from django.utils import translation

from accounts import roles
from alumni.models import AlumniRecord
from alumni.selectors import alumni_records_for
from alumni.services import alumni_record_create
from tests.factories import CohortFactory, StudentFactory, graduate

pytestmark = pytest.mark.django_db


def test_alumni_record_carries_programme_cohort_year_and_grants_the_role():
    cohort = CohortFactory()
    user = StudentFactory()
    record = alumni_record_create(user=user, cohort=cohort)
    assert (record.programme_id, record.cohort, record.year) == (
        cohort.programme_id,
        cohort,
        cohort.ends_on.year,
    )
    assert user.has_role(roles.ALUMNUS)
    assert alumni_record_create(user=user, cohort=cohort) == record  # idempotent
    assert AlumniRecord.objects.count() == 1
    assert list(alumni_records_for(user=user)) == [record]


# ---- the mails alumni get, built by the worker: to whom, in which language, with what ----------------------


def _send(kind, **ids):
    from alumni.services.notifications import mail_send

    return mail_send.call(kind=kind, ids=ids)


def _english_graduate(**kwargs):
    from tests.factories import graduate

    user = graduate(**kwargs)
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    return user


def test_a_relayed_message_reaches_the_recipient_with_a_way_to_answer_and_to_report():
    from django.core import mail

    from alumni.models import ContactMessage
    from alumni.services import contact_report
    from alumni.services.relay import report_token

    sender, recipient = _english_graduate(display_name="Айгүл"), _english_graduate()
    message = ContactMessage.objects.create(sender=sender, recipient=recipient, body="Саламатсызбы!")
    assert _send("relay", message_id=message.pk) is True
    [sent] = mail.outbox
    assert (sent.to, sent.subject) == ([recipient.email], "A message from Айгүл, a fellow alumnus")
    with translation.override("en"):
        reply = reverse("alumni:contact", kwargs={"pk": sender.alumni_profile.pk})
    assert "Саламатсызбы!" in sent.body and f"http://testserver{reply}" in sent.body
    assert report_token(message) in sent.body
    assert contact_report(token=report_token(message)) == message


def test_a_message_from_someone_not_in_the_directory_cannot_be_answered_through_civic():
    from django.core import mail

    from alumni.models import ContactMessage

    sender, recipient = _english_graduate(listed=False), _english_graduate()
    message = ContactMessage.objects.create(sender=sender, recipient=recipient, body="Салам")
    assert _send("relay", message_id=message.pk) is True
    assert "not listed in the directory, so you cannot answer through Civic" in mail.outbox[0].body


def test_no_relay_mail_for_a_deleted_message_or_a_closed_account():
    from django.core import mail

    from alumni.models import ContactMessage

    sender, recipient = _english_graduate(), _english_graduate()
    message = ContactMessage.objects.create(sender=sender, recipient=recipient, body="Салам")
    recipient.is_active = False
    recipient.save(update_fields=["is_active"])
    assert _send("relay", message_id=message.pk) is False
    assert _send("relay", message_id=message.pk + 1000) is False
    assert _send("relay_report", message_id=message.pk + 1000) is False
    assert mail.outbox == []


def test_a_reported_message_is_sent_to_the_administrators_with_who_when_and_what(settings):
    from django.core import mail

    settings.ADMINS = [("Civic", "admin@example.org")]
    from alumni.models import ContactMessage

    sender, recipient = _english_graduate(), _english_graduate()
    message = ContactMessage.objects.create(sender=sender, recipient=recipient, body="Жаман сөз")
    assert _send("relay_report", message_id=message.pk) is True
    [sent] = mail.outbox
    assert sent.subject.endswith(f"Alumni message reported: #{message.pk}")
    assert sent.body.startswith(
        f"{sender} -> {recipient} at {message.sent_at:%Y-%m-%d %H:%M}\n\nЖаман сөз\n\n"
    )
    assert sent.body.endswith("/admin/")


def test_a_confirmed_place_mail_carries_the_invitation_and_the_check_in_code():
    from django.core import mail

    from alumni import services
    from alumni.checkin import code_for
    from alumni.models import RegistrationChange
    from tests.factories import ForumEventFactory

    event = ForumEventFactory(page__title="Форум 2031", online_url="https://meet.example.org/forum")
    user = _english_graduate()
    registration, _created = services.registration_create(event=event, user=user)
    change = RegistrationChange.objects.get(registration=registration)
    assert _send("registration", change_id=change.pk) is True
    [sent] = mail.outbox
    assert (sent.to, sent.subject) == ([user.email], "Your place at “Форум 2031” is confirmed")
    assert code_for(registration) in sent.body and "https://meet.example.org/forum" in sent.body
    assert [(name, mimetype) for name, _content, mimetype in sent.attachments] == [
        ("invite.ics", "text/calendar; method=REQUEST; charset=utf-8")
    ]
    [(html, html_type)] = sent.alternatives
    assert html_type == "text/html" and "<svg" in html


def test_a_waiting_list_mail_gives_the_position_and_the_one_click_leave_link():
    from django.core import mail

    from alumni import services
    from alumni.models import RegistrationChange
    from alumni.services.registration import leave_token
    from tests.factories import ForumEventFactory, graduate

    event = ForumEventFactory(capacity=1, page__title="Форум 2031", online_url="https://meet.example.org/f")
    services.registration_create(event=event, user=graduate())
    registration, _created = services.registration_create(event=event, user=_english_graduate())
    change = RegistrationChange.objects.get(registration=registration)
    assert _send("registration", change_id=change.pk) is True
    [sent] = mail.outbox
    assert sent.subject == "On the waiting list for “Форум 2031”"
    assert "You are number 1 on the waiting list" in sent.body and leave_token(registration) in sent.body
    assert "https://meet.example.org/f" not in sent.body and sent.attachments == []
    assert not getattr(sent, "alternatives", None)


def test_a_registration_mail_overtaken_by_a_later_change_or_for_a_closed_account_is_not_sent():
    from django.core import mail

    from alumni import services
    from alumni.models import RegistrationChange
    from tests.factories import ForumEventFactory

    user = _english_graduate()
    registration, _created = services.registration_create(event=ForumEventFactory(), user=user)
    first = RegistrationChange.objects.get(registration=registration)
    services.registration_cancel(registration=registration, by=user)
    assert _send("registration", change_id=first.pk) is False
    last = RegistrationChange.objects.filter(registration=registration).latest("pk")
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert _send("registration", change_id=last.pk) is False
    assert _send("registration", change_id=last.pk + 1000) is False
    assert mail.outbox == []


def test_giving_up_a_confirmed_place_withdraws_the_invitation():
    from django.core import mail

    from alumni import services
    from alumni.models import RegistrationChange
    from tests.factories import ForumEventFactory

    user = _english_graduate()
    registration, _created = services.registration_create(
        event=ForumEventFactory(page__title="Форум"), user=user
    )
    services.registration_cancel(registration=registration, by=user)
    change = RegistrationChange.objects.filter(registration=registration).latest("pk")
    assert _send("registration", change_id=change.pk) is True
    [sent] = mail.outbox
    assert sent.subject == "Your registration for “Форум” is cancelled"
    assert [(name, mimetype) for name, _content, mimetype in sent.attachments] == [
        ("cancel.ics", "text/calendar; method=CANCEL; charset=utf-8")
    ]


def test_a_changed_event_sends_an_update_and_a_cancelled_one_a_cancellation():
    from django.core import mail
    from django.utils import timezone

    from alumni import services
    from alumni.models import ForumEvent
    from tests.factories import ForumEventFactory

    event = ForumEventFactory(page__title="Форум", online_url="https://meet.example.org/forum")
    user = _english_graduate()
    registration, _created = services.registration_create(event=event, user=user)
    assert _send("event_update", registration_id=registration.pk) is True
    ForumEvent.objects.filter(pk=event.pk).update(cancelled_at=timezone.now())
    assert _send("event_update", registration_id=registration.pk) is True
    changed, cancelled = mail.outbox
    assert (changed.subject, cancelled.subject) == (
        "“Форум” has changed: see the new details",
        "“Форум” is cancelled",
    )
    assert (
        "https://meet.example.org/forum" in changed.body
        and "https://meet.example.org/forum" not in cancelled.body
    )
    assert [(n, t) for n, _c, t in changed.attachments] == [
        ("update.ics", "text/calendar; method=REQUEST; charset=utf-8")
    ]
    assert [(n, t) for n, _c, t in cancelled.attachments] == [
        ("cancel.ics", "text/calendar; method=CANCEL; charset=utf-8")
    ]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert _send("event_update", registration_id=registration.pk) is False
    assert _send("event_update", registration_id=registration.pk + 1000) is False


def test_an_organisers_message_reaches_the_person_with_the_events_title():
    from django.core import mail

    from alumni.models import EventMessage
    from tests.factories import ForumEventFactory, OrganiserFactory

    event = ForumEventFactory(page__title="Форум")
    user = _english_graduate()
    message = EventMessage.objects.create(
        event=event,
        sent_by=OrganiserFactory(),
        audience="attendees",
        subject="Рахмат",
        body="Келгениңиз үчүн",
    )
    assert _send("organiser_message", message_id=message.pk, user_id=user.pk) is True
    [sent] = mail.outbox
    assert (sent.to, sent.subject) == ([user.email], "Рахмат · Форум")
    assert "Келгениңиз үчүн" in sent.body
    assert _send("organiser_message", message_id=message.pk + 1000, user_id=user.pk) is False
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert _send("organiser_message", message_id=message.pk, user_id=user.pk) is False


def test_mail_is_in_the_persons_language_or_the_sites():
    from types import SimpleNamespace

    from alumni.services.notifications import language_of

    assert language_of(SimpleNamespace(preferred_language="ru")) == "ru"
    assert language_of(SimpleNamespace(preferred_language="")) == "ky"
    assert language_of(object()) == "ky"


def test_an_event_change_and_an_organisers_message_are_in_the_persons_language_with_the_pages_title():
    from django.core import mail

    from alumni import services
    from alumni.models import EventMessage
    from tests.factories import ForumEventFactory, OrganiserFactory, event_page, graduate

    event = ForumEventFactory(page__title="Форум 2031")
    event_page(event, title="Форум выпускников 2031", language="ru", source=event.pages.get())
    user = graduate()
    user.preferred_language = "ru"
    user.save(update_fields=["preferred_language"])
    registration, _created = services.registration_create(event=event, user=user)
    assert _send("event_update", registration_id=registration.pk) is True
    message = EventMessage.objects.create(
        event=event,
        sent_by=OrganiserFactory(),
        audience="registrants",
        subject="Эскертүү",
        body="Кечиктирбеңиз",
    )
    assert _send("organiser_message", message_id=message.pk, user_id=user.pk) is True
    assert [m.subject for m in mail.outbox] == [
        "«Форум выпускников 2031» изменилось: посмотрите новые детали",
        "Эскертүү · Форум выпускников 2031",
    ]


def test_a_message_from_someone_without_a_profile_is_signed_with_their_name_and_says_how_to_stop_them():
    from django.core import mail

    from alumni.models import ContactMessage
    from tests.factories import StudentFactory

    sender = StudentFactory(first_name="Марат", last_name="Иманов")
    recipient = _english_graduate()
    message = ContactMessage.objects.create(sender=sender, recipient=recipient, body="Салам")
    assert _send("relay", message_id=message.pk) is True
    [sent] = mail.outbox
    assert sent.subject == f"A message from {sender.display_name}, a fellow alumnus"
    with translation.override("en"):
        profile = reverse("alumni:my_profile")
    assert f"To stop receiving messages, change your profile: http://testserver{profile}" in sent.body


def test_an_organisers_message_links_to_the_events_page_in_the_persons_language():
    from django.core import mail

    from alumni.models import EventMessage
    from tests.factories import ForumEventFactory, OrganiserFactory

    event = ForumEventFactory(page__title="Форум")
    user = _english_graduate()
    message = EventMessage.objects.create(
        event=event,
        sent_by=OrganiserFactory(),
        audience="registrants",
        subject="Рахмат",
        body="Келгениңиз үчүн",
    )
    assert _send("organiser_message", message_id=message.pk, user_id=user.pk) is True
    page = event.pages.get()
    assert mail.outbox[0].body.startswith(f"Hello, {user.display_name}!")
    assert f"About the event: http://testserver{page.url}" in mail.outbox[0].body


def test_a_cancelled_event_mail_gives_no_online_link():
    from django.core import mail
    from django.utils import timezone

    from alumni import services
    from alumni.models import ForumEvent
    from tests.factories import ForumEventFactory

    event = ForumEventFactory(page__title="Форум", online_url="https://meet.example.org/forum")
    registration, _created = services.registration_create(event=event, user=_english_graduate())
    ForumEvent.objects.filter(pk=event.pk).update(cancelled_at=timezone.now())
    assert _send("event_update", registration_id=registration.pk) is True
    assert "meet.example.org" not in mail.outbox[0].body


def test_an_offer_mail_says_when_where_until_when_and_where_to_take_the_place():
    import datetime as dt

    from django.core import mail
    from django.utils import formats, timezone

    from alumni.models import RS, Registration, RegistrationChange
    from alumni.services.registration import status_set
    from tests.factories import ForumEventFactory

    event = ForumEventFactory(page__title="Форум", starts_at=timezone.now() + dt.timedelta(days=10))
    user = _english_graduate()
    registration = Registration.objects.create(
        event=event, user=user, status=RS.WAITLISTED, waitlisted_at=timezone.now()
    )
    deadline = timezone.now() + dt.timedelta(days=2)
    status_set(registration=registration, to_status=RS.OFFERED, by=None, offer_expires_at=deadline)
    change = RegistrationChange.objects.get(registration=registration)
    assert _send("registration", change_id=change.pk) is True
    [sent] = mail.outbox
    with translation.override("en"):
        when = formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")
        until = formats.date_format(timezone.localtime(deadline), "DATETIME_FORMAT")
        mine = reverse("alumni:my_registrations")
    assert sent.body.startswith(f"Hello, {user.display_name}!")
    assert f"A place at “Форум” ({when}) is free for you. Take it by {until}," in sent.body
    assert f"Take the place here: http://testserver{mine}" in sent.body
    assert "meet." not in sent.body


def test_a_confirmation_says_where_the_event_is():
    from django.core import mail

    from alumni import services
    from alumni.models import RegistrationChange
    from tests.factories import ForumEventFactory

    registration, _created = services.registration_create(event=ForumEventFactory(), user=_english_graduate())
    assert _send("registration", change_id=RegistrationChange.objects.get(registration=registration).pk)
    assert "Where: Жаштар борбору, Бишкек, Чүй проспекти 1" in mail.outbox[0].body


def test_a_report_link_that_is_forged_or_whose_message_is_gone_is_refused_in_words():
    from alumni.models import ContactMessage
    from alumni.services import contact_report
    from alumni.services.relay import report_token
    from core.errors import NotFound

    message = ContactMessage.objects.create(sender=graduate(), recipient=graduate(), body="Салам")
    token = report_token(message)
    message.delete()
    for bad in (token, token + "x"):
        with translation.override("en"), pytest.raises(NotFound) as exc:
            contact_report(token=bad)
        assert exc.value.message == "This report link is not valid."
