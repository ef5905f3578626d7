"""Applying, editing, withdrawing and confirming: the applicant's side of an application."""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.errors import Conflict

from ..models import (
    Application,
    Cohort,
    Consent,
    Question,
    Region,
    Status,
    StatusChange,
    age_on,
    can_transition,
    statuses_that_can_become,
)
from .notifications import contact_channel, status_email_schedule

ADULT_AGE = 18
CONSENT_VERSION = "2026-1"
PARTICIPATION_CONSENT_TEXT = gettext_lazy(
    "I am the parent or legal guardian of the applicant. I agree that they take part in the camp and that "
    "Civic keeps the data in this application to organise it."
)
PHOTO_CONSENT_TEXT = gettext_lazy(
    "I agree that photos and videos in which the participant appears may be published by the organisers."
)

# Fields of the personal data an applicant gives (and may edit while the window is open).
PERSONAL_FIELDS = (
    "full_name",
    "date_of_birth",
    "region",
    "school",
    "contact_phone",
    "contact_email",
    "guardian_name",
    "guardian_contact",
    "guardian_language",
)


def status_log(
    *,
    application: Application,
    to_status: str,
    by: User | None,
    from_status: str,
    message: str = "",
) -> StatusChange:
    """Record a status change (who, when, from, to; "" from for a new application) and email the applicant
    after commit. Every change passes here, so the lifecycle table (camps.models.TRANSITIONS) is checked here:
    an illegal change is refused."""
    if not can_transition(from_status, to_status):
        raise Conflict(
            _("An application cannot go from %(from)s to %(to)s.")
            % {"from": Status(from_status).label if from_status else "—", "to": Status(to_status).label}
        )
    change = StatusChange.objects.create(
        application=application,
        from_status=from_status,
        to_status=to_status,
        changed_by=by,
        message=message,
    )
    status_email_schedule(change=change)
    return change


def status_set(
    *, application: Application, to_status: str, by: User | None, message: str = "", **fields
) -> None:
    from_status = application.status
    application.status = to_status
    for key, value in fields.items():
        setattr(application, key, value)
    application.save(update_fields=["status", "updated_at", *fields.keys()])
    status_log(application=application, to_status=to_status, by=by, message=message, from_status=from_status)


