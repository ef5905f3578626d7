"""Alumni of past years from a CSV or XLSX file: every row is checked first (a dry run shows the errors row by
row) and nothing is saved unless every row is valid. Known people are matched by email; others get an account
without a password (they set one through "forgot password")."""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from camps.models import ProgrammePage
from core.errors import NotAllowed
from core.importing import ImportResult, ImportRow, cell_choice, cell_date
from core.text import is_unsafe

from ..models import AlumniRecord, Region
from ..permissions import is_alumni_admin
from .profiles import alumni_record_create, profile_ensure

COLUMNS = ("full_name", "email", "date_of_birth", "region", "programme", "year", "language")
FIRST_YEAR = 2010


def _programmes() -> dict[str, ProgrammePage]:
    """Programme pages by slug and by title in every language, lower-case."""
    found = {}
    for page in ProgrammePage.objects.all():
        found.setdefault(page.slug.lower(), page)
        found.setdefault(page.title.strip().lower(), page)
    return found


def _check(row: ImportRow, programmes: dict) -> dict:
    raw = {k: "" if row.values.get(k) is None else row.values.get(k) for k in COLUMNS}
    clean = {k: str(raw[k]).strip() for k in COLUMNS}
    unsafe = [k for k in COLUMNS if is_unsafe(str(raw[k]))]
    if unsafe:
        row.errors.append(
            _("These columns contain invisible control characters that cannot be saved: %(columns)s.")
            % {"columns": ", ".join(unsafe)}
        )
    if not clean["full_name"]:
        row.errors.append(_("The name is missing."))
    email = clean["email"].lower()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        row.errors.append(_("The email address is not valid."))
    clean["email"] = email
    clean["date_of_birth"] = cell_date(raw["date_of_birth"]) if clean["date_of_birth"] else None
    if clean["date_of_birth"] is None and str(raw["date_of_birth"]).strip():
        row.errors.append(_("The date of birth is not a date (use YYYY-MM-DD or DD.MM.YYYY)."))
    region = cell_choice(raw["region"], Region.choices) if clean["region"] else ""
    if region is None:
        row.errors.append(_("Unknown region: %(value)s.") % {"value": raw["region"]})
    clean["region"] = region or ""
    programme = programmes.get(clean["programme"].lower())
    if programme is None:
        row.errors.append(_("Unknown programme: %(value)s.") % {"value": clean["programme"]})
    clean["programme"] = programme
    try:
        year = int(float(clean["year"]))
    except ValueError:
        year = None
    if year is None or not FIRST_YEAR <= year <= timezone.localdate().year:
        row.errors.append(
            _("The year must be between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": timezone.localdate().year}
        )
    clean["year"] = year
    clean["language"] = clean["language"].lower() if clean["language"].lower() in ("ky", "ru", "en") else "ky"
    return clean


def alumni_import(*, by: User, rows: list[dict], dry_run: bool) -> ImportResult:
    """Check every row; save them all in one transaction only if none has an error and it is not a dry run."""
    if not is_alumni_admin(by):
        raise NotAllowed(_("Only alumni administrators can import alumni."))
    result = ImportResult(rows=[ImportRow(number=i + 2, values=values) for i, values in enumerate(rows)])
    programmes = _programmes()
    cleaned = [_check(row, programmes) for row in result.rows]
    seen = set()
    for row, clean in zip(result.rows, cleaned, strict=True):
        key = (clean["email"], getattr(clean["programme"], "translation_key", None), clean["year"])
        if key in seen:
            row.errors.append(_("This person appears twice in the file."))
        seen.add(key)
    if dry_run or not result.valid:
        return result
    with transaction.atomic():
        for clean in cleaned:
            _save(clean)
    result.saved = True
    return result


def _username(email: str) -> str:
    base = re.sub(r"[^\w.@+-]", "", email.split("@")[0])[:100] or "alumnus"
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


def _save(clean: dict) -> None:
    user = User.objects.filter(email__iexact=clean["email"], is_active=True).order_by("pk").first()
    if user is None:
        first, _sep, last = clean["full_name"].partition(" ")
        user = User(
            username=_username(clean["email"]),
            email=clean["email"],
            first_name=first[:150],
            last_name=last[:150],
            preferred_language=clean["language"],
        )
        user.set_unusable_password()
        user.save()
    programme = clean["programme"]
    already = AlumniRecord.objects.filter(
        user=user, programme__translation_key=programme.translation_key, year=clean["year"]
    ).exists()
    if not already:
        alumni_record_create(
            user=user, programme=programme, year=clean["year"], source=AlumniRecord.Source.IMPORT
        )
    profile_ensure(user=user, region=clean["region"], date_of_birth=clean["date_of_birth"])
