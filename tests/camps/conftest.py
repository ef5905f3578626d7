import pytest

from tests.e2e.conftest import browser  # noqa: F401  (the real Chromium, for the camps page that must fit a phone)
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
