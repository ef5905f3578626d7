"""Organisers run their cohorts: a cohort created by an organiser is theirs, and a cohort's capacity never drops
below the places already held (checked under the cohort's lock, as every decision is)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import Cohort
from ..permissions import is_camps_admin
from .applications import places_taken


def cohort_capacity_check(*, cohort_id: int, capacity: int) -> None:
    """Refuse a capacity below the places held. The caller holds the transaction: the cohort row stays locked
    until it ends, so no decision can take a place between the check and the save."""
    from .selection import cohort_lock  # selection imports applications, as this module does

    cohort = cohort_lock(cohort_id=cohort_id)
    held = places_taken(cohort=cohort)
    if capacity < held:
        raise ValidationError({"capacity": [capacity_message(held)]})


def capacity_message(held: int) -> str:
    return _("%(held)s places are already held; the capacity cannot be lower.") % {"held": held}


def cohort_creator_add(*, cohort: Cohort, by: User) -> None:
    """The organiser who creates a cohort organises it (site admins see every cohort anyway)."""
    if not is_camps_admin(by):
        cohort.organisers.add(by)
