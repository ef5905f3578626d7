"""Pupils without e-mail: accounts a teacher creates for the class (names typed or pasted, a CSV or XLSX list, or
a OneRoster users.csv), one-time passwords for the login cards, the pupil's own password at first log-in, and
a teacher's reset to a new one-time password.

A one-time password is stored as Django's hash only, like any other password: it exists in clear only in the
answer to the action that made it (the login cards printed there and then). A card printed again is a card with
a new one-time password (`login_cards_issue`); the earlier card stops working.

Every row is checked first (a dry run lists each bad row with its reasons) and nothing is saved unless every
row is good: the accounts, their profiles and their places in the class are written in one transaction.
"""

import csv
import io
import re
import secrets
from dataclasses import dataclass, field

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from accounts.services import role_grant
from core.errors import Conflict, Invalid, NotAllowed, NotFound
from core.text import is_unsafe

from .. import selectors
from ..models import Classroom, ClassroomProfile, Membership, MembershipStatus
from ..permissions import teaches

__all__ = [
    "RosterRow",
    "RosterResult",
    "roster_rows_from_text",
    "roster_rows_from_file",
    "pupils_create",
    "pupil_password_reset",
    "login_cards_issue",
    "pupil_password_set",
    "profile_for",
    "one_time_password",
    "calendar_token_reset",
]

MAX_ROWS = 200
NAME_MAX = 150
# Letters that are easy to read aloud and to type on a phone: no 0/o, 1/l/i.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = 8
USERNAME_RE = re.compile(r"^[\w.@+-]{3,150}$")
TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "yo",
            "j",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "ng",
            "o",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "u",
            "f",
            "h",
            "ts",
            "ch",
            "sh",
            "sch",
            "-",
            "y",
            "-",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)
# Header names accepted for each field (a plain list, OneRoster's users.csv, and names in ky/ru).
HEADERS = {
    "first_name": ("first_name", "givenname", "first name", "аты", "имя"),
    "last_name": ("last_name", "familyname", "last name", "фамилиясы", "фамилия"),
    "name": ("name", "full_name", "full name", "аты-жөнү", "фио"),
    "username": ("username", "login", "логин"),
    "email": ("email", "e-mail", "почта"),
    "role": ("role",),
}


@dataclass
class RosterRow:
    number: int
    first_name: str = ""
    last_name: str = ""
    username: str = ""
    email: str = ""
    errors: list[str] = field(default_factory=list)
    password: str = ""


@dataclass
class RosterResult:
    rows: list[RosterRow]
    skipped: int = 0  # OneRoster rows of other roles (teachers, parents)
    saved: bool = False

    @property
    def valid(self) -> bool:
        return bool(self.rows) and not any(r.errors for r in self.rows)

    @property
    def bad_rows(self) -> list[RosterRow]:
        return [r for r in self.rows if r.errors]


def one_time_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def _split_name(text: str) -> tuple[str, str]:
    parts = text.split()
    return (parts[0], " ".join(parts[1:])) if parts else ("", "")


def roster_rows_from_text(text: str) -> RosterResult:
    """One pupil per line, first name then last name ("Айбек Осмонов"); blank lines are ignored."""
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip().strip(",;\t").replace("\t", " ")
        if not line:
            continue
        if "," in line or ";" in line:  # pasted from a spreadsheet as "first, last"
            first, last = (p.strip() for p in re.split(r"[,;]", line, maxsplit=1))
        else:
            first, last = _split_name(line)
        rows.append(RosterRow(number, first_name=first, last_name=last))
    if len(rows) > MAX_ROWS:
        raise Invalid(fields={"names": [_("At most %(max)s pupils at a time.") % {"max": MAX_ROWS}]})
    return RosterResult(rows)


def _table(content: bytes, filename: str) -> list[list]:
    name = (filename or "").lower()
    try:
        if name.endswith(".xlsx"):
            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
            return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        if name.endswith(".csv") or name.endswith(".txt"):
            text = content.decode("utf-8-sig")
            first = text.splitlines()[0] if text.strip() else ","
            dialect = csv.Sniffer().sniff(first, delimiters=",;\t")
            return list(csv.reader(io.StringIO(text), dialect))
    except Exception as exc:  # a broken file of any kind is the uploader's error, never a 500
        raise Invalid(fields={"file": [_("The file could not be read as CSV or XLSX.")]}) from exc
    raise Invalid(fields={"file": [_("Upload a .csv or .xlsx file.")]})


