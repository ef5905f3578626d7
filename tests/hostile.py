"""What the hostile walks (API operations, page forms) and the schemathesis run share: the demo database seeded
once per test module, one person per role with a token, real ids for the ids in paths, the hostile values, and a
cheap way to tell whether a request changed anything.

"Changed anything": every row of every table (a few thousand rows in the demo: a few milliseconds) is read once
as a baseline; each request runs in a savepoint that is rolled back after it, so every request meets that same
database (and one that logs out, withdraws or erases does not starve the ones after it). The database's own
counter of written rows (SQLite's total_changes(), PostgreSQL's pg_stat_xact_all_tables) tells whether a request
wrote anything at all; only then are the rows read again and compared with the baseline. The rule:
- a refused request (4xx) leaves every table as it was (nothing saved half-way);
- an accepted request (2xx/3xx) may change rows (a body-less action ignores its body), but none of the new or
  changed rows may hold a control character, a NUL or a lone surrogate (raw, or escaped inside JSON).
"""

from __future__ import annotations

import json
import re
import sys
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.signals import got_request_exception
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.test import Client, override_settings

ROLES = ("anonymous", "student", "teacher", "organiser", "alumnus", "admin")
# The demo people (accounts/demo.py, camps/demo.py): they hold real data (student1 has applied, organiser1
# organises every demo cohort, alumnus1 graduated, admin is the site admin), so ids in paths hit real objects.
DEMO_USERNAMES = {
    "student": "student1",
    "teacher": "teacher1",
    "organiser": "organiser1",
    "alumnus": "alumnus1",
    "admin": "admin",
}
TOKEN_URL = "/api/v1/auth/token/"
SCHEMA_URL = "/api/v1/schema/?format=json"

# Hostile text: a control character, NUL and a lone surrogate (in JSON it travels as the escape "\ud800").
HOSTILE_TEXT = {"control": "civic\u0001", "nul": "civic\x00", "surrogate": "civic\ud800"}
HUGE_ID = "123456789012345678901234567890"  # 30 digits: past any database integer
DEEP_JSON = ("[" * 10_000 + "]" * 10_000).encode()
BIG_SIZE = 11 * 1024 * 1024  # past DATA_UPLOAD_MAX_MEMORY_SIZE (10 MB)

# Tables that an honest refusal still writes to: the session of the person asking, and django-axes' record of
# failed log-ins (a hostile log-in is a failed log-in, recorded on purpose).
WRITTEN_ON_REFUSAL = {
    "django_session": "the caller's session (log-in, messages, CSRF)",
    "axes_accessattempt": "failed log-ins are counted (lock-out)",
    "axes_accessfailurelog": "failed log-ins are logged",
    "axes_accesslog": "log-ins are logged",
}

# What must never be stored: C0 controls but tab, newline and return, DEL, C1 controls and lone surrogates (the
# app's own rule, core/text.py), raw or as JSON escapes (JSON columns keep "\u0001" as six characters).
_MARKERS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]"
    r"|\\u00(?:0[0-8bcef]|1[0-9a-f]|7f|[89][0-9a-f])|\\u[dD][89abAB]"
)


# Real ids for the ids in paths: the path segment before the id names the kind of object. The first
# candidates are those the person is tied to (their applications, the cohorts they organise).
def pk_candidates(segment: str, user) -> list[int]:
    from camps.models import Application, Cohort
    from courses.h5p.models import H5PPackage
    from courses.models import LessonPage, ModulePage, Quiz

    def ordered(queryset, mine: Q | None) -> list[int]:
        pks = list(queryset.order_by("pk").values_list("pk", flat=True))
        if user is None or mine is None:
            return pks
        own = set(queryset.filter(mine).values_list("pk", flat=True))
        return [pk for pk in pks if pk in own] + [pk for pk in pks if pk not in own]

    sources = {
        "applications": lambda: ordered(
            Application.objects.all(), Q(applicant=user) | Q(cohort__organisers=user) if user else None
        ),
        "cohorts": lambda: ordered(Cohort.objects.all(), Q(organisers=user) if user else None),
        "quizzes": lambda: ordered(Quiz.objects.all(), None),
        "lessons": lambda: ordered(LessonPage.objects.live(), None),
        "modules": lambda: ordered(ModulePage.objects.live(), None),
        "h5p": lambda: ordered(H5PPackage.objects.all(), None),
    }
    if segment in sources:
        return sources[segment]()
    model = _model_named(segment)
    if model is not None:
        return ordered(model._default_manager.all(), None)
    GUESSED_IDS.add(segment)
    return [1, 2, 3]


