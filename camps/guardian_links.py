"""The link a parent or guardian gets to consent: signed (django.core.signing, its own salt), valid for
LINK_MAX_AGE after it was sent, and void once a newer one has been sent (the application's link version).

Nothing secret is stored: the link carries the application's id and link version, and the signature proves
Civic made it. Forged, expired and replaced links are refused with a message saying which.
"""

from datetime import timedelta

from django.core import signing
from django.utils.translation import gettext as _

from core.errors import Conflict, NotFound
from core.links import absolute_reverse

from .models import Application

LINK_SALT = "camps.guardian-consent"
LINK_MAX_AGE = timedelta(days=14)
EXPIRED = "link_expired"


def guardian_token(application: Application) -> str:
    return signing.dumps(
        {"a": application.pk, "v": application.guardian_link_version}, salt=LINK_SALT, compress=True
    )


def guardian_link_url(application: Application) -> str:
    """The consent page in the guardian's language, on the public address (for mails and text messages)."""
    return absolute_reverse(
        "camps:guardian_consent",
        language=application.guardian_language,
        kwargs={"token": guardian_token(application)},
    )


def application_by_guardian_token(*, token: str) -> Application:
    """The application a guardian's link is for; NotFound for a forged link, Conflict (code link_expired) for one
    that has expired or been replaced by a newer one."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise Conflict(
            _("This link has expired. Please ask the organisers to send you a new one."), code=EXPIRED
        ) from exc
    except signing.BadSignature as exc:
        raise NotFound(
            _(
                "This link is not valid. Please check that it was copied whole, or ask the organisers for a new one."
            )
        ) from exc
    application = (
        Application.objects.select_related("cohort__programme")
        .filter(pk=data.get("a") if isinstance(data, dict) else None, anonymised_at__isnull=True)
        .first()
    )
    if application is None:
        raise NotFound(_("This application no longer exists."))
    if application.guardian_link_version != data.get("v"):
        raise Conflict(
            _("A newer link has been sent for this application; please use the latest one."), code=EXPIRED
        )
    return application
