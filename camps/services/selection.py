"""Selection: organisers accept, wait-list or reject; freed places are offered to the waiting list.

Every decision locks the cohort row (SELECT ... FOR UPDATE) inside a transaction before counting the places
held, so organisers clicking at the same time are served one after the other and never exceed capacity.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict

from ..models import WAITING_ORDER, Application, Cohort, Status, statuses_that_can_become
from ..permissions import can_manage_cohort
from .applications import status_set

ACCEPT, WAITLIST, REJECT = "accept", "waitlist", "reject"
DECISIONS = {ACCEPT: Status.ACCEPTED, WAITLIST: Status.WAITLISTED, REJECT: Status.REJECTED}
# Organisers decide on these; from which of them each decision may be taken is the lifecycle table's answer.
UNDECIDED = (Status.SUBMITTED, Status.WAITLISTED, Status.REJECTED)
ALLOWED_FROM = {
    decision: statuses_that_can_become(status, UNDECIDED) for decision, status in DECISIONS.items()
}


def cohort_lock(*, cohort_id: int) -> Cohort:
    """Lock the cohort row until the transaction ends: the one place where capacity is serialised."""
    return Cohort.objects.select_for_update().get(pk=cohort_id)


def applications_decide(
    *, cohort: Cohort, application_ids: list[int], by: User, decision: str, message: str = ""
) -> list[Application]:
    """Accept, wait-list or reject one or many applications of one cohort: all of them, or none."""
    with transaction.atomic():
        if decision not in DECISIONS:
            raise ValidationError({"decision": [_("Choose accept, waitlist or reject.")]})
        if not can_manage_cohort(by, cohort):
            raise PermissionDenied
        if not application_ids:
            raise ValidationError({"applications": [_("Choose at least one application.")]})
        cohort = cohort_lock(cohort_id=cohort.pk)
        applications = list(
            Application.objects.select_for_update()
            .filter(cohort=cohort, pk__in=application_ids)
            .order_by("submitted_at", "pk")
        )
        if len(applications) != len(set(application_ids)):
            raise ValidationError({"applications": [_("Some of these applications are not in this cohort.")]})
        awaiting = [a for a in applications if a.status == Status.AWAITING_GUARDIAN]
        if awaiting:
            raise Conflict(
                _(
                    "%(name)s's application is still waiting for the parent's (guardian's) consent; it can be "
                    "decided on once the consent is given."
                )
                % {"name": awaiting[0].full_name}
            )
        wrong = [a for a in applications if a.status not in ALLOWED_FROM[decision]]
        if wrong:
            raise Conflict(
                _("%(name)s's application is %(status)s and cannot be changed this way.")
                % {"name": wrong[0].full_name, "status": wrong[0].get_status_display().lower()}
            )
        if decision == ACCEPT:
            free = cohort.capacity - Application.objects.filter(cohort=cohort).places_held()
            if len(applications) > free:
                raise Conflict(
                    _("Not enough places: %(free)s left of %(capacity)s, %(wanted)s asked for.")
                    % {"free": max(free, 0), "capacity": cohort.capacity, "wanted": len(applications)}
                )
        now = timezone.now()
        new_status = DECISIONS[decision]
        for application in applications:
            extra = {"waitlisted_at": now} if new_status == Status.WAITLISTED else {}
            status_set(application=application, to_status=new_status, by=by, message=message, **extra)
        return applications


def application_decide(
    *, application: Application, by: User, decision: str, message: str = ""
) -> Application:
    return applications_decide(
        cohort=application.cohort, application_ids=[application.pk], by=by, decision=decision, message=message
    )[0]


def cohort_offer_next(*, cohort: Cohort, now=None) -> list[Application]:
    """Offer free places to the first wait-listed people. The caller holds the cohort lock."""
    now = now or timezone.now()
    if cohort.starts_on <= timezone.localdate(now):
        return []  # the camp has begun: no more offers
    offered = []
    free = cohort.capacity - Application.objects.filter(cohort=cohort).places_held()
    if free <= 0:
        return offered
    waiting = (
        Application.objects.select_for_update()
        .filter(cohort=cohort, status=Status.WAITLISTED)
        .order_by(*WAITING_ORDER)[:free]
    )
    for application in waiting:
        status_set(
            application=application,
            to_status=Status.OFFERED,
            by=None,
            offer_expires_at=now + timedelta(days=cohort.offer_days),
        )
        offered.append(application)
    return offered


def offers_expire(*, now=None) -> int:
    """Expire offers whose deadline passed and offer the places on; safe to run every few minutes."""
    now = now or timezone.now()
    cohort_ids = (
        Application.objects.filter(status=Status.OFFERED, offer_expires_at__lt=now)
        .values_list("cohort_id", flat=True)
        .distinct()
    )
    expired = 0
    for cohort_id in list(cohort_ids):
        with transaction.atomic():
            cohort = cohort_lock(cohort_id=cohort_id)
            for application in Application.objects.select_for_update().filter(
                cohort=cohort, status=Status.OFFERED, offer_expires_at__lt=now
            ):
                status_set(
                    application=application,
                    to_status=Status.EXPIRED,
                    by=None,
                    offer_expires_at=None,
                )
                expired += 1
            cohort_offer_next(cohort=cohort, now=now)
    return expired


def application_note_set(*, application: Application, by: User, notes: str) -> Application:
    if not can_manage_cohort(by, application.cohort):
        raise PermissionDenied
    application.notes = notes
    application.save(update_fields=["notes", "updated_at"])
    return application