def roster_rows_from_file(*, content: bytes, filename: str) -> RosterResult:
    """Rows of a CSV or XLSX list with a header row: first_name and last_name (or name), optionally username and
    email; a OneRoster users.csv (givenName, familyName, username, email, role) is read too, its pupils only."""
    table = [row for row in _table(content, filename) if any(str(v).strip() for v in row)]
    if not table:
        raise Invalid(fields={"file": [_("The file is empty.")]})
    header = [str(h).strip().lower() for h in table[0]]
    columns = {
        key: next((header.index(h) for h in names if h in header), None) for key, names in HEADERS.items()
    }
    if columns["name"] is None and (columns["first_name"] is None or columns["last_name"] is None):
        raise Invalid(
            fields={"file": [_("The first row must name the columns: first_name and last_name (or name).")]}
        )
    if len(table) - 1 > MAX_ROWS:
        raise Invalid(fields={"file": [_("At most %(max)s pupils at a time.") % {"max": MAX_ROWS}]})

    def cell(row, key):
        index = columns[key]
        return str(row[index]).strip() if index is not None and index < len(row) else ""

    rows, skipped = [], 0
    for number, row in enumerate(table[1:], start=2):
        role = cell(row, "role").lower()
        if role and role not in ("student", "pupil"):
            skipped += 1
            continue
        if columns["first_name"] is not None:
            first, last = cell(row, "first_name"), cell(row, "last_name")
        else:
            first, last = _split_name(cell(row, "name"))
        rows.append(
            RosterRow(
                number,
                first_name=first,
                last_name=last,
                username=cell(row, "username"),
                email=cell(row, "email"),
            )
        )
    return RosterResult(rows, skipped=skipped)


def _latin(text: str) -> str:
    # Letters outside a-z (the soft and hard signs among them) are dropped.
    return re.sub(r"[^a-z0-9]", "", "".join(TRANSLIT.get(ch, ch) for ch in text.lower()))


def _username_for(row: RosterRow, taken: set[str]) -> str:
    base = ".".join(p for p in (_latin(row.first_name), _latin(row.last_name)) if p)[:30] or "pupil"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _check(result: RosterResult) -> None:
    """Fill each row's errors and (when it has none) its username."""
    if not result.rows:
        raise Invalid(fields={"names": [_("There are no pupils in the list.")]})
    given = [r.username.lower() for r in result.rows if r.username]
    # Taken whatever its case: "Taken.One" would be another account than "taken.one", and a pupil could not
    # tell them apart on a login card.
    existing = {
        u.lower()
        for u in User.objects.annotate(lowered=Lower("username"))
        .filter(lowered__in=given)
        .values_list("username", flat=True)
    }
    for row in result.rows:
        unsafe = [
            label
            for label, value in (
                (_("first name"), row.first_name),
                (_("last name"), row.last_name),
                (_("username"), row.username),
                (_("e-mail"), row.email),
            )
            if is_unsafe(value)
        ]
        if unsafe:
            row.errors.append(
                _("These columns contain invisible control characters that cannot be saved: %(columns)s.")
                % {"columns": ", ".join(unsafe)}
            )
            continue
        if not row.first_name:
            row.errors.append(_("The first name is missing."))
        if not row.last_name:
            row.errors.append(_("The last name is missing."))
        if len(row.first_name) > NAME_MAX or len(row.last_name) > NAME_MAX:
            row.errors.append(_("The name is too long."))
        if row.username:
            if not USERNAME_RE.match(row.username):
                row.errors.append(_("The username may have letters, digits and . @ + - _ only (3 to 150)."))
            elif row.username.lower() in existing:
                row.errors.append(_("The username %(username)s is taken.") % {"username": row.username})
            elif given.count(row.username.lower()) > 1:
                row.errors.append(
                    _("The username %(username)s is in the list twice.") % {"username": row.username}
                )
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                row.errors.append(_("The e-mail address is not valid."))
    # Usernames for the rows without one: never one that exists or that another row uses.
    bases = {".".join(p for p in (_latin(r.first_name), _latin(r.last_name)) if p)[:30] for r in result.rows}
    taken = set(given) | existing
    taken |= {
        u.lower()
        for base in bases
        if base
        for u in User.objects.filter(username__istartswith=base).values_list("username", flat=True)
    }
    for row in result.rows:
        if not row.username and not row.errors:
            row.username = _username_for(row, taken)
            taken.add(row.username.lower())


def profile_for(user: User) -> ClassroomProfile:
    profile = ClassroomProfile.objects.filter(user=user).first()
    if profile is None:
        try:
            with transaction.atomic():
                profile = ClassroomProfile.objects.create(user=user, calendar_token=secrets.token_urlsafe(32))
        except IntegrityError:
            profile = ClassroomProfile.objects.get(user=user)
    return profile


