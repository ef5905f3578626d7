"""A parent's (guardian's) consent for an applicant under 18: the link sent to them, the consent they give or
withdraw on its page, and the organisers' side (sending the link again, recording a signed paper form).

Until the participation consent is given the application is awaiting its guardian and no decision can be taken
on it. Giving consent locks the cohort row (as every decision does) so that the application goes onto the
waiting list when every place is held at that moment. Withdrawing it sends an undecided application back to
awaiting; an application that already holds a place is withdrawn and the place goes to the next person waiting.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.errors import Conflict, Invalid

from ..models import Application, Consent, Status, can_transition
from ..permissions import can_manage_cohort
from .applications import CONSENT_VERSION, PHOTO_CONSENT_TEXT, WITHDRAWABLE, places_taken, status_set
from .notifications import guardian_message_schedule

DATA_USE_TEXT = gettext_lazy(
    "Civic keeps the data in this application (name, date of birth, region, school, contacts and answers) only "
    "to select and organise the participants of this cohort. Only the cohort's organisers see it, and the "
    "answers and your details are deleted %(days)s days after the cohort ends. You can withdraw this consent "
    "at any time from this page."
)
GUARDIAN_PARTICIPATION_TEXT = gettext_lazy(
    "I am the parent or legal guardian of the applicant. I agree that they take part in %(cohort)s "
    "(%(programme)s), %(dates)s, %(venue)s, and that Civic keeps the data in the application as described."
)
PHOTO_USE_TEXT = gettext_lazy(
    "During the camp the organisers take photos and videos. With your consent, those in which the participant "
    "appears may be published on Civic's site and social media pages; without it, they are not published."
)

ALREADY_GIVEN = gettext_lazy("The parent's (guardian's) consent has already been given for this application.")


def consent_texts(*, application: Application, language: str) -> dict[str, str]:
    """The words a guardian agrees to, in `language`, as the page shows them and the consent record keeps them."""
    cohort = application.cohort
    with translation.override(language):
        start = formats.date_format(cohort.starts_on, "DATE_FORMAT")
        end = formats.date_format(cohort.ends_on, "DATE_FORMAT")
        participation = GUARDIAN_PARTICIPATION_TEXT % {
            "cohort": cohort.name_in(language),
            "programme": cohort.programme_in(language).title,
            "dates": f"{start} — {end}",
            "venue": cohort.venue_in(language) or cohort.get_region_display(),
        }
        return {
            "data_use": str(DATA_USE_TEXT % {"days": cohort.retention_days}),
            Consent.Kind.PARTICIPATION: f"{participation} {DATA_USE_TEXT % {'days': cohort.retention_days}}",
            Consent.Kind.PHOTOS: f"{PHOTO_USE_TEXT} {PHOTO_CONSENT_TEXT}",
        }


def _locked(application: Application) -> Application:
    from .selection import cohort_lock

    cohort_lock(cohort_id=application.cohort_id)
    return Application.objects.select_for_update().select_related("cohort").get(pk=application.pk)


def _check_version(application: Application, link_version: int | None) -> None:
    if link_version is not None and application.guardian_link_version != link_version:
        raise Conflict(_("A newer link has been sent for this application; please use the latest one."))


def _live(application: Application) -> dict[str, Consent]:
    return {c.kind: c for c in Consent.objects.filter(application=application, withdrawn_at__isnull=True)}


def _consent_give(
    *,
    application: Application,
    link_version: int | None,
    given_by: str,
    photos: bool,
    language: str,
    method: str,
    ip_address: str | None = None,
    recorded_by: User | None = None,
    scan=None,
    given_at=None,
) -> Application:
    application = _locked(application)
    _check_version(application, link_version)
    live = _live(application)
    if Consent.Kind.PARTICIPATION in live:
        raise Conflict(ALREADY_GIVEN)
    if application.status != Status.AWAITING_GUARDIAN:
        raise Conflict(_("This application is not waiting for a parent's (guardian's) consent."))
    given_by = (given_by or "").strip()
    if not given_by:
        raise Invalid(fields={"given_by": [_("Please write the name of the person giving consent.")]})
    texts = consent_texts(application=application, language=language)
    now = given_at or timezone.now()
    wanted = [Consent.Kind.PARTICIPATION] + ([Consent.Kind.PHOTOS] if photos else [])
    for kind in wanted:
        if kind in live:
            continue
        Consent.objects.create(
            application=application,
            kind=kind,
            given_by=given_by[:200],
            method=method,
            text_version=CONSENT_VERSION,
            text=texts[kind],
            given_at=now,
            ip_address=ip_address or None,
            recorded_by=recorded_by,
            scan=scan if kind == Consent.Kind.PARTICIPATION and scan else "",
        )
    full = places_taken(cohort=application.cohort) >= application.cohort.capacity
    if full:
        status_set(application=application, to_status=Status.WAITLISTED, by=recorded_by, waitlisted_at=now)
    else:
        status_set(application=application, to_status=Status.SUBMITTED, by=recorded_by)
    return application


@transaction.atomic
def guardian_consent_give(
    *,
    application: Application,
    link_version: int,
    given_by: str,
    photos: bool,
    language: str,
    ip_address: str | None,
) -> Application:
    """The guardian consents on the link's page: who (the name they type), when, from which address, and the
    words they saw in their language. Giving it twice is refused."""
    return _consent_give(
        application=application,
        link_version=link_version,
        given_by=given_by,
        photos=photos,
        language=language,
        method=Consent.Method.ONLINE,
        ip_address=ip_address,
    )


# A scan is a PDF, JPEG or PNG by its name and by its first bytes (a renamed program is not a scan).
SCAN_SIGNATURES = {
    ".pdf": b"%PDF-",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG\r\n\x1a\n",
}
SCAN_MAX_BYTES = 10 * 1024 * 1024


def scan_check(scan) -> None:
    """Refuse anything but a PDF, JPEG or PNG of at most SCAN_MAX_BYTES, with the field's message."""
    name = (getattr(scan, "name", "") or "").lower()
    signature = next((sig for ext, sig in SCAN_SIGNATURES.items() if name.endswith(ext)), None)
    if not scan or signature is None:
        raise Invalid(fields={"scan": [_("Attach a scan of the signed form (PDF, JPEG or PNG).")]})
    if scan.size > SCAN_MAX_BYTES:
        raise Invalid(fields={"scan": [_("The scan is too large (at most 10 MB).")]})
    scan.seek(0)
    head = scan.read(len(signature))
    scan.seek(0)
    if head != signature:
        raise Invalid(
            fields={"scan": [_("This file is not a PDF, JPEG or PNG scan, whatever its name says.")]}
        )


