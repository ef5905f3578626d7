"""Mail from alumni: queued as a background task once the transaction commits (a rolled-back change sends
nothing), written in the recipient's language and sent by the worker. One task, one builder per kind."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, mail_admins
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django_tasks import task

from core.links import absolute_url
from core.mail import mail_queue

logger = logging.getLogger(__name__)


def mail_schedule(kind: str, **ids) -> None:
    """Queue `kind` for after the commit; a queue that cannot be reached is logged, the change is kept."""
    transaction.on_commit(
        lambda: mail_queue(mail_send, what=f"the alumni mail {kind} {ids}", kind=kind, ids=ids)
    )


def language_of(user) -> str:
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def _send(*, to: str, template: str, context: dict, attachments=()) -> bool:
    if not to:
        return False
    subject = " ".join(render_to_string(f"alumni/email/{template}_subject.txt", context).split())
    body = render_to_string(f"alumni/email/{template}_body.txt", context)
    mail = EmailMessage(subject, body, None, [to])
    if context.get("code"):
        mail = EmailMultiAlternatives(subject, body, None, [to])
        mail.attach_alternative(render_to_string(f"alumni/email/{template}_body.html", context), "text/html")
    for name, content, mimetype in attachments:
        mail.attach(name, content, mimetype)
    mail.send()
    return True


def _relay(*, message_id: int) -> bool:
    from ..models import AlumniProfile, ContactMessage
    from .relay import report_token

    message = ContactMessage.objects.select_related("sender", "recipient").filter(pk=message_id).first()
    if message is None or not message.recipient.is_active:
        return False
    sender_profile = AlumniProfile.objects.filter(user=message.sender).first()
    with translation.override(language_of(message.recipient)):
        reply = ""
        if sender_profile and AlumniProfile.objects.in_directory().filter(pk=sender_profile.pk).exists():
            reply = absolute_url(reverse("alumni:contact", kwargs={"pk": sender_profile.pk}))
        context = {
            "sender": sender_profile.display_name if sender_profile else message.sender.display_name,
            "body": message.body,
            "reply_url": reply,
            "report_url": absolute_url(reverse("alumni:report", kwargs={"token": report_token(message)})),
            "profile_url": absolute_url(reverse("alumni:my_profile")),
        }
        return _send(to=message.recipient.email, template="relay", context=context)


def _relay_report(*, message_id: int) -> bool:
    from ..models import ContactMessage

    message = ContactMessage.objects.select_related("sender", "recipient").filter(pk=message_id).first()
    if message is None:
        return False
    mail_admins(
        f"Alumni message reported: #{message.pk}",
        f"{message.sender} -> {message.recipient} at {message.sent_at:%Y-%m-%d %H:%M}\n\n{message.body}\n\n"
        f"{absolute_url('/admin/')}",
    )
    return True


def _event_context(registration, language: str) -> dict:
    from ..models import RS
    from ..selectors import waitlist_position
    from .registration import leave_token

    event = registration.event
    page = event.page_in(language)
    when = formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")
    deadline = ""
    if registration.offer_expires_at:
        deadline = formats.date_format(timezone.localtime(registration.offer_expires_at), "DATETIME_FORMAT")
    return {
        "name": registration.user.display_name,
        "title": page.title if page else event.name,
        "when": when,
        "venue": ", ".join(p for p in ((page.venue, page.address) if page else ()) if p),
        "online_url": event.online_url if registration.status in (RS.CONFIRMED, RS.ATTENDED) else "",
        "event_url": absolute_url(page.url) if page and page.url else "",
        "position": waitlist_position(registration=registration),
        "deadline": deadline,
        "my_url": absolute_url(reverse("alumni:my_registrations")),
        "leave_url": absolute_url(reverse("alumni:leave", kwargs={"token": leave_token(registration)})),
        "status": registration.status,
    }


def _registration(*, change_id: int) -> bool:
    """A registration's new status, with the invitation (.ics) when a place is confirmed and its withdrawal
    when a confirmed place is given up."""
    from .. import calendar
    from ..models import RS, RegistrationChange

    change = (
        RegistrationChange.objects.select_related("registration__event", "registration__user")
        .filter(pk=change_id)
        .first()
    )
    if change is None or not change.registration.user.is_active:
        return False
    registration = change.registration
    if registration.status != change.to_status:
        return False  # overtaken by a later change, which sends its own mail
    user = registration.user
    language = language_of(user)
    with translation.override(language):
        context = _event_context(registration, language)
        context["code"] = registration_code_for_mail(registration)
        attachments = []
        if change.to_status == RS.CONFIRMED:
            ics = calendar.event_ics(
                event=registration.event,
                language=language,
                method=calendar.REQUEST,
                attendee=user,
                with_link=True,
            )
            attachments.append(("invite.ics", ics, "text/calendar; method=REQUEST; charset=utf-8"))
        elif change.from_status in (RS.CONFIRMED, RS.ATTENDED) and change.to_status == RS.CANCELLED:
            ics = calendar.event_ics(
                event=registration.event, language=language, method=calendar.CANCEL, attendee=user
            )
            attachments.append(("cancel.ics", ics, "text/calendar; method=CANCEL; charset=utf-8"))
        return _send(
            to=user.email,
            template="registration",
            context={**context, "from_status": change.from_status},
            attachments=attachments,
        )


def registration_code_for_mail(registration) -> dict | None:
    """The check-in code and its QR (SVG) for a confirmed place."""
    from ..checkin import code_for, qr_svg
    from ..models import RS

    if registration.status != RS.CONFIRMED:
        return None
    code = code_for(registration)
    return {"text": code, "svg": qr_svg(code)}


def _event_update(*, registration_id: int) -> bool:
    """The event changed (time, place, link) or was cancelled: a calendar update with a higher SEQUENCE, or
    METHOD:CANCEL."""
    from .. import calendar
    from ..models import Registration

    registration = Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    if registration is None or not registration.user.is_active:
        return False
    user, event = registration.user, registration.event
    language = language_of(user)
    cancelled = event.cancelled_at is not None
    method = calendar.CANCEL if cancelled else calendar.REQUEST
    with translation.override(language):
        context = _event_context(registration, language)
        context["online_url"] = event.online_url if not cancelled else ""
        ics = calendar.event_ics(
            event=event, language=language, method=method, attendee=user, with_link=not cancelled
        )
        name = "cancel.ics" if cancelled else "update.ics"
        return _send(
            to=user.email,
            template="event_cancelled" if cancelled else "event_changed",
            context=context,
            attachments=[(name, ics, f"text/calendar; method={method}; charset=utf-8")],
        )


def _organiser_message(*, message_id: int, user_id: int) -> bool:
    from accounts.models import User

    from ..models import EventMessage

    message = EventMessage.objects.select_related("event").filter(pk=message_id).first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if message is None or user is None:
        return False
    language = language_of(user)
    with translation.override(language):
        page = message.event.page_in(language)
        context = {
            "name": user.display_name,
            "title": page.title if page else message.event.name,
            "subject": message.subject,
            "body": message.body,
            "event_url": absolute_url(page.url) if page and page.url else "",
        }
        return _send(to=user.email, template="organiser_message", context=context)


BUILDERS = {
    "relay": _relay,
    "relay_report": _relay_report,
    "registration": _registration,
    "event_update": _event_update,
    "organiser_message": _organiser_message,
}


@task()
def mail_send(*, kind: str, ids: dict) -> bool:
    return BUILDERS[kind](**ids)