def answers_clean(*, cohort: Cohort, answers: dict) -> dict:
    """Check answers against the cohort's questions; return them keyed by question id (as strings)."""
    by_id = {str(q.pk): q for q in cohort.questions.all()}
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, object] = {}
    for key in answers or {}:
        if str(key) not in by_id:
            errors[f"answers.{key}"] = [_("There is no such question in this cohort.")]
    for key, question in by_id.items():
        value = (answers or {}).get(key, (answers or {}).get(question.pk))
        if question.kind == Question.Kind.MULTIPLE_CHOICE:
            values = value if isinstance(value, list) else ([value] if value not in (None, "") else [])
            values = [str(v) for v in values]
            if any(v not in question.choice_list for v in values):
                errors[f"answers.{key}"] = [_("Choose from the given options.")]
            elif question.required and not values:
                errors[f"answers.{key}"] = [_("This question needs an answer.")]
            else:
                cleaned[key] = values
            continue
        if isinstance(value, list):
            errors[f"answers.{key}"] = [_("Give one answer.")]
            continue
        value = "" if value is None else str(value).strip()
        if question.kind == Question.Kind.SINGLE_CHOICE and value and value not in question.choice_list:
            errors[f"answers.{key}"] = [_("Choose from the given options.")]
        elif question.required and not value:
            errors[f"answers.{key}"] = [_("This question needs an answer.")]
        elif question.kind == Question.Kind.SHORT_TEXT and len(value) > 300:
            errors[f"answers.{key}"] = [_("The answer is too long (at most 300 characters).")]
        elif len(value) > 5000:
            errors[f"answers.{key}"] = [_("The answer is too long (at most 5000 characters).")]
        else:
            cleaned[key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def personal_data_clean(*, cohort: Cohort, data: dict) -> dict:
    """Required fields, the age range and, for minors, how to reach their parent or guardian (whose consent is
    asked through a link sent to them, never ticked by the applicant)."""
    errors: dict[str, list[str]] = {}
    clean = {field: data.get(field) for field in PERSONAL_FIELDS}
    for field in ("school", "contact_phone", "contact_email", "guardian_name", "guardian_contact"):
        clean[field] = (clean[field] or "").strip()
    clean["full_name"] = (clean["full_name"] or "").strip()
    if clean["guardian_language"] in (None, ""):
        clean["guardian_language"] = settings.LANGUAGE_CODE
    if not clean["full_name"]:
        errors["full_name"] = [_("Please give your full name.")]
    if clean["region"] not in Region.values:
        errors["region"] = [_("Choose a region.")]
    if not clean["contact_phone"] and not clean["contact_email"]:
        errors["contact_phone"] = [_("Give a phone number or an email address.")]
    if clean["guardian_language"] not in dict(settings.LANGUAGES):
        errors["guardian_language"] = [_("Choose a language.")]
    dob = clean["date_of_birth"]
    if not isinstance(dob, date):
        errors["date_of_birth"] = [_("Give your date of birth.")]
    else:
        age = age_on(dob, cohort.starts_on)
        if not cohort.min_age <= age <= cohort.max_age:
            errors["date_of_birth"] = [
                _("This cohort is for people aged %(min)s to %(max)s at its start; you will be %(age)s.")
                % {"min": cohort.min_age, "max": cohort.max_age, "age": age}
            ]
        elif age < ADULT_AGE:
            if not clean["guardian_name"]:
                errors["guardian_name"] = [_("Applicants under 18 need their parent or guardian's name.")]
            if not clean["guardian_contact"]:
                errors["guardian_contact"] = [
                    _("Applicants under 18 need their parent or guardian's phone or email.")
                ]
            elif contact_channel(clean["guardian_contact"]) is None:
                errors["guardian_contact"] = [
                    _("Give a phone number (for example +996 700 123 456) or an email address.")
                ]
    if errors:
        raise ValidationError(errors)
    return clean


def consents_record(
    *,
    application: Application,
    minor: bool,
    guardian_consent: bool,
    photo_consent: bool,
    new: bool = False,
    method: str = Consent.Method.ONLINE,
    given_at=None,
) -> None:
    """Record the consents an application carries now: a guardian's participation consent (minors only) and
    the photo consent, given by the guardian for a minor, by the person themself otherwise. A consent no
    longer wanted is withdrawn (the record stays). The one way consents are written: online forms, paper
    imports and the demo data."""
    live = {} if new else {c.kind: c for c in application.consents.filter(withdrawn_at__isnull=True)}
    given_by = application.guardian_name if minor else application.full_name
    wanted = {Consent.Kind.PARTICIPATION: minor and guardian_consent, Consent.Kind.PHOTOS: photo_consent}
    now = given_at or timezone.now()
    for kind, want in wanted.items():
        if want and kind not in live:
            Consent.objects.create(
                application=application,
                kind=kind,
                given_by=given_by,
                method=method,
                text_version=CONSENT_VERSION,
                given_at=now,
            )
        elif not want and kind in live:
            live[kind].withdrawn_at = now
            live[kind].save(update_fields=["withdrawn_at"])


def places_taken(*, cohort: Cohort) -> int:
    return Application.objects.filter(cohort=cohort).places_held()


def is_minor(*, cohort: Cohort, date_of_birth: date) -> bool:
    return age_on(date_of_birth, cohort.starts_on) < ADULT_AGE


def application_submit(
    *,
    cohort: Cohort,
    applicant: User,
    data: dict,
    answers: dict,
    photo_consent: bool = False,
) -> Application:
    """A logged-in young person applies to an open cohort. An applicant under 18 awaits their parent's
    (guardian's) consent, asked for through a link sent to the guardian once the application is saved. When
    every place is already held, the application goes onto the waiting list (a minor's once the guardian has
    consented), in the order people came."""
    # guardians and selection import this module (status_set): imported here to break the cycle.
    from .guardians import guardian_link_send
    from .selection import cohort_lock

    with transaction.atomic():
        # Counted under the cohort's lock, as every decision is: a place taken at this moment sends a late
        # applicant onto the waiting list, not past it.
        cohort = cohort_lock(cohort_id=cohort.pk)
        if not cohort.is_open():
            raise Conflict(_("Applications for this cohort are closed."))
        if Application.objects.filter(cohort=cohort, applicant=applicant).active().exists():
            raise Conflict(_("You have already applied to this cohort."))
        clean = personal_data_clean(cohort=cohort, data=data)
        clean_answers = answers_clean(cohort=cohort, answers=answers)
        minor = is_minor(cohort=cohort, date_of_birth=clean["date_of_birth"])
        if not minor:
            clean["guardian_name"] = clean["guardian_contact"] = ""
        now = timezone.now()
        full = places_taken(cohort=cohort) >= cohort.capacity
        if minor:
            status, extra = Status.AWAITING_GUARDIAN, {}
        elif full:
            status, extra = Status.WAITLISTED, {"waitlisted_at": now}
        else:
            status, extra = Status.SUBMITTED, {}
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    cohort=cohort,
                    applicant=applicant,
                    answers=clean_answers,
                    status=status,
                    submitted_at=now,
                    **extra,
                    **clean,
                )
        except IntegrityError as exc:
            # Two submissions raced past the check above: the partial unique constraint decides.
            raise Conflict(_("You have already applied to this cohort.")) from exc
        if not minor:  # a minor's consents are their guardian's to give
            consents_record(
                application=application,
                minor=False,
                guardian_consent=False,
                photo_consent=photo_consent,
                new=True,
            )
        status_log(application=application, to_status=status, by=applicant, from_status="")
        if minor:
            guardian_link_send(application=application)
        return application