def pupils_create(
    *, classroom: Classroom, by: User, result: RosterResult, dry_run: bool = False
) -> RosterResult:
    """Create an account for every row and put it in the class, or create nothing. The rows carry their one-time
    passwords in memory, for the login cards printed in the same answer; only their hashes are stored."""
    if not teaches(by, classroom):
        raise NotAllowed(_("This is not one of your classes."))
    if classroom.archived:
        raise Conflict(_("This class is archived: it can be read but not changed."), code="archived")
    _check(result)
    if dry_run or not result.valid:
        return result
    try:
        with transaction.atomic():
            for row in result.rows:
                row.password = one_time_password()
                user = User(
                    username=row.username,
                    first_name=row.first_name,
                    last_name=row.last_name,
                    email=row.email,
                    preferred_language=classroom.language,
                )
                user.set_password(row.password)
                user.save()
                role_grant(user=user, role=roles.STUDENT)
                ClassroomProfile.objects.create(
                    user=user,
                    must_change_password=True,
                    account_created_by=by,
                    calendar_token=secrets.token_urlsafe(32),
                )
                Membership.objects.create(
                    classroom=classroom,
                    student=user,
                    status=MembershipStatus.ACTIVE,
                    via=Membership.Via.ROSTER,
                )
    except IntegrityError as exc:  # another teacher took one of these usernames a moment ago
        raise Conflict(_("Some of these usernames were taken meanwhile. Check the list again.")) from exc
    result.saved = True
    return result


def pupil_password_reset(*, classroom: Classroom, by: User, student_id: int) -> str:
    """A new one-time password for a pupil of the class whose account a teacher made (a pupil with their own
    account resets it by e-mail); they must set their own at the next log-in."""
    with transaction.atomic():
        if not teaches(by, classroom):
            raise NotAllowed(_("This is not one of your classes."))
        membership = selectors.membership_of(classroom=classroom, student_id=student_id)
        profile = ClassroomProfile.objects.select_for_update().filter(user_id=student_id).first()
        if profile is None or profile.account_created_by_id is None:
            raise NotAllowed(_("This pupil made their own account: they can reset the password by e-mail."))
        password = one_time_password()
        student = membership.student
        student.set_password(password)
        student.save(update_fields=["password"])
        profile.must_change_password = True
        profile.save(update_fields=["must_change_password"])
        return password


def login_cards_issue(
    *, classroom: Classroom, by: User, student_ids: list[int] | None = None
) -> list[tuple[User, str]]:
    """New login cards for the class's pupils whose accounts a teacher made and who have not yet chosen their own
    password (all of them, or those chosen): each gets a new one-time password, so a card printed earlier stops
    working. (pupil, one-time password) pairs, by last and first name; NotFound when no pupil qualifies."""
    with transaction.atomic():
        if not teaches(by, classroom):
            raise NotAllowed(_("This is not one of your classes."))
        if classroom.archived:
            raise Conflict(_("This class is archived: it can be read but not changed."), code="archived")
        members = Membership.objects.filter(classroom=classroom, status=MembershipStatus.ACTIVE)
        if student_ids is not None:
            members = members.filter(student_id__in=student_ids)
        profiles = (
            ClassroomProfile.objects.select_for_update()
            .filter(
                user_id__in=members.values("student_id"),
                must_change_password=True,
                account_created_by__isnull=False,
            )
            .select_related("user")
            .order_by("user__last_name", "user__first_name", "user_id")
        )
        issued = []
        for profile in profiles:
            password = one_time_password()
            profile.user.set_password(password)
            profile.user.save(update_fields=["password"])
            issued.append((profile.user, password))
        if not issued:
            raise NotFound(
                _(
                    "No pupil of this class is waiting for a login card: every chosen pupil has set a password."
                )
            )
        return issued


def pupil_password_set(*, user: User, password: str, password_again: str) -> None:
    """The pupil's own password, chosen at first log-in (it replaces the one-time password's hash)."""
    with transaction.atomic():
        if password != password_again:
            raise Invalid(fields={"password_again": [_("The two passwords differ.")]})
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise Invalid(fields={"password": list(exc.messages)}) from exc
        user.set_password(password)
        user.save(update_fields=["password"])
        ClassroomProfile.objects.filter(user=user).update(must_change_password=False)


def calendar_token_reset(*, user: User) -> ClassroomProfile:
    """A new secret address for the person's calendar feed (the old one was shared by mistake)."""
    profile = profile_for(user)
    profile.calendar_token = secrets.token_urlsafe(32)
    profile.save(update_fields=["calendar_token"])
    return profile
