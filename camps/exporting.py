"""Export a cohort's applications and attendance to CSV or XLSX (organisers only; the views check)."""

import csv
import io

from django.utils.translation import gettext as _

from . import selectors
from .models import Cohort

FORMATS = ("csv", "xlsx")


def _table_applications(cohort: Cohort) -> list[list]:
    questions = list(cohort.questions.all())
    header = [
        _("ID"),
        _("Status"),
        _("Full name"),
        _("Date of birth"),
        _("Age at start"),
        _("Region"),
        _("School or university"),
        _("Phone"),
        _("Email"),
        _("Parent or guardian"),
        _("Parent or guardian's contact"),
        _("Parent or guardian's consent"),
        _("Consent to photos"),
        _("Submitted at"),
        *[q.text for q in questions],
    ]
    rows = [header]
    for a in selectors.application_list_for_cohort(cohort=cohort):
        kinds = {c.kind for c in a.consents.all()}
        answers = []
        for q in questions:
            value = a.answers.get(str(q.pk), "")
            answers.append("; ".join(value) if isinstance(value, list) else value)
        rows.append(
            [
                a.pk,
                a.get_status_display(),
                a.full_name,
                a.date_of_birth.isoformat() if a.date_of_birth else "",
                a.age_on(cohort.starts_on) if a.date_of_birth else "",
                a.get_region_display(),
                a.school,
                a.contact_phone,
                a.contact_email,
                a.guardian_name,
                a.guardian_contact,
                _("yes") if "participation" in kinds else _("no"),
                _("yes") if "photos" in kinds else _("no"),
                a.submitted_at.strftime("%Y-%m-%d %H:%M"),
                *answers,
            ]
        )
    return rows


def _table_attendance(cohort: Cohort) -> list[list]:
    days = cohort.days
    marks: dict[int, dict] = {}
    for record in selectors.attendance_of(cohort=cohort):
        marks.setdefault(record.application_id, {})[record.day] = record.present
    rows = [[_("ID"), _("Full name"), _("Status"), *[d.isoformat() for d in days], _("Days present")]]
    for a in selectors.participants_of(cohort=cohort):
        mine = marks.get(a.pk, {})
        cells = [("1" if mine[d] else "0") if d in mine else "" for d in days]
        rows.append([a.pk, a.full_name, a.get_status_display(), *cells, sum(1 for v in mine.values() if v)])
    return rows


TABLES = {"applications": _table_applications, "attendance": _table_attendance}


def cohort_export(*, cohort: Cohort, what: str, fmt: str) -> tuple[bytes, str]:
    """The file's bytes and its content type."""
    rows = TABLES[what](cohort)
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(title=what[:31])
        for row in rows:
            sheet.append([_safe_cell(v) for v in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([_safe_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"


def _safe_cell(value):
    # Spreadsheet formula injection: text starting with = + - @ is written as text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
