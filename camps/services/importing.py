"""Import participants of cohorts that ran offline from CSV or XLSX: every row is checked first (the dry run
shows the errors row by row) and nothing is saved unless every row is valid."""

import csv
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict
from core.importing import ImportResult, ImportRow, cell_choice, cell_date
from core.text import is_unsafe

from ..models import PLACE_HOLDING, Application, Cohort, Consent, Region, Status
from ..permissions import can_manage_cohort
from .applications import ADULT_AGE, PERSONAL_FIELDS, age_on, consents_record, status_log
from .participation import application_graduate

COLUMNS = (
    *PERSONAL_FIELDS,
    "guardian_consent",
    "photo_consent",
    "status",
)
IMPORT_STATUSES = (Status.ACCEPTED, Status.CONFIRMED, Status.ATTENDED, Status.GRADUATED)
YES = {"yes", "y", "1", "true", "да", "ооба", "+"}
NO = {"", "no", "n", "0", "false", "нет", "жок", "-"}
MAX_ROWS = 5000


def rows_read(*, content: bytes, filename: str) -> list[dict]:
    """Rows of a CSV or XLSX file as dicts keyed by the (lower-case) header."""
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
            table = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
        elif name.endswith(".csv"):
            text = content.decode("utf-8-sig")
            table = list(
                csv.reader(io.StringIO(text), delimiter=_delimiter(text), quotechar='"', doublequote=True)
            )
        else:
            raise ValidationError({"file": [_("Upload a .csv or .xlsx file.")]})
    except ValidationError:
        raise
    except Exception as exc:  # a broken file of any kind is the uploader's error, never a 500
        raise ValidationError({"file": [_("The file could not be read as CSV or XLSX.")]}) from exc
    table = [row for row in table if any(str(v).strip() for v in row)]
    if not table:
        raise ValidationError({"file": [_("The file is empty.")]})
    header = [str(h).strip().lower() for h in table[0]]
    missing = [c for c in ("full_name", "date_of_birth", "region") if c not in header]
    if missing:
        raise ValidationError(
            {"file": [_("These columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}]}
        )
    if len(table) - 1 > MAX_ROWS:
        raise ValidationError({"file": [_("At most %(max)s rows at a time.") % {"max": MAX_ROWS}]})
    return [dict(zip(header, row, strict=False)) for row in table[1:]]


def _delimiter(text: str) -> str:
    """Comma, semicolon (Excel in a Russian locale) or tab, guessed from the start of the file. Only the
    delimiter: the quoting is always RFC 4180's ("" inside quotes is one "), which Sniffer cannot tell from a
    header with no quotes in it."""
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _flag(value) -> bool | None:
    text = str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    return None


def _row_check(row: ImportRow, cohort: Cohort) -> dict:
    raw = {k: ("" if row.values.get(k) is None else row.values.get(k)) for k in COLUMNS}
    clean: dict = {k: str(raw[k]).strip() for k in COLUMNS}
    unsafe = [k for k in COLUMNS if is_unsafe(str(raw[k]))]
    if unsafe:
        row.errors.append(
            _("These columns contain invisible control characters that cannot be saved: %(columns)s.")
            % {"columns": ", ".join(unsafe)}
        )
    if not clean["full_name"]:
        row.errors.append(_("The name is missing."))
    dob = cell_date(raw["date_of_birth"])
    clean["date_of_birth"] = dob
    if dob is None:
        row.errors.append(_("The date of birth is not a date (use YYYY-MM-DD or DD.MM.YYYY)."))
    region = cell_choice(raw["region"], Region.choices)
    clean["region"] = region
    if region is None:
        row.errors.append(_("Unknown region: %(value)s.") % {"value": raw["region"]})
    status = clean["status"].lower() or Status.ATTENDED
    if status not in IMPORT_STATUSES:
        row.errors.append(
            _("The status must be one of: %(statuses)s.")
            % {"statuses": ", ".join(str(s) for s in IMPORT_STATUSES)}
        )
    clean["status"] = status
    for key in ("guardian_consent", "photo_consent"):
        flag = _flag(raw[key])
        if flag is None:
            row.errors.append(_("%(column)s must be yes or no.") % {"column": key})
        clean[key] = bool(flag)
    if clean["contact_email"] and "@" not in clean["contact_email"]:
        row.errors.append(_("The email address is not valid."))
    if dob is not None:
        age = age_on(dob, cohort.starts_on)
        if not cohort.min_age <= age <= cohort.max_age:
            row.errors.append(
                _("Age %(age)s at the start is outside %(min)s–%(max)s.")
                % {"age": age, "min": cohort.min_age, "max": cohort.max_age}
            )
        elif age < ADULT_AGE and not (
            clean["guardian_name"] and clean["guardian_contact"] and clean["guardian_consent"]
        ):
            row.errors.append(_("A participant under 18 needs the guardian's name, contact and consent."))
    return clean


def participants_import(*, cohort: Cohort, by: User, rows: list[dict], dry_run: bool) -> ImportResult:
    """Check every row; save all of them in one transaction only if none has an error and it is not a dry run."""
    if not can_manage_cohort(by, cohort):
        raise PermissionDenied
    result = ImportResult(rows=[ImportRow(number=i + 2, values=values) for i, values in enumerate(rows)])
    cleaned = [_row_check(row, cohort) for row in result.rows]
    existing = set(
        Application.objects.filter(cohort=cohort).active().values_list("full_name", "date_of_birth")
    )
    seen = set()
    for row, clean in zip(result.rows, cleaned, strict=True):
        key = (clean["full_name"], clean["date_of_birth"])
        if key in existing:
            row.errors.append(_("This person is already in the cohort."))
        elif key in seen:
            row.errors.append(_("This person appears twice in the file."))
        seen.add(key)
    taken = Application.objects.filter(cohort=cohort).places_held()
    for row, clean in zip(result.rows, cleaned, strict=True):
        if clean["status"] in PLACE_HOLDING:
            taken += 1
            if taken > cohort.capacity:
                row.errors.append(_("The cohort has no place left for this person."))
    if dry_run or not result.valid:
        return result
    with transaction.atomic():
        _save(cohort=cohort, by=by, cleaned=cleaned)
    result.saved = True
    return result


def _save(*, cohort: Cohort, by: User, cleaned: list[dict]) -> None:
    from .selection import cohort_lock

    cohort_lock(cohort_id=cohort.pk)
    if (
        Application.objects.filter(cohort=cohort).places_held()
        + sum(1 for c in cleaned if c["status"] in PLACE_HOLDING)
        > cohort.capacity
    ):
        raise Conflict(_("This cohort is full."))
    emails = {c["contact_email"].lower() for c in cleaned if c["contact_email"]}
    users: dict[str, list[User]] = {}
    for user in User.objects.filter(email__in=emails, is_active=True):
        users.setdefault(user.email.lower(), []).append(user)
    taken_users = set(
        Application.objects.filter(cohort=cohort).active().values_list("applicant_id", flat=True)
    )
    for clean in cleaned:
        matches = users.get(clean["contact_email"].lower(), [])
        applicant = matches[0] if len(matches) == 1 and matches[0].pk not in taken_users else None
        if applicant is not None:
            taken_users.add(applicant.pk)
        minor = age_on(clean["date_of_birth"], cohort.starts_on) < ADULT_AGE
        target = clean["status"]
        application = Application.objects.create(
            cohort=cohort,
            applicant=applicant,
            status=Status.ATTENDED if target == Status.GRADUATED else target,
            source=Application.Source.IMPORT,
            full_name=clean["full_name"],
            date_of_birth=clean["date_of_birth"],
            region=clean["region"],
            school=clean["school"],
            contact_phone=clean["contact_phone"],
            contact_email=clean["contact_email"],
            guardian_name=clean["guardian_name"] if minor else "",
            guardian_contact=clean["guardian_contact"] if minor else "",
        )
        consents_record(
            application=application,
            minor=minor,
            guardian_consent=clean["guardian_consent"],
            photo_consent=clean["photo_consent"],
            new=True,
            method=Consent.Method.PAPER,
        )
        status_log(application=application, to_status=application.status, by=by, from_status="")
        if target == Status.GRADUATED:
            application_graduate(application=application, by=by)
