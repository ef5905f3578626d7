"""Every non-trivial read in camps, scoped to whoever asks."""

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from .models import (
    PARTICIPANT,
    Application,
    Attendance,
    Cohort,
    Consent,
    Status,
    StatusChange,
    places_held_annotation,
)
from .permissions import is_camps_admin


def cohorts_public() -> QuerySet[Cohort]:
    return Cohort.objects.select_related("programme").annotate(places_taken=places_held_annotation())


def cohort_list_open(*, programme_key=None, region: str | None = None, now=None) -> QuerySet[Cohort]:
    """Cohorts whose application window is open now, by programme (translation key) and region."""
    now = now or timezone.now()
    qs = cohorts_public().filter(applications_open_at__lte=now, applications_close_at__gte=now)
    if programme_key is not None:
        qs = qs.filter(programme__translation_key=programme_key)
    if region:
        qs = qs.filter(region=region)
    return qs.order_by("applications_close_at", "pk")


def cohort_list(
    *, programme: int | None = None, region: str | None = None, open_only: bool = False
) -> QuerySet:
    qs = cohorts_public()
    if programme is not None:
        from .models import ProgrammePage

        keys = ProgrammePage.objects.filter(pk=programme).values("translation_key")
        qs = qs.filter(programme__translation_key__in=keys)
    if region:
        qs = qs.filter(region=region)
    if open_only:
        now = timezone.now()
        qs = qs.filter(applications_open_at__lte=now, applications_close_at__gte=now)
    return qs.order_by("starts_on", "pk")


def cohorts_managed_by(*, user) -> QuerySet[Cohort]:
    """The cohorts a person organises (all of them for site admins); none for anyone else."""
    if not (user and user.is_authenticated):
        return Cohort.objects.none()
    qs = cohorts_public()
    if is_camps_admin(user):
        return qs.order_by("-starts_on", "pk")
    return qs.filter(organisers=user).order_by("-starts_on", "pk")


def applications_visible_to(*, user) -> QuerySet[Application]:
    """One's own applications and those of the cohorts one organises."""
    if not (user and user.is_authenticated):
        return Application.objects.none()
    qs = Application.objects.with_waiting_position().select_related("cohort__programme")
    if is_camps_admin(user):
        return qs
    organised = Cohort.objects.filter(organisers=user).values("pk")
    return qs.filter(Q(applicant=user) | Q(cohort__in=organised))


def application_active_of(*, cohort: Cohort, user) -> Application | None:
    """The person's current (neither withdrawn nor expired) application to the cohort; None for the anonymous."""
    if not user.is_authenticated:
        return None
    return Application.objects.filter(cohort=cohort, applicant=user).active().first()


def messages_to_applicant() -> QuerySet[StatusChange]:
    """The messages written to an applicant with a decision (shown on their page and in the API as in the
    mail), oldest first."""
    return StatusChange.objects.exclude(message="").order_by("changed_at", "pk")


def applications_of(*, user) -> QuerySet[Application]:
    return (
        Application.objects.filter(applicant=user)
        .with_waiting_position()
        .select_related("cohort__programme", "certificate")
        .prefetch_related(
            Prefetch("consents", queryset=Consent.objects.filter(withdrawn_at__isnull=True)),
            Prefetch("status_changes", queryset=messages_to_applicant(), to_attr="messages"),
        )
        .order_by("-submitted_at")
    )


def application_list_for_cohort(
    *,
    cohort: Cohort,
    status: str | None = None,
    region: str | None = None,
    min_age: int | None = None,
    max_age: int | None = None,
    answer: str | None = None,
) -> QuerySet[Application]:
    """The organiser's list: a fixed number of queries, whatever the number of applications."""
    qs = (
        Application.objects.filter(cohort=cohort)
        .with_waiting_position()
        .select_related("cohort", "applicant")
        .prefetch_related(Prefetch("consents", queryset=Consent.objects.filter(withdrawn_at__isnull=True)))
    )
    if status:
        qs = qs.filter(status=status)
    if region:
        qs = qs.filter(region=region)
    start = cohort.starts_on
    if min_age is not None:
        qs = qs.filter(date_of_birth__lte=_years_before(start, min_age))
    if max_age is not None:
        qs = qs.filter(date_of_birth__gt=_years_before(start, max_age + 1))
    if answer:
        # JSON answers are searched as text: portable across SQLite and PostgreSQL.
        qs = _answers_contain(qs, answer)
    return qs.order_by("submitted_at", "pk")


def _answers_contain(qs, text: str):
    from django.db.models import TextField
    from django.db.models.functions import Cast, Lower

    return qs.annotate(_answers_text=Lower(Cast("answers", TextField()))).filter(
        _answers_text__contains=text.lower()
    )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def status_counts(*, cohort: Cohort) -> list[tuple[str, str, int]]:
    counts = dict(
        Application.objects.filter(cohort=cohort)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(status, label, counts.get(status, 0)) for status, label in Status.choices]


def participants_of(*, cohort: Cohort) -> QuerySet[Application]:
    return Application.objects.filter(cohort=cohort, status__in=PARTICIPANT).order_by("full_name", "pk")


def attendance_of(*, cohort: Cohort) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(application__cohort=cohort)
        .select_related("application")
        .order_by("day", "application__full_name", "pk")
    )


def applications_export(*, user) -> dict:
    """Everything camps keep about a person (their applications with consents, history, attendance and
    certificate), as JSON-ready data."""
    applications = (
        Application.objects.filter(applicant=user)
        .select_related("cohort__programme", "certificate")
        .prefetch_related("consents", "status_changes", "attendance")
        .order_by("pk")
    )

    def dt(value):
        return value.isoformat() if value else None

    return {
        "camp_applications": [
            {
                "id": a.pk,
                "programme": a.cohort.programme.title,
                "cohort": a.cohort.name_in(),
                "status": a.status,
                "full_name": a.full_name,
                "date_of_birth": dt(a.date_of_birth),
                "region": a.region,
                "school": a.school,
                "contact_phone": a.contact_phone,
                "contact_email": a.contact_email,
                "guardian_name": a.guardian_name,
                "guardian_contact": a.guardian_contact,
                "guardian_language": a.guardian_language,
                "answers": a.answers,
                "submitted_at": dt(a.submitted_at),
                "consents": [
                    {
                        "kind": c.kind,
                        "given_by": c.given_by,
                        "method": c.method,
                        "text_version": c.text_version,
                        "given_at": dt(c.given_at),
                        "withdrawn_at": dt(c.withdrawn_at),
                        "text": c.text,
                        "ip_address": c.ip_address,
                        "scan": bool(c.scan),
                    }
                    for c in a.consents.all()
                ],
                "status_changes": [
                    {"from": s.from_status, "to": s.to_status, "at": dt(s.changed_at), "message": s.message}
                    for s in a.status_changes.all()
                ],
                "attendance": [{"day": dt(r.day), "present": r.present} for r in a.attendance.all()],
                "certificate": (
                    {"code": a.certificate.code, "issued_at": dt(a.certificate.issued_at)}
                    if hasattr(a, "certificate")
                    else None
                ),
            }
            for a in applications
        ],
    }


def certificate_by_code(*, code: str):
    from .models import Certificate

    return (
        Certificate.objects.select_related("application__cohort__programme")
        .filter(code=code.strip().upper(), revoked_at__isnull=True)
        .first()
    )
