"""Personal data: erasure on request and the retention purge (answers and guardian data of old cohorts)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import token_revoke_all

from ..models import Application, Cohort, Consent, Status
from .selection import cohort_lock, cohort_offer_next

ERASED_NAME = "—"


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
    application.consents.update(given_by=ERASED_NAME)
    application.status_changes.update(message="")
    application.attendance.update(note="")
    certificate = getattr(application, "certificate", None)
    if certificate is not None:
        certificate.holder_name = ERASED_NAME
        certificate.revoked_at = certificate.revoked_at or now
        certificate.save(update_fields=["holder_name", "revoked_at"])


@transaction.atomic
def personal_data_erase(*, user: User) -> int:
    """Anonymise a person: their account and every camp application; counts by cohort, status, region and
    birth year stay for the statistics. Open applications are withdrawn first (a held place goes on)."""
    now = timezone.now()
    applications = list(Application.objects.filter(applicant=user).select_related("cohort"))
    for application in applications:
        if application.status in (
            Status.SUBMITTED,
            Status.WAITLISTED,
            Status.ACCEPTED,
            Status.OFFERED,
            Status.CONFIRMED,
        ):
            cohort = cohort_lock(cohort_id=application.cohort_id)
            held = application.holds_place
            application.status = Status.WITHDRAWN
            application.offer_expires_at = None
            application.save(update_fields=["status", "offer_expires_at"])
            application.status_changes.create(from_status="", to_status=Status.WITHDRAWN)
            if held:
                cohort_offer_next(cohort=cohort, now=now)
        _application_anonymise(application, now)
    user.alumni_records.all().delete()
    user.username = f"erased-{user.pk}"
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    token_revoke_all(user=user)
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
        Consent.objects.filter(application__in=applications, kind=Consent.Kind.PARTICIPATION).update(
            given_by=ERASED_NAME
        )
        applications.update(
            answers={}, guardian_name="", guardian_contact="", notes="", personal_data_purged_at=now
        )
        cohort.personal_data_purged_at = now
        cohort.save(update_fields=["personal_data_purged_at"])
        purged += 1
    return purged
