"""Checking people in at the door: an organiser's scan (online, or queued offline and sent later) marks a
confirmed registration as attended, once. The code is checked against the event's key before anything is read."""

from datetime import timedelta

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict, Invalid, NotAllowed, NotFound

from ..checkin import CodeError, code_check
from ..models import RS, ForumEvent, Registration
from ..permissions import can_manage_event
from .registration import status_set

OPENS_BEFORE = timedelta(days=1)
CLOSES_AFTER = timedelta(days=2)


def code_refusal(kind: str) -> Invalid:
    messages = {
        "malformed": _("This is not a Civic check-in code."),
        "other_event": _("This code is for another event."),
        "forged": _("This code is not valid: its signature does not match."),
    }
    return Invalid(messages[kind], fields={"code": [messages[kind]]}, code=kind)


def checkin_mark(*, event: ForumEvent, by: User, code: str, scanned_at=None) -> Registration:
    """Mark the person behind `code` as attended. `scanned_at` is when an offline page scanned it (kept if it
    is plausible, else now). A repeated code, an unknown one or one without a place is refused, saying why."""
    with transaction.atomic():
        if not can_manage_event(by, event):
            raise NotAllowed(_("Only this event's organisers can check people in."))
        now = timezone.now()
        try:
            registration_id = code_check(code, event_id=event.pk, key_hex=event.checkin_key)
        except CodeError as exc:
            raise code_refusal(exc.kind) from exc
        at = scanned_at if scanned_at and event.starts_at - OPENS_BEFORE <= scanned_at <= now else now
        if at < event.starts_at - OPENS_BEFORE:
            raise Conflict(_("Check-in opens a day before the event."), code="checkin_not_open")
        if at > event.ends_at + CLOSES_AFTER:
            raise Conflict(_("Check-in for this event has closed."), code="checkin_closed")
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=registration_id, event=event)
            .first()
        )
        if registration is None:
            raise NotFound(_("Unknown code: there is no such registration for this event."), code="unknown")
        if registration.status == RS.ATTENDED:
            when = formats.time_format(timezone.localtime(registration.checked_in_at), "TIME_FORMAT")
            raise Conflict(
                _("Already checked in at %(time)s: %(name)s.")
                % {"time": when, "name": registration.user.display_name},
                code="already_checked_in",
            )
        if registration.status != RS.CONFIRMED:
            raise Conflict(
                _("%(name)s has no confirmed place (%(status)s).")
                % {
                    "name": registration.user.display_name,
                    "status": registration.get_status_display().lower(),
                },
                code="no_place",
            )
        status_set(
            registration=registration, to_status=RS.ATTENDED, by=by, checked_in_at=at, checked_in_by=by
        )
        return registration
