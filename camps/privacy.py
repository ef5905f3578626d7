"""Personal data of camps: a person's applications (with consents, history, attendance, certificate) and the
cohorts they organise."""

from django.utils.translation import gettext_lazy as _

from . import selectors, services

SECTION_LABELS = {
    "camp_applications": _("Camp applications"),
    "organised_cohorts": _("Cohorts you organise"),
}
COVERS = ["camps.Application", "camps.Cohort"]
EXEMPT = {
    "camps.StatusChange": "the audit trail of decisions (who accepted or rejected whom); the deciding account "
    "is anonymised when it is erased, the trail stays whole",
    "camps.Attendance": "who marked attendance (organisers): part of the audit trail",
    "camps.Consent": "who recorded a paper consent (organisers): part of the audit trail; the consent itself is "
    "the applicant's and is exported and erased with their application",
}


def export(user) -> dict:
    return {
        **selectors.applications_export(user=user),
        "organised_cohorts": [
            {"programme": c.programme.title, "cohort": c.name_in()}
            for c in user.organised_cohorts.select_related("programme").order_by("pk")
        ],
    }


def erase(user) -> None:
    services.applications_erase(user=user)
    user.organised_cohorts.clear()
