"""Export a cohort's applications and attendance to CSV or XLSX (organisers only; the views check).

The tables hold typed values (ids and counts as int, dates, times as aware datetimes); each format writes them
as its readers expect:
- CSV: times in ISO 8601 with the offset of Civic's time zone (2026-05-04T14:30:00+06:00); text that a
  spreadsheet would run as a formula (= + - @, tab, CR at the start) gets a leading apostrophe.
- XLSX: numbers as number cells, dates and times as date cells in Civic's time zone (Excel has no time zones,
  so the header names it), and every text as a text cell, never a formula, so no apostrophe is needed.
Text that no file can hold (control characters, lone surrogates, which may predate the input checks) shows
as U+FFFD rather than failing the export.
"""

import csv
import io
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import printable

from . import selectors
from .models import Cohort

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
        _("Submitted at (%(zone)s)") % {"zone": timezone.get_default_timezone_name()},
        *[q.text_in() for q in questions],
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
                a.date_of_birth or "",
                a.age_on(cohort.starts_on) if a.date_of_birth else "",
                a.get_region_display(),
                a.school,
                a.contact_phone,
                a.contact_email,
                a.guardian_name,
                a.guardian_contact,
                _("yes") if "participation" in kinds else _("no"),
                _("yes") if "photos" in kinds else _("no"),
                timezone.localtime(a.submitted_at),
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
        cells = [(1 if mine[d] else 0) if d in mine else "" for d in days]
        rows.append([a.pk, a.full_name, a.get_status_display(), *cells, sum(1 for v in mine.values() if v)])
    return rows


TABLES = {"applications": _table_applications, "attendance": _table_attendance}


def cohort_export(*, cohort: Cohort, what: str, fmt: str) -> tuple[bytes, str]:
    """The file's bytes and its content type."""
    return table_export(rows=TABLES[what](cohort), fmt=fmt, title=what)


def table_export(*, rows: list[list], fmt: str, title: str) -> tuple[bytes, str]:
    """A table of typed values (header first) as a CSV or XLSX file, written as described above: the file's
    bytes and its content type. Other apps' exports use it too, so every file Civic hands out is safe."""
    if fmt == "xlsx":
        return _xlsx(rows, title=title[:31]), XLSX_TYPE
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"


def _csv_cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        value = printable(value)
        # Spreadsheet formula injection: text a spreadsheet would evaluate is written as text.
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
    return value


def _xlsx(rows: list[list], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title)

    def cell(value):
        if isinstance(value, datetime):
            # Excel has no time zones: the local time of Civic's zone, named in the column's header.
            value = timezone.make_naive(timezone.localtime(value))
            out = WriteOnlyCell(sheet, value=value)
            out.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, date):
            out = WriteOnlyCell(sheet, value=value)
            out.number_format = "yyyy-mm-dd"
        elif isinstance(value, str):
            out = WriteOnlyCell(sheet, value=printable(value))
            out.data_type = "s"  # text, even when it starts with "=": never a formula
        else:
            out = WriteOnlyCell(sheet, value=value)
        return out

    for row in rows:
        sheet.append([cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
