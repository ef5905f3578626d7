"""Messages about applications, each in its recipient's language: mails to applicants, and to parents
(guardians) a mail or a text message with their consent link. Queued as background tasks once the transaction
commits (a rolled-back change sends nothing), written and sent by the worker. A mail that cannot be queued or
written is reported by core.mail (and fails the tests)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from core.links import absolute_reverse
from core.mail import mail_queue
from core.sms import sms_send

from ..guardian_links import LINK_MAX_AGE, guardian_link_url
from ..models import Application, Status, StatusChange

EMAIL, PHONE = "email", "phone"
_PHONE = re.compile(r"\+?[\d\s()\-]{7,24}")

STATUS_TEXT = {
    Status.AWAITING_GUARDIAN: _(
        "We have received your application to %(cohort)s (%(programme)s). We have sent your parent or guardian "
        "a link to give their consent; the organisers will consider your application once they have."
    ),
    Status.SUBMITTED: _("We have received your application to %(cohort)s (%(programme)s)."),
    Status.ACCEPTED: _("You have been accepted to %(cohort)s (%(programme)s). Please confirm your place."),
    Status.WAITLISTED: _(
        "You are on the waiting list for %(cohort)s (%(programme)s). We will write to you if a place frees up."
    ),
    Status.OFFERED: _(
        "A place in %(cohort)s (%(programme)s) is free for you. Please confirm it by %(deadline)s, "
        "or it will be offered to the next person on the waiting list."
    ),
    Status.CONFIRMED: _("Your place in %(cohort)s (%(programme)s) is confirmed."),
    Status.REJECTED: _("We are sorry: your application to %(cohort)s (%(programme)s) was not accepted."),
    Status.WITHDRAWN: _("Your application to %(cohort)s (%(programme)s) has been withdrawn."),
    Status.EXPIRED: _(
        "The place offered to you in %(cohort)s (%(programme)s) was not confirmed in time, so the offer has "
        "expired. While applications are open, you can apply again."
    ),
    Status.ATTENDED: _("Your attendance at %(cohort)s (%(programme)s) has been recorded."),
    Status.GRADUATED: _(
        "Congratulations! You have graduated from %(cohort)s (%(programme)s). "
        "Your certificate can be verified with the code %(code)s."
    ),
}


def contact_channel(contact: str) -> str | None:
    """How to reach a contact someone wrote down: EMAIL, PHONE (7 to 15 digits), or None for neither."""
    contact = (contact or "").strip()
    if "@" in contact:
        try:
            validate_email(contact)
        except ValidationError:
            return None
        return EMAIL
    if _PHONE.fullmatch(contact) and 7 <= sum(c.isdigit() for c in contact) <= 15:
        return PHONE
    return None


def recipient_language(application) -> str:
    user = application.applicant
    if user is not None and user.preferred_language:
        return user.preferred_language
    return application.cohort.language or settings.LANGUAGE_CODE


def recipient_email(application) -> str:
    if application.contact_email:
        return application.contact_email
    return application.applicant.email if application.applicant_id else ""


def status_email_schedule(*, change: StatusChange) -> None:
    """Queue the email only once the change is committed (a rolled-back change sends nothing)."""
    change_id = change.pk
    # The change is committed by then: a queue that cannot be reached is logged by mail_queue, not shown as an
    # error (nor, under CIVIC_MAIL_ERRORS_RAISE, swallowed by a robust on_commit).
    transaction.on_commit(
        lambda: mail_queue(
            status_email_send, what=f"the status email of change {change_id}", change_id=change_id
        )
    )


@task()
def status_email_send(*, change_id: int) -> bool:
    change = (
        StatusChange.objects.select_related(
            "application__cohort__programme", "application__applicant", "application__certificate"
        )
        .filter(pk=change_id)
        .first()
    )
    if change is None:
        return False
    application = change.application
    to = recipient_email(application)
    if not to or application.anonymised_at:
        return False
    language = recipient_language(application)
    with translation.override(language):
        cohort = application.cohort
        certificate = getattr(application, "certificate", None)
        deadline = ""
        if application.offer_expires_at:
            deadline = formats.date_format(
                timezone.localtime(application.offer_expires_at), "DATETIME_FORMAT"
            )
        context = {
            "name": application.full_name,
            "status": Status(change.to_status).label,
            "text": STATUS_TEXT[change.to_status]
            % {
                "cohort": cohort.name_in(language),
                "programme": cohort.programme_in(language).title,
                "deadline": deadline,
                "code": certificate.code if certificate else "",
            },
            "message": change.message,
            # a message written by an organiser is said to be theirs; one Civic adds (a guardian withdrew) is not
            "by_organisers": change.changed_by_id is not None,
            "applications_url": absolute_reverse("camps:my_applications", language=language),
        }
        subject = render_to_string("camps/email/status_subject.txt", context).strip()
        body = render_to_string("camps/email/status_body.txt", context)
    send_mail(subject, body, None, [to])
    return True


def guardian_message_schedule(*, application_id: int, reminder: bool = False) -> None:
    """Queue the guardian's link once the transaction commits (a rolled-back application sends nothing)."""
    transaction.on_commit(
        lambda: mail_queue(
            guardian_message_send,
            what=f"the guardian's message for application {application_id}",
            application_id=application_id,
            reminder=reminder,
        )
    )


