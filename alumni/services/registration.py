"""Registering for forum events: places, the waiting list, offers and their clock, cancelling, approval.

Every change that takes or frees a place locks the event row (SELECT ... FOR UPDATE) inside a transaction before
counting the places held, so concurrent registrations are served one after the other and never exceed capacity.
A person's second attempt finds their live registration (and the partial unique constraint stops a race of the
same person): it is returned, not duplicated. The legal moves are a table (ALLOWED_FROM), not scattered ifs.
"""

from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict, Invalid, NotAllowed, NotFound
from core.observability import count_event

from ..models import PLACE_HOLDING, RS, ForumEvent, Registration, RegistrationChange
from ..permissions import can_manage_event
from ..selectors import eligibility_problem, registration_live_of
from .notifications import mail_schedule

CANCEL, CONFIRM_OFFER, APPROVE, REJECT, EXPIRE = "cancel", "confirm_offer", "approve", "reject", "expire"
# From which statuses each move may be made.
ALLOWED_FROM = {
    CANCEL: (RS.PENDING, RS.CONFIRMED, RS.WAITLISTED, RS.OFFERED),
    CONFIRM_OFFER: (RS.OFFERED,),
    APPROVE: (RS.PENDING,),
    REJECT: (RS.PENDING,),
    EXPIRE: (RS.OFFERED,),
}
LEAVE_SALT = "alumni.registration.leave"


def event_lock(*, event_id: int) -> ForumEvent:
    """Lock the event row until the transaction ends: the one place where capacity is serialised."""
    return ForumEvent.objects.select_for_update().get(pk=event_id)


def _places_taken(event: ForumEvent) -> int:
    return Registration.objects.filter(event=event, status__in=PLACE_HOLDING).count()


def status_set(
    *, registration: Registration, to_status: str, by: User | None, **fields
) -> RegistrationChange:
    """Change the status, keep the audit trail and mail the person (after the commit, in their language)."""
    from_status = registration.status
    registration.status = to_status
    for key, value in fields.items():
        setattr(registration, key, value)
    registration.save(update_fields=["status", "updated_at", *fields.keys()])
    change = RegistrationChange.objects.create(
        registration=registration,
        from_status=from_status,
        to_status=to_status,
        changed_by=by,
    )
    mail_schedule("registration", change_id=change.pk)
    return change


def _refuse_if_closed(event: ForumEvent, now) -> None:
    if event.cancelled_at is not None:
        raise Conflict(_("This event has been cancelled."), code="event_cancelled")
    if event.has_started(now):
        raise Conflict(_("This event has already started; registration is closed."), code="event_started")
    if now < event.registration_opens_at:
        opens = formats.date_format(timezone.localtime(event.registration_opens_at), "DATETIME_FORMAT")
        raise Conflict(_("Registration opens on %(date)s.") % {"date": opens}, code="registration_not_open")
    if now > event.registration_closes_at:
        raise Conflict(_("Registration for this event has closed."), code="registration_closed")


def _answers_clean(event: ForumEvent, dietary_needs: str, needs_travel_support: bool) -> dict:
    dietary_needs = (dietary_needs or "").strip() if event.ask_dietary else ""
    if len(dietary_needs) > 300:
        raise Invalid(
            _("Please correct the registration."),
            fields={"dietary_needs": [_("At most 300 characters.")]},
        )
    return {
        "dietary_needs": dietary_needs,
        "needs_travel_support": bool(needs_travel_support and event.ask_travel),
    }


def registration_create(
    *,
    event: ForumEvent,
    user: User,
    dietary_needs: str = "",
    needs_travel_support: bool = False,
    now=None,
) -> tuple[Registration, bool]:
    """Register an eligible alumnus in one step: a place if one is free (awaiting approval where the event asks
    for it), else the waiting list. Returns (registration, created); a second attempt returns the live one."""
    now = now or timezone.now()
    existing = registration_live_of(event=event, user=user)
    if existing is not None:
        return existing, False
    _refuse_if_closed(event, now)
    problem = eligibility_problem(event=event, user=user)
    if problem:
        raise NotAllowed(problem, code="not_eligible")
    answers = _answers_clean(event, dietary_needs, needs_travel_support)
    try:
        with transaction.atomic():
            event = event_lock(event_id=event.pk)
            existing = registration_live_of(event=event, user=user)
            if existing is not None:
                return existing, False
            _refuse_if_closed(event, now)
            if _places_taken(event) < event.capacity:
                status, extra = (RS.PENDING if event.requires_approval else RS.CONFIRMED), {}
            else:
                status, extra = RS.WAITLISTED, {"waitlisted_at": now}
            registration = Registration.objects.create(
                event=event, user=user, status=status, created_at=now, **answers, **extra
            )
            change = RegistrationChange.objects.create(
                registration=registration, from_status="", to_status=status, changed_by=user
            )
            mail_schedule("registration", change_id=change.pk)
    except IntegrityError:
        # The same person registering twice at once: the partial unique constraint let one through.
        existing = registration_live_of(event=event, user=user)
        if existing is None:
            raise
        return existing, False
    count_event("registration")
    return registration, True