EDITABLE = (
    Status.AWAITING_GUARDIAN,
    Status.SUBMITTED,
    Status.WAITLISTED,
    Status.ACCEPTED,
    Status.OFFERED,
    Status.CONFIRMED,
)


def application_update(
    *,
    application: Application,
    by: User,
    data: dict,
    answers: dict | None = None,
    photo_consent: bool | None = None,
) -> Application:
    """The applicant edits their application while the cohort's window is open. A minor's consents stay their
    guardian's; new contact details for the guardian (or turning out to be under 18) send the guardian a new
    link."""
    from .guardians import guardian_link_send  # guardians imports this module: a late import breaks the cycle

    with transaction.atomic():
        if application.applicant_id != by.pk:
            raise PermissionDenied
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("cohort")
            .get(pk=application.pk)
        )
        cohort = application.cohort
        if not cohort.is_open():
            raise Conflict(_("The application window has closed; the application can no longer be changed."))
        if application.status not in EDITABLE:
            raise Conflict(_("This application can no longer be changed."))
        live = set(application.consents.filter(withdrawn_at__isnull=True).values_list("kind", flat=True))
        if photo_consent is None:
            photo_consent = Consent.Kind.PHOTOS in live
        guardian_before = (
            application.guardian_name,
            application.guardian_contact,
            application.guardian_language,
        )
        merged = {field: getattr(application, field) for field in PERSONAL_FIELDS}
        merged.update({k: v for k, v in data.items() if k in PERSONAL_FIELDS})
        clean = personal_data_clean(cohort=cohort, data=merged)
        if answers is not None:
            application.answers = answers_clean(cohort=cohort, answers=answers)
        minor = is_minor(cohort=cohort, date_of_birth=clean["date_of_birth"])
        if not minor:
            clean["guardian_name"] = clean["guardian_contact"] = ""
        for key, value in clean.items():
            setattr(application, key, value)
        application.save()
        if not minor:
            consents_record(
                application=application, minor=False, guardian_consent=False, photo_consent=photo_consent
            )
        guardian_after = (
            application.guardian_name,
            application.guardian_contact,
            application.guardian_language,
        )
        if minor and Consent.Kind.PARTICIPATION not in live:
            if can_transition(application.status, Status.AWAITING_GUARDIAN):
                status_set(
                    application=application, to_status=Status.AWAITING_GUARDIAN, by=by, waitlisted_at=None
                )
                guardian_link_send(application=application)
            elif application.status == Status.AWAITING_GUARDIAN and guardian_after != guardian_before:
                guardian_link_send(application=application)
        elif not minor and application.status == Status.AWAITING_GUARDIAN:
            status_set(application=application, to_status=Status.SUBMITTED, by=by)
        return application


