"""An event's registrations and attendance as CSV or XLSX (its organisers only; the views check)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from camps.exporting import _safe_cell

from . import selectors
from .models import ForumEvent

FORMATS = ("csv", "xlsx")


def attendance_rows(*, event: ForumEvent) -> list[list]:
    rows = [
        [
            _("ID"),
            _("Name"),
            _("Email"),
            _("Status"),
            _("Registered at"),
            _("Checked in at"),
            _("Checked in by"),
            _("Dietary needs"),
            _("Needs travel support"),
        ]
    ]
    for r in selectors.event_roster(event=event):
        rows.append(
            [
                r.pk,
                selectors.person_name(r),
                r.user.email,
                r.get_status_display(),
                timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(r.checked_in_at).strftime("%Y-%m-%d %H:%M") if r.checked_in_at else "",
                r.checked_in_by.display_name if r.checked_in_by else "",
                r.dietary_needs,
                _("yes") if r.needs_travel_support else _("no"),
            ]
        )
    return rows


def event_export(*, event: ForumEvent, fmt: str) -> tuple[bytes, str]:
    """The file's bytes and its content type."""
    import csv
    import io

    rows = attendance_rows(event=event)
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(title="attendance")
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
