"""Fixtures shared by every app's tests: users by role, API clients, the demo site; and the one rule that keeps
transactional tests from breaking the tests after them."""

import pytest
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

from tests.factories import PASSWORD, StudentFactory, TeacherFactory

requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: real row locks and concurrent connections (CI runs the suite on it too)",
)


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, load the migrations' data back at once: pytest-django orders
    transactional tests last, but xdist's ``--dist loadfile`` may hand a worker ordinary tests after them. Not
    needed before another transactional test (it loads the data itself) nor after the last test (the session's
    teardown has already dropped the test database)."""
    yield
    if not _is_transactional(item) or nextitem is None or _is_transactional(nextitem):
        return
    from pytest_django.plugin import blocking_manager_key

    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with item.config.stash[blocking_manager_key].unblock():
            connection.creation.deserialize_db_from_string(contents)


def pytest_terminal_summary(terminalreporter):
    """What the hostile walks and schemathesis covered (operations, forms, requests), from every worker."""
    from tests.hostile import coverage_summary

    lines = coverage_summary(r for reports in terminalreporter.stats.values() for r in reports)
    if lines:
        terminalreporter.write_sep("-", "hostile input and schema coverage")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


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
