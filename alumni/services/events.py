"""An event's life after publication: a change of time, place or link reaches every calendar that holds it
(a higher SEQUENCE), a cancellation withdraws it (METHOD:CANCEL); after the event, organisers write to a group
of registrants and attendees give feedback."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict, Invalid, NotAllowed

from ..models import LIVE, PLACE_HOLDING, RS, Audience, EventMessage, Feedback, ForumEvent, Registration
from ..permissions import can_manage_event
from .notifications import mail_schedule
from .registration import event_lock, status_set


def event_update_send(*, event: ForumEvent, by: User | None) -> int:
    """The event changed: bump its calendar revision and send everyone with a confirmed place the update."""
    with transaction.atomic():
        if by is not None and not can_manage_event(by, event):
            raise NotAllowed(_("Only this event's organisers can do this."))
        event = event_lock(event_id=event.pk)
        if event.cancelled_at is not None:
            raise Conflict(_("This event has been cancelled."), code="event_cancelled")
        ForumEvent.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1)
        ids = list(
            Registration.objects.filter(event=event, status__in=(RS.CONFIRMED, RS.ATTENDED)).values_list(
                "pk", flat=True
            )
        )
        for registration_id in ids:
            mail_schedule("event_update", registration_id=registration_id)
        return len(ids)


def event_cancel(*, event: ForumEvent, by: User) -> int:
    """Cancel the whole event: every live registration is cancelled and confirmed places get METHOD:CANCEL."""
    with transaction.atomic():
        if not can_manage_event(by, event):
            raise NotAllowed(_("Only this event's organisers can do this."))
        event = event_lock(event_id=event.pk)
        if event.cancelled_at is not None:
            raise Conflict(_("This event has already been cancelled."), code="event_cancelled")
        if event.has_started():
            raise Conflict(_("The event has already started."), code="event_started")
        event.cancelled_at = timezone.now()
        event.sequence += 1
        event.save(update_fields=["cancelled_at", "sequence"])
        registrations = list(Registration.objects.select_for_update().filter(event=event, status__in=LIVE))
        for registration in registrations:
            status_set(registration=registration, to_status=RS.CANCELLED, by=by, offer_expires_at=None)
        return len(registrations)


def audience_of(*, event: ForumEvent, audience: str):
    """The people in one of an event's groups (no-shows: a confirmed place, never checked in, event started)."""
    qs = Registration.objects.filter(event=event)
    if audience == Audience.REGISTRANTS:
        return qs.filter(status__in=PLACE_HOLDING)
    if audience == Audience.WAITLIST:
        return qs.filter(status=RS.WAITLISTED)
    if audience == Audience.ATTENDEES:
        return qs.filter(status=RS.ATTENDED)
    return qs.filter(status=RS.CONFIRMED) if event.has_started() else qs.none()


def event_message_send(
    *, event: ForumEvent, by: User, audience: str, subject: str, body: str
) -> EventMessage:
    """Organisers write to one group; every person gets it in their language, through the task queue."""
    with transaction.atomic():
        if not can_manage_event(by, event):
            raise NotAllowed(_("Only this event's organisers can write to its registrants."))
        errors = {}
        if audience not in Audience.values:
            errors["audience"] = [_("Choose who gets the message.")]
        subject, body = (subject or "").strip(), (body or "").strip()
        if not subject or len(subject) > 200:
            errors["subject"] = [_("Give a subject (at most 200 characters).")]
        if not body or len(body) > 5000:
            errors["body"] = [_("Write the message (at most 5000 characters).")]
        if errors:
            raise Invalid(_("Please correct the message."), fields=errors)
        if audience == Audience.NO_SHOWS and not event.has_started():
            raise Conflict(_("Nobody can have missed the event before it starts."), code="not_started")
        user_ids = list(audience_of(event=event, audience=audience).values_list("user_id", flat=True))
        if not user_ids:
            raise Conflict(_("Nobody is in this group."), code="empty_audience")
        message = EventMessage.objects.create(
            event=event, audience=audience, subject=subject, body=body, sent_by=by, recipients=len(user_ids)
        )
        for user_id in user_ids:
            mail_schedule("organiser_message", message_id=message.pk, user_id=user_id)
        return message


def feedback_give(*, event: ForumEvent, user: User, rating, comment: str = "") -> Feedback:
    """Only an attendee who was checked in gives feedback (1–5 and a comment); giving it again replaces it."""
    with transaction.atomic():
        registration = Registration.objects.filter(event=event, user=user, status=RS.ATTENDED).first()
        if registration is None:
            raise NotAllowed(_("Only those who came to the event and were checked in can leave feedback."))
        errors = {}
        try:
            rating = int(rating)
        except (TypeError, ValueError):
            rating = 0
        if not 1 <= rating <= 5:
            errors["rating"] = [_("Give a rating from 1 to 5.")]
        comment = (comment or "").strip()
        if len(comment) > 2000:
            errors["comment"] = [_("At most 2000 characters.")]
        if errors:
            raise Invalid(_("Please correct the feedback."), fields=errors)
        feedback, _created = Feedback.objects.update_or_create(
            registration=registration,
            defaults={"rating": rating, "comment": comment, "created_at": timezone.now()},
        )
        return feedback
