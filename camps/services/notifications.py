"""Emails to applicants about their application, in their own language: queued as a background task once the
transaction commits (a rolled-back change sends nothing), written and sent by the worker. A mail that cannot be
queued or written is reported by core.mail (and fails the tests)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from core.links import absolute_reverse
from core.mail import mail_queue

from ..models import Status, StatusChange

STATUS_TEXT = {
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
            from django.utils import formats, timezone

            deadline = formats.date_format(
                timezone.localtime(application.offer_expires_at), "DATETIME_FORMAT"
            )
        context = {
            "name": application.full_name,
            "status": Status(change.to_status).label,
            "text": STATUS_TEXT[change.to_status]
            % {
                "cohort": cohort.name,
                "programme": cohort.programme_in(language).title,
                "deadline": deadline,
                "code": certificate.code if certificate else "",
            },
            "message": change.message,
            "applications_url": absolute_reverse("camps:my_applications", language=language),
        }
        subject = render_to_string("camps/email/status_subject.txt", context).strip()
        body = render_to_string("camps/email/status_body.txt", context)
    send_mail(subject, body, None, [to])
    return True
