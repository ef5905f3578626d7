"""Nothing in our pages makes the browser call a third party: the Wagtail admin shows no gravatar.com avatars."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/admin/", "/admin/account/", "/admin/pages/"])
def test_admin_pages_load_no_gravatar(client, url):
    client.force_login(UserFactory(is_superuser=True, is_staff=True, email="editor@example.org"))
    response = client.get(url)
    assert response.status_code == 200
    assert "gravatar" not in response.content.decode().lower()