def application_change(
    *,
    application: Application,
    by: User,
    data: dict,
    answers: dict | None = None,
    photo_consent: bool | None = None,
    notes: str | None = None,
) -> Application:
    """One change request to an application: the applicant's own fields and, for the cohort's organisers, their
    notes. Both permissions are checked before anything is written, and both parts are written together: a
    request that may not do everything it asks changes nothing."""
    from ..permissions import can_manage_cohort
    from .selection import application_note_set

    with transaction.atomic():
        own = bool(data) or any(v is not None for v in (answers, photo_consent)) or notes is None
        if own and application.applicant_id != by.pk:
            raise PermissionDenied
        if notes is not None and not can_manage_cohort(by, application.cohort):
            raise PermissionDenied
        if own:
            application = application_update(
                application=application,
                by=by,
                data=data,
                answers=answers,
                photo_consent=photo_consent,
            )
        if notes is not None:
            application = application_note_set(application=application, by=by, notes=notes)
        return application


WITHDRAWABLE = statuses_that_can_become(Status.WITHDRAWN)


def application_withdraw(*, application: Application, by: User, message: str = "") -> Application:
    """The applicant withdraws at any time; a freed place goes to the first on the waiting list."""
    from .selection import cohort_lock, cohort_offer_next

    with transaction.atomic():
        if application.applicant_id != by.pk:
            raise PermissionDenied
        cohort = cohort_lock(cohort_id=application.cohort_id)
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status not in WITHDRAWABLE:
            raise Conflict(_("This application can no longer be withdrawn."))
        held_place = application.holds_place
        status_set(
            application=application, to_status=Status.WITHDRAWN, by=by, message=message, offer_expires_at=None
        )
        if held_place:
            cohort_offer_next(cohort=cohort)
        return application


def application_confirm(*, application: Application, by: User) -> Application:
    """The applicant confirms an accepted or offered place (an offer only before its deadline)."""
    with transaction.atomic():
        if application.applicant_id != by.pk:
            raise PermissionDenied
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status == Status.EXPIRED or (
            application.status == Status.OFFERED and application.offer_expires_at < timezone.now()
        ):
            raise Conflict(_("The offer has expired."))
        if not can_transition(application.status, Status.CONFIRMED):
            raise Conflict(_("Only an accepted or offered place can be confirmed."))
        status_set(application=application, to_status=Status.CONFIRMED, by=by, offer_expires_at=None)
        return application


def consent_withdraw(*, application: Application, by: User, kind: str) -> Consent:
    """The applicant (or their guardian through them) withdraws a consent at any time; the record stays."""
    with transaction.atomic():
        if application.applicant_id != by.pk:
            raise PermissionDenied
        consent = (
            Consent.objects.select_for_update()
            .filter(application=application, kind=kind, withdrawn_at__isnull=True)
            .first()
        )
        if consent is None:
            raise Conflict(_("There is no such consent to withdraw."))
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        return consent
