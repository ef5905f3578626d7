"""Personal data of alumni: the person's graduation records."""

from django.utils.translation import gettext_lazy as _

from .models import AlumniRecord

SECTION_LABELS = {
    "alumni_records": _("Graduations"),
}
COVERS = ["alumni.AlumniRecord"]
EXEMPT: dict[str, str] = {}


def export(user) -> dict:
    records = (
        AlumniRecord.objects.filter(user=user).select_related("programme", "cohort").order_by("year", "pk")
    )
    return {
        "alumni_records": [
            {"programme": r.programme.title, "cohort": r.cohort.name, "year": r.year} for r in records
        ],
    }


def erase(user) -> None:
    AlumniRecord.objects.filter(user=user).delete()