@task()
def guardian_message_send(*, application_id: int, reminder: bool = False) -> bool:
    """The consent link, by mail or text message as the applicant gave the guardian's contact, in the language
    the applicant chose for them. Nothing is sent once consent is no longer awaited."""
    application = (
        Application.objects.select_related("cohort__programme")
        .filter(pk=application_id, status=Status.AWAITING_GUARDIAN, anonymised_at__isnull=True)
        .first()
    )
    if application is None:
        return False
    contact = application.guardian_contact.strip()
    channel = contact_channel(contact)
    if channel is None:
        return False
    language = application.guardian_language
    with translation.override(language):
        cohort = application.cohort
        context = {
            "guardian": application.guardian_name,
            "applicant": application.full_name,
            "cohort": cohort.name_in(language),
            "programme": cohort.programme_in(language).title,
            "url": guardian_link_url(application),
            "days": LINK_MAX_AGE.days,
            "reminder": reminder,
            "closes": formats.date_format(timezone.localtime(cohort.applications_close_at), "DATE_FORMAT"),
        }
        if channel == EMAIL:
            subject = render_to_string("camps/email/guardian_subject.txt", context).strip()
            body = render_to_string("camps/email/guardian_body.txt", context)
        else:
            text = render_to_string("camps/email/guardian_sms.txt", context).strip()
    if channel == EMAIL:
        send_mail(subject, body, None, [contact])
    else:
        sms_send(to=contact, text=text)
    return True


def offer_reminder_schedule(*, application_id: int) -> None:
    transaction.on_commit(
        lambda: mail_queue(
            offer_reminder_send,
            what=f"the offer reminder for application {application_id}",
            application_id=application_id,
        )
    )


@task()
def offer_reminder_send(*, application_id: int) -> bool:
    """Two days before an offered place lapses: a reminder to confirm it, in the applicant's language."""
    application = (
        Application.objects.select_related("cohort__programme", "applicant")
        .filter(pk=application_id, status=Status.OFFERED, anonymised_at__isnull=True)
        .first()
    )
    to = recipient_email(application) if application else ""
    if not to:
        return False
    language = recipient_language(application)
    with translation.override(language):
        cohort = application.cohort
        context = {
            "name": application.full_name,
            "cohort": cohort.name_in(language),
            "programme": cohort.programme_in(language).title,
            "deadline": formats.date_format(
                timezone.localtime(application.offer_expires_at), "DATETIME_FORMAT"
            ),
            "applications_url": absolute_reverse("camps:my_applications", language=language),
        }
        subject = render_to_string("camps/email/offer_reminder_subject.txt", context).strip()
        body = render_to_string("camps/email/offer_reminder_body.txt", context)
    send_mail(subject, body, None, [to])
    return True
