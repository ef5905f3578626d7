"""Fixtures shared by every app's tests: users by role, API clients, the demo site; and the one rule that keeps
transactional tests from breaking the tests after them."""

import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import translation
from rest_framework.test import APIClient

from tests.factories import PASSWORD, StudentFactory, TeacherFactory

# Tests that need real row locks and concurrent connections. On SQLite they are skipped with this reason; on
# PostgreSQL with CIVIC_REQUIRE_POSTGRES_TESTS set (CI), a skipped or deselected one fails the run.
requires_postgres = pytest.mark.postgres
_POSTGRES_REASON = "needs PostgreSQL: real row locks and concurrent connections (CI runs the suite on it too)"
_REQUIRE_POSTGRES = os.environ.get("CIVIC_REQUIRE_POSTGRES_TESTS") == "1"


class _PostgresGuard:
    """With CIVIC_REQUIRE_POSTGRES_TESTS=1 (CI's PostgreSQL run): every PostgreSQL test ran and passed. Counted
    where the reports arrive (xdist's controller, or the only process), and the number that passed is written to
    CIVIC_POSTGRES_REPORT so that .ci/run can compare it with the number collected."""

    def __init__(self):
        self.outcomes: dict[str, str] = {}

    def pytest_runtest_logreport(self, report):
        if "postgres" not in report.keywords:
            return
        counted = report.when == "call" or report.outcome != "passed"
        if counted and self.outcomes.get(report.nodeid, "passed") == "passed":
            self.outcomes[report.nodeid] = report.outcome

    def pytest_sessionfinish(self, session, exitstatus):
        report = os.environ.get("CIVIC_POSTGRES_REPORT")
        if report:
            Path(report).write_text(f"{sum(o == 'passed' for o in self.outcomes.values())}\n")
        if any(outcome != "passed" for outcome in self.outcomes.values()):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter):
        not_run = sorted(node for node, outcome in self.outcomes.items() if outcome != "passed")
        terminalreporter.write_line(f"PostgreSQL tests passed: {len(self.outcomes) - len(not_run)}")
        if not_run:
            terminalreporter.write_line(
                "PostgreSQL tests that did not pass:\n  " + "\n  ".join(not_run), red=True
            )


def _stale_catalogues() -> list[str]:
    root = Path(__file__).resolve().parent.parent / "locale"
    stale = []
    for po in sorted(root.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists():
            stale.append(f"{mo.relative_to(root.parent)} is missing")
        elif mo.stat().st_mtime < po.stat().st_mtime:
            stale.append(f"{mo.relative_to(root.parent)} is older than its .po")
    return stale


def pytest_sessionstart(session):
    """The tests read Kyrgyz and Russian as people do, through the compiled catalogues: without them every page
    falls back to English and the tests that assert the wording fail for a reason that is not theirs."""
    stale = _stale_catalogues()
    if stale:
        raise pytest.UsageError(
            "The compiled message catalogues are missing or out of date:\n  "
            + "\n  ".join(stale)
            + "\nCompile them with `make messages` (or .venv/bin/python scripts/compile_messages.py)."
        )


def pytest_configure(config):
    """CIVIC_FROZEN_CLOCK (an ISO 8601 time with its offset) starts the whole run at that instant, the clock
    ticking on from there: CI runs the suite once on an awkward day (29 February, just before midnight in
    Asia/Bishkek) so that no test or factory can assume an ordinary one."""
    frozen = os.environ.get("CIVIC_FROZEN_CLOCK")
    if frozen:
        import time_machine

        time_machine.travel(frozen, tick=True).start()
    if _REQUIRE_POSTGRES and not hasattr(config, "workerinput"):
        config.pluginmanager.register(_PostgresGuard(), "civic-postgres-guard")
    _hand_the_data_to_django_where_it_reads_it()


def _hand_the_data_to_django_where_it_reads_it():
    """Django's set-up and teardown of a transactional test look for the serialised data on the connection
    object current at that instant: the set-up loads it, the teardown's flush skips post_migrate only if it is
    there. Once Playwright runs, that object may be one made in another context (see _SERIALIZED), and a flush
    without the data runs post_migrate: new content types and groups under new keys, which the next reload
    collides with on PostgreSQL. Both steps get the data on exactly the object they use."""
    from django.db import connections
    from django.test.testcases import TransactionTestCase

    if getattr(TransactionTestCase, "_civic_hands_the_data", False):
        return

    def hand(test):  # the test case's class in set-up (a classmethod), the test case in teardown
        if test.serialized_rollback and _SERIALIZED["contents"]:
            for alias in test._databases_names(include_mirrors=False):
                if not getattr(connections[alias], "_test_serialized_contents", None):
                    connections[alias]._test_serialized_contents = _SERIALIZED["contents"]

    setup = TransactionTestCase.__dict__["_fixture_setup"].__func__
    teardown = TransactionTestCase._fixture_teardown

    def _fixture_setup(cls):
        hand(cls)
        return setup(cls)

    def _fixture_teardown(self):
        hand(self)
        return teardown(self)

    TransactionTestCase._fixture_setup = classmethod(_fixture_setup)
    TransactionTestCase._fixture_teardown = _fixture_teardown
    TransactionTestCase._civic_hands_the_data = True


def pytest_report_header(config):
    frozen = os.environ.get("CIVIC_FROZEN_CLOCK")
    return [f"civic: the clock starts at {frozen}"] if frozen else []


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    _skip_postgres_tests_elsewhere(config, items)
    _require_serialized_rollback(items)


def _skip_postgres_tests_elsewhere(config, items):
    if _REQUIRE_POSTGRES:
        narrowed = config.getoption("keyword") or config.getoption("markexpr") or config.getoption("deselect")
        if narrowed or connection.vendor != "postgresql":
            raise pytest.UsageError(
                "CIVIC_REQUIRE_POSTGRES_TESTS=1 needs DATABASE_URL on PostgreSQL and the whole suite (no -k, -m "
                "or --deselect)"
            )
        return
    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason=_POSTGRES_REASON)
        for item in items:
            if item.get_closest_marker("postgres"):
                item.add_marker(skip)