@transaction.atomic
def guardian_consent_record_paper(
    *,
    application: Application,
    by: User,
    given_by: str,
    photos: bool,
    scan,
    signed_on: date | None = None,
) -> Application:
    """An organiser records a consent the guardian signed on paper, with a scan of the form."""
    if not can_manage_cohort(by, application.cohort):
        raise PermissionDenied
    scan_check(scan)
    if signed_on and signed_on > timezone.localdate():
        raise Invalid(fields={"signed_on": [_("The form cannot have been signed in the future.")]})
    given_at = None
    if signed_on:
        given_at = timezone.make_aware(datetime.combine(signed_on, datetime.min.time()))
    return _consent_give(
        application=application,
        link_version=None,
        given_by=given_by,
        photos=photos,
        language=application.cohort.language,
        method=Consent.Method.PAPER,
        recorded_by=by,
        scan=scan,
        given_at=given_at,
    )


@transaction.atomic
def guardian_consent_withdraw(*, application: Application, link_version: int, kind: str) -> Application:
    """The guardian withdraws a consent from the same link (the record stays, marked withdrawn). Without the
    participation consent an undecided application awaits its guardian again, and one that holds a place is
    withdrawn (the place goes to the next person waiting)."""
    from .selection import cohort_offer_next

    if kind not in Consent.Kind.values:
        raise Invalid(fields={"kind": [_("There is no such consent.")]})
    application = _locked(application)
    _check_version(application, link_version)
    consent = _live(application).get(kind)
    if consent is None:
        raise Conflict(_("There is no such consent to withdraw."))
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    if kind != Consent.Kind.PARTICIPATION:
        return application
    # Said with the change, so the organisers (history) and the applicant (messages, mail) know why.
    why = _("The parent (guardian) withdrew their consent.")
    if can_transition(application.status, Status.AWAITING_GUARDIAN):
        status_set(
            application=application,
            to_status=Status.AWAITING_GUARDIAN,
            by=None,
            message=why,
            waitlisted_at=None,
        )
    elif application.status in WITHDRAWABLE:
        held_place = application.holds_place
        status_set(
            application=application, to_status=Status.WITHDRAWN, by=None, message=why, offer_expires_at=None
        )
        if held_place:
            cohort_offer_next(cohort=application.cohort)
    return application


def guardian_link_send(*, application: Application) -> None:
    """A new link for the guardian (older ones stop working), sent by mail or text message after commit. The
    caller holds the application row."""
    application.guardian_link_version += 1
    application.guardian_link_sent_at = timezone.now()
    application.save(update_fields=["guardian_link_version", "guardian_link_sent_at", "updated_at"])
    guardian_message_schedule(application_id=application.pk)


@transaction.atomic
def guardian_link_resend(*, application: Application, by: User) -> Application:
    """An organiser sends the guardian a fresh link (the guardian lost it, or it expired)."""
    if not can_manage_cohort(by, application.cohort):
        raise PermissionDenied
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Status.AWAITING_GUARDIAN:
        raise Conflict(_("This application is not waiting for a parent's (guardian's) consent."))
    guardian_link_send(application=application)
    return application
