"""Fixtures shared by every app's tests: users by role, API clients, the demo site."""

import pytest
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

from tests.factories import PASSWORD, StudentFactory, TeacherFactory

requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: real row locks and concurrent connections (CI runs the suite on it too)",
)


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