def _require_serialized_rollback(items):
    """A transactional test empties the database when it ends (a flush, not a rollback). What the migrations made
    (the Wagtail page tree, locales, role groups) must come back for the tests after it, so every transactional
    test asks for ``serialized_rollback``: Django then snapshots that data once, loads it at the test's start and
    flushes without re-running post_migrate (which would create the groups a second time under new keys)."""
    careless = []
    for item in items:
        if not _is_transactional(item):
            continue
        marker = item.get_closest_marker("django_db")
        if not (marker and marker.kwargs.get("serialized_rollback")):
            careless.append(item.nodeid)
    if careless:
        raise pytest.UsageError(
            "transactional tests must use @pytest.mark.django_db(transaction=True, serialized_rollback=True):\n  "
            + "\n  ".join(careless)
        )


_FLUSHED = {"since_load": False}  # this process's test database was emptied and not loaded back since
# The migrations' data as pytest-django serialised it when it made the test database. Django keeps it on the
# connection object it made then; once Playwright runs (e2e tests), this thread's code runs in other contexts
# whose `connection` is a new object (asgiref's Local), without it: the flush at a test's end still empties
# the database, and nothing would load the data back. It is kept here and handed to whichever object is current.
_SERIALIZED = {"contents": None}


def _serialized_contents() -> str | None:
    current = getattr(connection, "_test_serialized_contents", None)
    if current and not _SERIALIZED["contents"]:
        _SERIALIZED["contents"] = current
    elif _SERIALIZED["contents"] and not current:
        connection._test_serialized_contents = _SERIALIZED["contents"]
    return _SERIALIZED["contents"]


def _uses_database(item) -> bool:
    return bool(item.get_closest_marker("django_db")) or "db" in getattr(item, "fixturenames", ())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    """A transactional test empties the database when it ends (a flush). The next test that does not load the
    migrations' data itself (any other database test) gets it back first, whichever order xdist's
    ``--dist loadfile`` and pytest-randomly give the files and whatever ran between (transactional tests
    skipped on SQLite load nothing and flush nothing). A transactional test starts from the migrations' data
    loaded afresh: the content types cached before may name ids the reloaded rows no longer have (a page then
    fails its own validation); not after a set-up that failed or was skipped: its own outcome is the one to see."""
    transactional = _is_transactional(item)
    _serialized_contents()  # before Django's own set-up of a transactional test reads it
    if _FLUSHED["since_load"] and not transactional and _uses_database(item):
        _load_the_migrations_data_back(item)
    outcome = yield
    _serialized_contents()  # the first database test has just made the test database
    if not transactional:
        return
    if outcome.excinfo is None or not issubclass(outcome.excinfo[0], pytest.skip.Exception):
        _FLUSHED["since_load"] = (
            True  # its teardown flushes (a failed set-up may have loaded the data already)
        )
    if outcome.excinfo is None:
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _content_types_from_the_database()


