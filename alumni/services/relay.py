"""The relay: alumni write to each other through Civic, which mails the message on; nobody's address is shown.
Rate-limited per sender, and every message carries a link to report it."""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict, Invalid, NotAllowed, NotFound

from ..models import AlumniProfile, ContactMessage
from ..permissions import is_alumnus
from .notifications import mail_schedule

MAX_PER_DAY = 5  # messages one person may send in 24 hours
MAX_TO_ONE_PER_DAY = 1  # messages one person may send the same recipient in 24 hours
MAX_LENGTH = 3000
REPORT_SALT = "alumni.relay.report"


def report_token(message: ContactMessage) -> str:
    return signing.dumps(message.pk, salt=REPORT_SALT)


def contact_send(*, sender: User, recipient: AlumniProfile, body: str) -> ContactMessage:
    """Send `body` to an alumnus listed in the directory who accepts messages."""
    with transaction.atomic():
        if not is_alumnus(sender):
            raise NotAllowed(_("Only alumni can write to alumni."))
        if not AlumniProfile.objects.in_directory().filter(pk=recipient.pk).exists():
            raise NotFound(_("There is no such alumnus in the directory."))
        if not recipient.accepts_messages:
            raise NotAllowed(_("This alumnus does not accept messages."))
        if recipient.user_id == sender.pk:
            raise Invalid(
                _("You cannot write to yourself."), fields={"body": [_("You cannot write to yourself.")]}
            )
        body = (body or "").strip()
        if not body:
            raise Invalid(_("Write a message."), fields={"body": [_("Write a message.")]})
        if len(body) > MAX_LENGTH:
            raise Invalid(
                _("The message is too long (at most %(max)s characters).") % {"max": MAX_LENGTH},
                fields={"body": [_("At most %(max)s characters.") % {"max": MAX_LENGTH}]},
            )
        # One sender's messages are counted one after the other: lock the sender's row.
        User.objects.select_for_update().filter(pk=sender.pk).first()
        since = timezone.now() - timedelta(days=1)
        recent = ContactMessage.objects.filter(sender=sender, sent_at__gte=since)
        if recent.count() >= MAX_PER_DAY:
            raise Conflict(
                _("You have sent %(max)s messages in the last 24 hours. Please try again tomorrow.")
                % {"max": MAX_PER_DAY},
                code="rate_limited",
            )
        if recent.filter(recipient_id=recipient.user_id).count() >= MAX_TO_ONE_PER_DAY:
            raise Conflict(
                _("You have already written to this alumnus today. Please wait for an answer."),
                code="rate_limited",
            )
        message = ContactMessage.objects.create(sender=sender, recipient_id=recipient.user_id, body=body)
        mail_schedule("relay", message_id=message.pk)
        return message


def contact_report(*, token: str) -> ContactMessage:
    """The recipient reports a message from the link in its mail; the site's administrators are told."""
    with transaction.atomic():
        try:
            message_id = signing.loads(token, salt=REPORT_SALT)
        except signing.BadSignature as exc:
            raise NotFound(_("This report link is not valid.")) from exc
        message = ContactMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None:
            raise NotFound(_("This report link is not valid."))
        if message.reported_at is None:
            message.reported_at = timezone.now()
            message.save(update_fields=["reported_at"])
            mail_schedule("relay_report", message_id=message.pk)
        return message
