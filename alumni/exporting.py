"""An event's registrations and attendance as CSV or XLSX (its organisers only; the views check)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from camps.exporting import table_export

from . import selectors
from .models import ForumEvent

FORMATS = ("csv", "xlsx")


def attendance_rows(*, event: ForumEvent) -> list[list]:
    """Header, then one row of typed values per registration (times are aware: each format writes them)."""
    zone = timezone.get_default_timezone_name()
    rows = [
        [
            _("ID"),
            _("Name"),
            _("Email"),
            _("Status"),
            _("Registered at (%(zone)s)") % {"zone": zone},
            _("Checked in at (%(zone)s)") % {"zone": zone},
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
                r.created_at,
                r.checked_in_at or "",
                r.checked_in_by.display_name if r.checked_in_by else "",
                r.dietary_needs,
                _("yes") if r.needs_travel_support else _("no"),
            ]
        )
    return rows


def event_export(*, event: ForumEvent, fmt: str) -> tuple[bytes, str]:
    """The file's bytes and its content type."""
    return table_export(rows=attendance_rows(event=event), fmt=fmt, title="attendance")