# Path segments with no model of that name: their ids were guessed (printed by the walks, so a new kind of
# path is seen and given a row in pk_candidates).
GUESSED_IDS: set[str] = set()
OUR_APPS = ("accounts", "cms", "courses", "camps", "alumni", "core")


def _model_named(segment: str):
    """One of our models whose name or English plural is the segment ('events' -> Event)."""
    from django.apps import apps
    from django.utils import translation

    words = segment.replace("-", " ").replace("_", " ")
    singular = {words, words[:-1], words[:-2]} if words.endswith("es") else {words, words[:-1]}
    with translation.override("en"):
        for model in apps.get_models():
            if model.__module__.split(".")[0] not in OUR_APPS:
                continue
            meta = model._meta
            if {meta.model_name, str(meta.verbose_name).lower()} & singular or str(
                meta.verbose_name_plural
            ).lower() == words:
                return model
    return None


def id_segment(path: str) -> str:
    """'/api/v1/cohorts/{id}/graduate/' -> 'cohorts'; 'camps/applications/<id:pk>/edit/' -> 'applications'."""
    found = re.search(r"([a-z0-9_-]+)/(?:\{id\}|\{pk\}|<(?:\w+:)?pk>)", path)
    if not found:
        raise LookupError(f"no id segment in {path}")
    return found.group(1)


@dataclass
class World:
    """The seeded demo: people by role, their API tokens, the live OpenAPI document."""

    users: dict
    tokens: dict
    schema: dict
    _ids: dict = field(default_factory=dict)

    def auth(self, role: str) -> dict:
        token = self.tokens.get(role)
        return {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}

    def api_id(self, segment: str, role: str) -> int:
        """An id of a real object behind `/api/v1/<segment>/<id>/`, one that this role can see when there is."""
        key = (segment, role)
        if key not in self._ids:
            candidates = pk_candidates(segment, self.users[role])
            client = Client()
            chosen = candidates[0] if candidates else 1
            for pk in candidates[:12]:
                with rolled_back():
                    status = client.get(f"/api/v1/{segment}/{pk}/", **self.auth(role)).status_code
                if status == 200:
                    chosen = pk
                    break
            self._ids[key] = chosen
        return self._ids[key]

    def operations(self) -> list[tuple[str, str, dict]]:
        """Every (method, path, operation) of the OpenAPI document."""
        return [
            (method.upper(), path, op)
            for path, ops in self.schema["paths"].items()
            for method, op in ops.items()
            if method in ("get", "put", "post", "patch", "delete")
        ]

    def resolve(self, schema: dict) -> dict:
        while "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            schema = self.schema["components"]["schemas"][name]
        return schema