def event_offer_next(*, event: ForumEvent, now=None) -> list[Registration]:
    """Offer free places to the first people waiting, each with the event's confirmation window. The caller
    holds the event lock. No offers once the event has started or was cancelled."""
    now = now or timezone.now()
    if event.cancelled_at is not None or event.has_started(now):
        return []
    free = event.capacity - _places_taken(event)
    if free <= 0:
        return []
    deadline = min(now + timedelta(hours=event.offer_hours), event.starts_at)
    offered = []
    waiting = (
        Registration.objects.select_for_update()
        .filter(event=event, status=RS.WAITLISTED)
        .order_by("waitlisted_at", "pk")[:free]
    )
    for registration in waiting:
        status_set(registration=registration, to_status=RS.OFFERED, by=None, offer_expires_at=deadline)
        offered.append(registration)
    return offered


def _locked(registration: Registration) -> tuple[ForumEvent, Registration]:
    """The event, then the registration, locked in that order (the order every writer here takes)."""
    event = event_lock(event_id=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    return event, registration


def registration_cancel(*, registration: Registration, by: User, now=None) -> Registration:
    """The registrant cancels (or leaves the waiting list) until the event starts; a freed place is offered on."""
    with transaction.atomic():
        now = now or timezone.now()
        if registration.user_id != by.pk:
            raise NotAllowed(_("This is not your registration."))
        event, registration = _locked(registration)
        if event.has_started(now):
            raise Conflict(
                _("The event has started: the registration can no longer be cancelled."), code="event_started"
            )
        if registration.status not in ALLOWED_FROM[CANCEL]:
            raise Conflict(
                _("This registration is already %(status)s.")
                % {"status": registration.get_status_display().lower()}
            )
        held = registration.holds_place
        status_set(registration=registration, to_status=RS.CANCELLED, by=by, offer_expires_at=None)
        if held:
            event_offer_next(event=event, now=now)
        return registration


def leave_token(registration: Registration) -> str:
    """A signed token for the one-click link in wait-list mails (no sign-in needed)."""
    return signing.dumps(registration.pk, salt=LEAVE_SALT)


def registration_by_leave_token(*, token: str) -> Registration:
    try:
        pk = signing.loads(token, salt=LEAVE_SALT, max_age=timedelta(days=365))
    except signing.BadSignature as exc:
        raise NotFound(_("This link is not valid.")) from exc
    registration = Registration.objects.select_related("event", "user").filter(pk=pk).first()
    if registration is None:
        raise NotFound(_("This link is not valid."))
    return registration


def offer_confirm(*, registration: Registration, by: User, now=None) -> Registration:
    """The person takes the place offered to them, before the offer lapses."""
    with transaction.atomic():
        now = now or timezone.now()
        if registration.user_id != by.pk:
            raise NotAllowed(_("This is not your registration."))
        event, registration = _locked(registration)
        if registration.status == RS.EXPIRED or (
            registration.status == RS.OFFERED and registration.offer_expires_at < now
        ):
            raise Conflict(_("The offer has expired."), code="offer_expired")
        if registration.status not in ALLOWED_FROM[CONFIRM_OFFER]:
            raise Conflict(_("There is no offered place to confirm."))
        to_status = RS.PENDING if event.requires_approval else RS.CONFIRMED
        status_set(registration=registration, to_status=to_status, by=by, offer_expires_at=None)
        return registration


def offers_expire(*, now=None) -> int:
    """Offers past their deadline lapse and the places go to the next people waiting; safe to run often."""
    now = now or timezone.now()
    event_ids = (
        Registration.objects.filter(status=RS.OFFERED, offer_expires_at__lt=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    expired = 0
    for event_id in list(event_ids):
        with transaction.atomic():
            event = event_lock(event_id=event_id)
            for registration in Registration.objects.select_for_update().filter(
                event=event, status=RS.OFFERED, offer_expires_at__lt=now
            ):
                status_set(registration=registration, to_status=RS.EXPIRED, by=None)
                expired += 1
            event_offer_next(event=event, now=now)
    return expired


def registration_decide(*, registration: Registration, by: User, approve: bool, now=None) -> Registration:
    """An organiser approves or turns down a registration awaiting approval; a freed place is offered on."""
    with transaction.atomic():
        now = now or timezone.now()
        if not can_manage_event(by, registration.event):
            raise NotAllowed(_("Only this event's organisers can decide on registrations."))
        move = APPROVE if approve else REJECT
        event, registration = _locked(registration)
        if registration.status not in ALLOWED_FROM[move]:
            raise Conflict(_("This registration is not awaiting approval."))
        status_set(registration=registration, to_status=RS.CONFIRMED if approve else RS.REJECTED, by=by)
        if not approve:
            event_offer_next(event=event, now=now)
        return registration
