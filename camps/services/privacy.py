"""Personal data in camps: applications anonymised on request (see camps/privacy.py) and the retention purge
(answers and guardian data of old cohorts)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from ..models import Application, Cohort, Consent
from .applications import WITHDRAWABLE, application_withdraw

ERASED_NAME = "—"


def _consents_anonymise(consents) -> None:
    """The guardian's name, address and the scan of their signature go; the fact and the words agreed stay."""
    for consent in consents.exclude(scan=""):
        consent.scan.delete(save=False)
    consents.update(given_by=ERASED_NAME, ip_address=None, scan="")


def _application_anonymise(application: Application, now) -> None:
    application.full_name = ERASED_NAME
    application.school = ""
    application.contact_phone = ""
    application.contact_email = ""
    application.guardian_name = ""
    application.guardian_contact = ""
    application.answers = {}
    application.notes = ""
    # Keep the birth year only (for aggregate figures by age), not the day.
    if application.date_of_birth:
        application.date_of_birth = application.date_of_birth.replace(month=1, day=1)
    application.anonymised_at = now
    application.save()
    _consents_anonymise(application.consents.all())
    application.status_changes.update(message="")
    application.attendance.update(note="")
    certificate = getattr(application, "certificate", None)
    if certificate is not None:
        certificate.holder_name = ERASED_NAME
        certificate.revoked_at = certificate.revoked_at or now
        certificate.save(update_fields=["holder_name", "revoked_at"])


@transaction.atomic
def applications_erase(*, user: User) -> int:
    """Anonymise every camp application of a person; counts by cohort, status, region and birth year stay for
    the statistics. Open applications are first withdrawn the way the applicant would withdraw them (logged
    in the audit trail; a held place goes to the next person waiting). Returns how many were anonymised."""
    now = timezone.now()
    applications = list(Application.objects.filter(applicant=user).order_by("pk"))
    for application in applications:
        if application.status in WITHDRAWABLE:
            application = application_withdraw(application=application, by=user)
        _application_anonymise(application, now)
    return len(applications)


@transaction.atomic
def personal_data_purge_expired(*, now=None) -> int:
    """Purge answers and guardian data of cohorts past their retention period. Idempotent: a purged cohort
    is marked and skipped next time."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    expired = Cohort.objects.select_for_update().filter(
        personal_data_purged_at__isnull=True, ends_on__lt=today
    )
    purged = 0
    for cohort in expired:
        if cohort.ends_on + timedelta(days=cohort.retention_days) > today:
            continue
        applications = Application.objects.filter(cohort=cohort, personal_data_purged_at__isnull=True)
        _consents_anonymise(Consent.objects.filter(application__in=applications))
        applications.update(
            answers={},
            guardian_name="",
            guardian_contact="",
            notes="",
            personal_data_purged_at=now,
        )
        cohort.personal_data_purged_at = now
        cohort.save(update_fields=["personal_data_purged_at"])
        purged += 1
    return purged