def _seed_world() -> World:
    from accounts.models import User

    call_command("seed_demo", stdout=StringIO(), quiet_logins=True)
    from courses.h5p.models import H5PPackage

    if not H5PPackage.objects.exists():  # seed_demo imports it only when the app registers its demo
        from courses.h5p import demo as h5p_demo

        h5p_demo.seed(stdout=StringIO())
    users = {"anonymous": None} | {
        role: User.objects.get(username=name) for role, name in DEMO_USERNAMES.items()
    }
    client = Client()
    tokens = {"anonymous": None}
    for role, name in DEMO_USERNAMES.items():
        response = client.post(
            TOKEN_URL,
            {"username": name, "password": settings.CIVIC_DEMO_PASSWORD},
            content_type="application/json",
        )
        assert response.status_code == 200, (role, response.status_code, response.content[:300])
        tokens[role] = response.json()["token"]
    cache.clear()  # the token endpoint's throttle counts those log-ins
    schema = client.get(SCHEMA_URL).json()
    return World(users=users, tokens=tokens, schema=schema)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, loaded once for the module in a transaction that is rolled back at its end; each test
    runs in a savepoint inside it (pytest-django's `db`)."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _seed_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# Snapshots


def _tables() -> list[str]:
    return sorted(
        t
        for t in connection.introspection.django_table_names(only_existing=True)
        if t not in WRITTEN_ON_REFUSAL
    )


def snapshot() -> dict[str, Counter]:
    """Every row of every table (but WRITTEN_ON_REFUSAL), as a multiset per table."""
    rows = {}
    decoded = connection.vendor == "postgresql"  # bytea, json and arrays come back as unhashable objects
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (our table names)
            fetched = cursor.fetchall()
            if decoded:
                fetched = [tuple(_hashable(v) for v in row) for row in fetched]
            rows[table] = Counter(map(tuple, fetched))
    return rows


def _hashable(value):
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return value


def writes_so_far() -> int | None:
    """A counter of rows written on this connection that only grows (rolled-back writes count too), so an
    unchanged counter proves a request wrote nothing; None where the database has no such counter."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT total_changes()")
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_all_tables"
            )
        else:
            return None
        return int(cursor.fetchone()[0])


def changes(before: dict[str, Counter], after: dict[str, Counter]) -> dict[str, dict]:
    """Per changed table: rows that appeared and rows that went."""
    out = {}
    for table, rows in after.items():
        old = before.get(table, Counter())
        if rows != old:
            out[table] = {"new": list((rows - old).elements()), "gone": list((old - rows).elements())}
    return out


def hostile_rows(diff: dict[str, dict]) -> list[tuple[str, tuple]]:
    """New or changed rows that hold a control character, NUL or lone surrogate (raw or JSON-escaped)."""
    found = []
    for table, change in diff.items():
        for row in change["new"]:
            for v in row:
                text = v.decode("utf-8", "surrogateescape") if isinstance(v, bytes) else v
                if isinstance(text, str) and _MARKERS.search(text):
                    found.append((table, row))
                    break
    return found


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run a block in a savepoint that is always rolled back."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# One request under watch


@dataclass
class Outcome:
    status: int
    content: bytes
    content_type: str
    diff: dict
    error: str = ""  # the server's exception, summarised


def _where(frame) -> str:
    name = frame.filename
    root = str(Path(settings.BASE_DIR))
    if "/site-packages/" in name:
        name = name.rsplit("/site-packages/", 1)[1]
    elif name.startswith(root):
        name = str(Path(name).relative_to(root))
    return f"{name}:{frame.lineno} ({frame.name})"


def _summary(exc_info) -> str:
    kind, exc, tb = exc_info
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if "/site-packages/" not in f.filename and "/lib/python3" not in f.filename]
    text = f"{kind.__name__}: {str(exc)[:200]}"
    if ours:
        text += f" in {_where(ours[-1])}"
    if frames and (not ours or frames[-1] is not ours[-1]):
        text += f", raised in {_where(frames[-1])}"
    return text


@contextmanager
def server_errors() -> Iterator[list[str]]:
    """Exceptions raised inside views while the block runs, summarised (type, message, where)."""
    seen: list[str] = []

    def record(sender, request=None, **kwargs):
        seen.append(_summary(sys.exc_info()))

    got_request_exception.connect(record, weak=False)
    try:
        yield seen
    finally:
        got_request_exception.disconnect(record)


class Watch:
    """Sends requests one at a time, each in a savepoint rolled back after it, and tells what each changed.
    Every request therefore meets the database as it was when the Watch was made (the baseline); the full
    snapshot is taken again only when the write counter moved."""

    def __init__(self):
        self.baseline = snapshot()

    def __call__(self, send) -> Outcome:
        cache.clear()  # no throttle carries over from one hostile request to the next
        with server_errors() as errors, rolled_back():
            written = writes_so_far()
            response = send()
            diff = {}
            try:
                if written is None or writes_so_far() != written:
                    diff = changes(self.baseline, snapshot())
            except DatabaseError as exc:  # the request broke the transaction: already a 5xx
                errors.insert(0, f"database unusable after the request: {exc}")
        return Outcome(
            status=response.status_code,
            content=b"" if getattr(response, "streaming", False) else response.content,
            content_type=response.get("Content-Type", ""),
            diff=diff,
            error="; ".join(errors),
        )


def judge(outcome: Outcome) -> list[str]:
    """What is wrong with a hostile request's outcome (empty when nothing)."""
    problems = []
    if outcome.status >= 500:
        problems.append(f"{outcome.status} server error ({outcome.error or 'no exception recorded'})")
    elif outcome.status >= 400 and outcome.diff:
        problems.append(f"refused with {outcome.status} but changed {describe(outcome.diff)}")
    elif outcome.status < 400:
        bad = hostile_rows(outcome.diff)
        if bad:
            table, row = bad[0]
            problems.append(
                f"accepted with {outcome.status} and stored the hostile value in {table}: {row!r:.200}"
            )
    return problems


def api_error_problem(outcome: Outcome) -> str:
    """An API refusal must be the one error shape {"error": {"status", "code", "message"[, "fields"]}}."""
    if outcome.status < 400:
        return ""
    if not outcome.content_type.startswith("application/json"):
        return f"{outcome.status} answered as {outcome.content_type or 'no content type'}, not the JSON error shape"
    try:
        body = json.loads(outcome.content)
    except ValueError:
        return f"{outcome.status} with a body that is not JSON"
    error = body.get("error") if isinstance(body, dict) else None
    if not (
        isinstance(body, dict)
        and set(body) == {"error"}
        and isinstance(error, dict)
        and {"status", "code", "message"} <= set(error) <= {"status", "code", "message", "fields"}
        and error["status"] == outcome.status
        and isinstance(error["code"], str)
        and isinstance(error["message"], str)
        and error["message"]
    ):
        return f"{outcome.status} not in the one error shape: {outcome.content[:200]!r}"
    return ""


def describe(diff: dict) -> str:
    return ", ".join(f"{t} (+{len(c['new'])} -{len(c['gone'])})" for t, c in sorted(diff.items()))


@dataclass
class Findings:
    """Problems found by a walk, one line each, and the numbers of what it covered."""

    walk: str
    role: str
    lines: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    covered: set = field(default_factory=set)  # what was covered, by name (operations, forms)
    skipped: set = field(default_factory=set)  # what could not be reached, and why

    def add(self, where: str, what: str, problems: list[str]) -> None:
        for problem in problems:
            self.lines.append(f"{where} [{what}]: {problem}")

    def finish(self, record_property) -> None:
        """Print the figures (shown with -rA), hand them to the session summary, then fail on any problem."""
        title = f"{self.walk} as {self.role}"
        figures = ", ".join(f"{n} {name}" for name, n in self.counts.items())
        print(f"{title}: {figures}; {len(self.lines)} problem(s)")
        print("covered: " + "; ".join(sorted(self.covered)))
        if GUESSED_IDS or self.skipped:
            print(f"ids guessed for: {sorted(GUESSED_IDS)}; not walked: {sorted(self.skipped)}")
        record_property(
            COVERAGE_PROPERTY,
            {
                "walk": self.walk,
                "role": self.role,
                "counts": dict(self.counts),
                "covered": sorted(self.covered),
            },
        )
        assert not self.lines, f"{title}: {len(self.lines)} problem(s)\n" + "\n".join(self.lines)


COVERAGE_PROPERTY = "hostile coverage"


def coverage_summary(reports) -> list[str]:
    """One line per walk from the tests' recorded figures (collected from every xdist worker's reports):
    how many roles, distinct operations or forms, and requests or cases in all."""
    walks: dict[str, dict] = {}
    for report in reports:
        for name, value in getattr(report, "user_properties", ()):
            if name != COVERAGE_PROPERTY:
                continue
            walk = walks.setdefault(value["walk"], {"roles": set(), "counts": Counter(), "covered": set()})
            walk["roles"].add(value["role"])
            walk["counts"].update(value["counts"])
            walk["covered"].update(value["covered"])
    lines = []
    for name, walk in sorted(walks.items()):
        totals = ", ".join(
            f"{n} {what}" for what, n in walk["counts"].items() if what.startswith(("hostile", "cases"))
        )
        lines.append(
            f"{name}: {len(walk['covered'])} distinct {'forms' if 'form' in name.lower() else 'operations'} "
            f"across {len(walk['roles'])} roles; {totals}"
        )
    return lines
