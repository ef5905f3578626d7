"""Mail from alumni: queued as a background task once the transaction commits (a rolled-back change sends
nothing), written in the recipient's language and sent by the worker. One task, one builder per kind."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, mail_admins
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

logger = logging.getLogger(__name__)


def mail_schedule(kind: str, **ids) -> None:
    """Queue `kind` for after the commit; a queue that cannot be reached is logged, the change is kept."""
    transaction.on_commit(lambda: mail_send.enqueue(kind=kind, ids=ids), robust=True)


def language_of(user) -> str:
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(*, to: str, template: str, context: dict, attachments=()) -> bool:
    if not to:
        return False
    subject = " ".join(render_to_string(f"alumni/email/{template}_subject.txt", context).split())
    body = render_to_string(f"alumni/email/{template}_body.txt", context)
    mail = EmailMessage(subject, body, None, [to])
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
            reply = absolute(reverse("alumni:contact", kwargs={"pk": sender_profile.pk}))
        context = {
            "sender": sender_profile.display_name if sender_profile else message.sender.display_name,
            "body": message.body,
            "reply_url": reply,
            "report_url": absolute(reverse("alumni:report", kwargs={"token": report_token(message)})),
            "profile_url": absolute(reverse("alumni:my_profile")),
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
        f"{absolute('/admin/')}",
    )
    return True


BUILDERS = {"relay": _relay, "relay_report": _relay_report}


@task()
def mail_send(*, kind: str, ids: dict) -> bool:
    return BUILDERS[kind](**ids)
