import pytest
from rest_framework.test import APIClient

from tests.factories import graduate


@pytest.fixture
def alumnus(db):
    return graduate()


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def alumnus_api(alumnus):
    return client_for(alumnus)
