import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_home_renders_in_each_language(client, site, lang):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()