def _load_the_migrations_data_back(item) -> None:
    from pytest_django.plugin import blocking_manager_key

    contents = _serialized_contents()
    if not contents:
        return
    with item.config.stash[blocking_manager_key].unblock():
        connection.creation.deserialize_db_from_string(contents)
        _content_types_from_the_database()
    _FLUSHED["since_load"] = False


def _content_types_from_the_database():
    """Cache every content type as the reloaded rows have it. Emptying the cache is not enough: a lookup made
    while a later flush has emptied the table would then create rows that the next reload collides with."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    for content_type in ContentType.objects.all():
        ContentType.objects._add_to_cache(connection.alias, content_type)


def pytest_terminal_summary(terminalreporter):
    """What the hostile walks and schemathesis covered (operations, forms, requests), from every worker."""
    from tests.hostile import coverage_summary

    lines = coverage_summary(r for reports in terminalreporter.stats.values() for r in reports)
    if lines:
        terminalreporter.write_sep("-", "hostile input and schema coverage")
        for line in lines:
            terminalreporter.write_line(line)


if os.environ.get("CIVIC_TEST_DB_TEMPLATE"):

    @pytest.fixture(scope="session")
    def django_db_setup(request, django_test_environment, django_db_blocker):
        """`make mutation` runs a fresh pytest session per mutant: migrating the in-memory database each time
        cost far more than the tests. With CIVIC_TEST_DB_TEMPLATE (a file path) set, the first session migrates
        as usual and copies the result there; every later one fills its in-memory database from that copy, and
        gets the migrations' data back for ``serialized_rollback`` as Django would have serialised it. The
        template is only as fresh as the migrations it was made from: `make mutation` deletes it first."""
        with django_db_blocker.unblock():
            old_name = _database_from_template(Path(os.environ["CIVIC_TEST_DB_TEMPLATE"]))
        yield
        with django_db_blocker.unblock():
            connection.creation.destroy_test_db(old_name, verbosity=0)


def _database_from_template(template: Path) -> str:
    """Make the test database from the template (or the template from a migrated test database); return the
    database name to restore at the end."""
    import sqlite3

    from django.conf import settings

    if connection.vendor != "sqlite" or len(settings.DATABASES) != 1:
        raise pytest.UsageError(
            "CIVIC_TEST_DB_TEMPLATE works with the one in-memory SQLite test database only"
        )
    old_name = connection.settings_dict["NAME"]
    contents = template.with_name(template.name + ".json")
    if template.exists() and contents.exists():
        name = connection.creation._get_test_db_name()
        connection.close()
        settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"] = name
        connection.ensure_connection()
        source = sqlite3.connect(template)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        connection._test_serialized_contents = contents.read_text(encoding="utf-8")
        return old_name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=True)
    template.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed: a session starting meanwhile never reads half a template.
    partial = template.with_name(f"{template.name}.{os.getpid()}")
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    partial_contents = contents.with_name(f"{contents.name}.{os.getpid()}")
    partial_contents.write_text(connection._test_serialized_contents, encoding="utf-8")
    os.replace(partial_contents, contents)
    os.replace(partial, template)
    return old_name


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: a request to /en/ leaves English active in the thread
    (LocaleMiddleware activates it and nothing puts it back), which would change what the next test reverses
    and reads."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def student(db):
    return StudentFactory()


@pytest.fixture
def teacher(db):
    return TeacherFactory()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def student_api(student):
    client = APIClient()
    client.force_authenticate(student)
    return client


@pytest.fixture
def site(db):
    """The demo site's pages (home, about, contacts, privacy) in ky, ru and en."""
    from io import StringIO

    from cms import demo

    demo.seed(stdout=StringIO())
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)
