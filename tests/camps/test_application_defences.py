"""The applicant's side, one promise a test: who counts as a minor, whose name a consent carries, which consents
are written and how, and the empty message of a change nobody explained."""

import datetime as dt

from django.utils import timezone

from camps import services
from camps.models import Consent, Status, StatusChange
from camps.services.applications import CONSENT_VERSION, consents_record
from tests.factories import ApplicationFactory, StudentFactory, birth_date_for_age


def _data(cohort, age, **extra):
    return {
        "full_name": "Айгерим Токтогулова",
        "date_of_birth": birth_date_for_age(age, cohort.starts_on),
        "region": "osh",
        "contact_email": "aigerim@example.org",
        **extra,
    }


def test_someone_who_is_18_at_the_start_applies_without_a_guardian(cohort):
    application = services.application_submit(
        cohort=cohort, applicant=StudentFactory(), data=_data(cohort, 18), answers={}
    )
    assert application.status == Status.SUBMITTED


def test_a_submission_is_logged_without_a_message(cohort):
    application = services.application_submit(
        cohort=cohort, applicant=StudentFactory(), data=_data(cohort, 20), answers={}
    )
    assert StatusChange.objects.get(application=application).message == ""


def test_an_offer_of_a_freed_place_is_logged_without_a_message(cohort):
    waiting = ApplicationFactory(cohort=cohort, status=Status.WAITLISTED, waitlisted_at=timezone.now())
    services.cohort_offer_next(cohort=cohort)
    assert StatusChange.objects.get(application=waiting, to_status=Status.OFFERED).message == ""


def test_an_adults_photo_consent_is_given_in_their_own_name(cohort):
    application = services.application_submit(
        cohort=cohort, applicant=StudentFactory(), data=_data(cohort, 20), answers={}, photo_consent=True
    )
    assert list(application.consents.values_list("kind", "given_by")) == [
        (Consent.Kind.PHOTOS, "Айгерим Токтогулова")
    ]


def test_an_adult_has_no_guardians_consent_to_record(cohort):
    application = ApplicationFactory(cohort=cohort)
    consents_record(
        application=application, minor=False, guardian_consent=True, photo_consent=False, new=True
    )
    assert not application.consents.exists()


def test_a_consent_records_how_when_and_to_which_text_it_was_given(cohort):
    application = ApplicationFactory(cohort=cohort, guardian_name="Бакыт Токтогулов")
    signed = timezone.now() - dt.timedelta(days=3)
    consents_record(
        application=application,
        minor=True,
        guardian_consent=True,
        photo_consent=False,
        new=True,
        method=Consent.Method.PAPER,
        given_at=signed,
    )
    consent = application.consents.get()
    assert (consent.kind, consent.given_by, consent.method, consent.text_version, consent.given_at) == (
        Consent.Kind.PARTICIPATION,
        "Бакыт Токтогулов",
        Consent.Method.PAPER,
        CONSENT_VERSION,
        signed,
    )
