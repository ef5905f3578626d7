"""A module or lesson page answered from the course cache carries the same security headers as any other page,
under the test settings and with production's SECURE_* settings on."""

import pytest

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = (
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Security-Policy",
    "Strict-Transport-Security",
)


def security_headers(response) -> dict:
    return {name: response.get(name) for name in SECURITY_HEADERS}


def production_like(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


@pytest.mark.parametrize("production", [False, True], ids=["test-settings", "production-like"])
def test_cached_course_pages_carry_the_security_headers_of_every_page(client, settings, course, production):
    if production:
        production_like(settings)
    module, lessons = course
    ordinary = client.get("/ky/accounts/login/", secure=production)
    assert ordinary.status_code == 200
    expected = security_headers(ordinary)
    assert expected["X-Frame-Options"] and expected["Content-Security-Policy"]
    assert bool(expected["Strict-Transport-Security"]) is production
    for page in (lessons[0], module):
        url = page.get_url()
        first = client.get(url, secure=production)
        cached = client.get(url, secure=production)
        assert first.status_code == cached.status_code == 200
        assert "X-Civic-Cache" not in first and cached["X-Civic-Cache"] == "hit"
        assert security_headers(first) == expected
        assert security_headers(cached) == expected
