import pytest

from tests.factories import CohortFactory, OrganiserFactory, QuestionFactory


@pytest.fixture
def organiser(db):
    return OrganiserFactory(preferred_language="ru")


@pytest.fixture
def other_organiser(db):
    return OrganiserFactory()


@pytest.fixture
def cohort(organiser):
    return CohortFactory(organisers=[organiser], capacity=2)


@pytest.fixture
def question(cohort):
    return QuestionFactory(cohort=cohort, text="Эмне үчүн катышкыңыз келет?")


@pytest.fixture
def organiser_api(organiser):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(organiser)
    return client


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional camps test has flushed the database, put back what the migrations made (the
    Wagtail page tree, locales, groups): the transactional tests of other apps that run after ours expect it."""
    yield
    marker = item.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with item.config.stash[blocking_manager_key].unblock():
            connection.creation.deserialize_db_from_string(contents)
