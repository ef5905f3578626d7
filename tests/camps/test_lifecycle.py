"""The camps lifecycle in one place: the transitions table, places held, age and consents."""

import datetime as dt

import pytest
from django.utils import timezone

from camps import services
from camps.models import (
    NEW,
    PLACE_HOLDING,
    TRANSITIONS,
    Application,
    Consent,
    Status,
    StatusChange,
    age_on,
    can_transition,
)
from camps.services.applications import WITHDRAWABLE
from camps.services.selection import ALLOWED_FROM
from config.api.errors import Conflict as ApiConflict
from core.errors import Conflict
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_the_table_names_every_status_and_only_statuses():
    assert set(TRANSITIONS) == {NEW, *Status.values}
    assert all(set(targets) <= set(Status.values) for targets in TRANSITIONS.values())
    for terminal in (Status.GRADUATED, Status.WITHDRAWN, Status.EXPIRED):
        assert TRANSITIONS[terminal] == ()


def test_the_services_rules_come_from_the_table():
    assert ALLOWED_FROM == {
        "accept": (Status.SUBMITTED, Status.WAITLISTED, Status.REJECTED),
        "waitlist": (Status.SUBMITTED, Status.REJECTED),
        "reject": (Status.SUBMITTED, Status.WAITLISTED),
    }
    assert set(WITHDRAWABLE) == {
        Status.AWAITING_GUARDIAN,
        Status.SUBMITTED,
        Status.WAITLISTED,
        Status.ACCEPTED,
        Status.OFFERED,
        Status.CONFIRMED,
    }
    assert can_transition(Status.OFFERED, Status.EXPIRED) and not can_transition(
        Status.ACCEPTED, Status.EXPIRED
    )
    assert can_transition(Status.ATTENDED, Status.GRADUATED) and not can_transition(
        Status.CONFIRMED, Status.GRADUATED
    )


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (Status.GRADUATED, Status.SUBMITTED),
        (Status.REJECTED, Status.CONFIRMED),
        (Status.EXPIRED, Status.OFFERED),
    ],
)
def test_an_illegal_change_is_refused_and_nothing_is_logged(cohort, from_status, to_status):
    application = ApplicationFactory(cohort=cohort, status=from_status)
    with pytest.raises(Conflict):
        services.status_log(application=application, to_status=to_status, by=None, from_status=from_status)
    assert not StatusChange.objects.filter(application=application, to_status=to_status).exists()


def test_a_rejected_application_cannot_be_confirmed(cohort):
    application = ApplicationFactory(cohort=cohort, status=Status.REJECTED)
    with pytest.raises((Conflict, ApiConflict)):
        services.application_confirm(application=application, by=application.applicant)
    application.refresh_from_db()
    assert application.status == Status.REJECTED


def test_places_held_counts_the_place_holding_statuses_only(cohort):
    deadline = timezone.now() + dt.timedelta(days=3)
    for status in Status.values:
        ApplicationFactory(
            cohort=cohort, status=status, offer_expires_at=deadline if status == Status.OFFERED else None
        )
    assert Application.objects.filter(cohort=cohort).places_held() == len(PLACE_HOLDING)
    assert services.places_taken(cohort=cohort) == len(PLACE_HOLDING)


@pytest.mark.parametrize(
    ("dob", "day", "age"),
    [
        (dt.date(2008, 6, 15), dt.date(2026, 6, 14), 17),  # the day before the 18th birthday
        (dt.date(2008, 6, 15), dt.date(2026, 6, 15), 18),
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 17),  # a leap-day birthday counts from 1 March
        (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18),
    ],
)
def test_age_is_one_rule(dob, day, age):
    assert age_on(dob, day) == age
    assert Application(date_of_birth=dob).age_on(day) == age


def test_consents_are_recorded_one_way(cohort):
    minor = ApplicationFactory(cohort=cohort, guardian_name="Ата-эне", full_name="Бала")
    services.consents_record(
        application=minor, minor=True, guardian_consent=True, photo_consent=True, new=True
    )
    assert sorted(minor.consents.values_list("kind", "given_by", "method")) == [
        (Consent.Kind.PARTICIPATION, "Ата-эне", Consent.Method.ONLINE),
        (Consent.Kind.PHOTOS, "Ата-эне", Consent.Method.ONLINE),
    ]
    services.consents_record(application=minor, minor=True, guardian_consent=True, photo_consent=False)
    photos = minor.consents.get(kind=Consent.Kind.PHOTOS)
    assert photos.withdrawn_at is not None  # withdrawn, the record stays
