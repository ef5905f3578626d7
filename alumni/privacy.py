"""Personal data in alumni: what `export(user)` hands the person and what `erase(user)` removes."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

SECTION_LABELS = {
    "alumni_records": _("Graduations"),
    "alumni_profile": _("Alumni profile"),
    "alumni_messages_sent": _("Messages sent to alumni"),
    "alumni_messages_received": _("Messages from alumni"),
    "forum_registrations": _("Forum registrations"),
}
COVERS: list[str] = [
    "alumni.AlumniRecord",
    "alumni.AlumniProfile",
    "alumni.ContactMessage",
    "alumni.Registration",
]
EXEMPT: dict[str, str] = {
    "alumni.ForumEvent": "the organisers of an event (staff running it), not data about them as alumni",
    "alumni.RegistrationChange": "who changed a registration: the audit trail; the person's own registrations "
    "go with their trail when they are erased",
    "alumni.EventMessage": "the organiser who sent a message to registrants",
}


def _dt(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    from .models import AlumniProfile, AlumniRecord, ContactMessage, Registration

    profile = AlumniProfile.objects.filter(user=user).prefetch_related("interests").first()
    registrations = (
        Registration.objects.filter(user=user)
        .select_related("event", "feedback")
        .order_by("created_at", "pk")
    )
    records = (
        AlumniRecord.objects.filter(user=user).select_related("programme", "cohort").order_by("year", "pk")
    )
    return {
        "alumni_records": [
            {
                "programme": r.programme.title,
                "cohort": r.cohort.name if r.cohort_id else None,
                "year": r.year,
                "source": r.source,
            }
            for r in records
        ],
        "alumni_profile": None
        if profile is None
        else {
            "display_name": profile.display_name,
            "region": profile.region,
            "date_of_birth": _dt(profile.date_of_birth),
            "bio": profile.bio,
            "interests": profile.interest_list,
            "contact_note": profile.contact_note,
            "accepts_messages": profile.accepts_messages,
            "directory_visible": profile.directory_visible,
            "photo": profile.photo.file.url if profile.photo_id else None,
        },
        "alumni_messages_sent": [
            {"to": m.recipient_id, "body": m.body, "sent_at": _dt(m.sent_at)}
            for m in ContactMessage.objects.filter(sender=user).order_by("sent_at")
        ],
        "alumni_messages_received": [
            {
                "from": m.sender_id,
                "body": m.body,
                "sent_at": _dt(m.sent_at),
                "reported_at": _dt(m.reported_at),
            }
            for m in ContactMessage.objects.filter(recipient=user).order_by("sent_at")
        ],
        "forum_registrations": [
            {
                "event": r.event.name,
                "starts_at": _dt(r.event.starts_at),
                "status": r.status,
                "registered_at": _dt(r.created_at),
                "dietary_needs": r.dietary_needs,
                "needs_travel_support": r.needs_travel_support,
                "checked_in_at": _dt(r.checked_in_at),
                "feedback": {"rating": r.feedback.rating, "comment": r.feedback.comment}
                if hasattr(r, "feedback")
                else None,
            }
            for r in registrations
        ],
    }


@transaction.atomic
def erase(user) -> None:
    from .models import LIVE, AlumniProfile, AlumniRecord, ContactMessage, Registration
    from .services.registration import event_lock, event_offer_next

    # A place held at an event still to come goes to the next person waiting before the registration goes.
    for registration in Registration.objects.filter(user=user, status__in=LIVE).select_related("event"):
        if not registration.event.has_started():
            event = event_lock(event_id=registration.event_id)
            held = registration.holds_place
            registration.delete()
            if held:
                event_offer_next(event=event)
    Registration.objects.filter(user=user).delete()

    profile = AlumniProfile.objects.filter(user=user).select_related("photo").first()
    if profile is not None:
        photo = profile.photo
        profile.delete()
        if photo is not None:
            photo.delete()
    # Messages they sent and received: the reported ones stay for the administrators, without the text.
    ContactMessage.objects.filter(sender=user, reported_at__isnull=True).delete()
    ContactMessage.objects.filter(recipient=user).delete()
    ContactMessage.objects.filter(sender=user).update(body="")
    AlumniRecord.objects.filter(user=user).delete()
