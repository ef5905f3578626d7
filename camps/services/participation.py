"""During and after the camp: attendance per day, graduation (announced for alumni), certificates."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict

from ..models import PARTICIPANT, Application, Attendance, Certificate, Cohort, Status, can_transition
from ..permissions import can_manage_cohort
from ..signals import participant_graduated
from .applications import status_set
from .notifications import recipient_language


@transaction.atomic
def attendance_mark(
    *, cohort: Cohort, by: User, day: date, present_ids: set[int], notes: dict[int, str] | None = None
) -> list[Attendance]:
    """Mark who was there on `day`: everyone else taking part is marked absent. Re-marking overwrites."""
    if not can_manage_cohort(by, cohort):
        raise PermissionDenied
    if not cohort.starts_on <= day <= cohort.ends_on:
        raise ValidationError({"day": [_("This day is not one of the camp's days.")]})
    notes = notes or {}
    participants = list(
        Application.objects.select_for_update().filter(cohort=cohort, status__in=PARTICIPANT).order_by("pk")
    )
    known = {a.pk for a in participants}
    unknown = set(present_ids) - known
    if unknown:
        raise ValidationError({"present": [_("Some of these people are not participants of this cohort.")]})
    existing = {a.application_id: a for a in Attendance.objects.filter(application__cohort=cohort, day=day)}
    records = []
    for application in participants:
        present = application.pk in present_ids
        record = existing.get(application.pk) or Attendance(application=application, day=day)
        record.present = present
        record.note = (notes.get(application.pk) or "")[:300]
        record.marked_by = by
        record.save()
        records.append(record)
        if present and can_transition(application.status, Status.ATTENDED):
            status_set(application=application, to_status=Status.ATTENDED, by=by)
    return records


@transaction.atomic
def cohort_graduate(*, cohort: Cohort, by: User, application_ids: list[int]) -> list[Certificate]:
    """Graduate participants who attended: alumni record, alumnus role and a certificate for each."""
    if not can_manage_cohort(by, cohort):
        raise PermissionDenied
    applications = list(
        Application.objects.select_for_update(of=("self",))
        .select_related("applicant")
        .filter(cohort=cohort, pk__in=application_ids)
    )
    if not applications or len(applications) != len(set(application_ids)):
        raise ValidationError({"applications": [_("Some of these applications are not in this cohort.")]})
    not_attended = [a for a in applications if not can_transition(a.status, Status.GRADUATED)]
    if not_attended:
        raise Conflict(
            _("%(name)s has not attended the camp and cannot graduate.") % {"name": not_attended[0].full_name}
        )
    certificates = []
    for application in applications:
        certificates.append(application_graduate(application=application, by=by))
    return certificates


def application_graduate(*, application: Application, by: User | None) -> Certificate:
    """One participant graduates (the caller checks permission and holds the transaction)."""
    certificate = Certificate.objects.create(
        application=application, holder_name=application.full_name, language=recipient_language(application)
    )
    application.certificate = certificate
    status_set(application=application, to_status=Status.GRADUATED, by=by)
    if application.applicant_id:
        # Alumni (an app built on camps) makes the person an alumnus, in this transaction.
        participant_graduated.send(sender=Application, application=application)
    return certificate
