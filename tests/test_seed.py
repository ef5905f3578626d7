"""`seed_demo`: demo pages in three languages and demo users; twice in a row creates nothing twice."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Locale, Page, PageLogEntry, Revision, Site

from accounts import roles
from cms.models import FooterText, SiteSettings

pytestmark = pytest.mark.django_db

User = get_user_model()


def _counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "users": User.objects.count(),
        "locales": Locale.objects.count(),
        "footers": FooterText.objects.count(),
        "revisions": Revision.objects.count(),
        "log_entries": PageLogEntry.objects.count(),
        "sites": Site.objects.count(),
        "settings": SiteSettings.objects.count(),
    }


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_twice_creates_nothing_twice():
    _seed()
    first = _counts()
    _seed()
    assert _counts() == first


def test_seed_creates_the_demo_site_and_users(settings):
    output = _seed()
    assert {locale.language_code for locale in Locale.objects.all()} == {"ky", "ru", "en"}
    for code in ("ky", "ru", "en"):
        assert Page.objects.filter(
            locale__language_code=code, slug="about", live=True, alias_of=None
        ).exists()
        assert Page.objects.filter(locale__language_code=code, depth=2, live=True, alias_of=None).count() == 1
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific.__class__.__name__ == "HomePage"
    usernames = set(User.objects.values_list("username", flat=True))
    assert {"admin", "student1", "teacher1", "organiser1", "alumnus1"} <= usernames
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(settings.CIVIC_DEMO_PASSWORD)
    assert User.objects.get(username="teacher1").has_role(roles.TEACHER)
    assert User.objects.get(username="organiser1").has_role(roles.ORGANISER)
    assert User.objects.get(username="alumnus1").has_role(roles.ALUMNUS)
    assert User.objects.get(username="student1").role_slugs == [roles.STUDENT]
    assert "student1" in output
    assert settings.CIVIC_DEMO_PASSWORD in output


def test_seed_keeps_what_people_changed():
    _seed()
    user = User.objects.get(username="student1")
    user.set_password("changed-by-the-person-1")
    user.save()
    _seed()
    user.refresh_from_db()
    assert user.check_password("changed-by-the-person-1")


def test_demo_password_comes_from_the_environment():
    with override_settings(CIVIC_DEMO_PASSWORD="another-demo-pw"):
        _seed()
    assert User.objects.get(username="teacher1").check_password("another-demo-pw")


def test_seed_refuses_with_production_settings():
    with override_settings(CIVIC_PRODUCTION=True), pytest.raises(CommandError):
        _seed()
    assert not User.objects.filter(username="admin").exists()


def test_seed_runs_with_production_settings_when_forced():
    with override_settings(CIVIC_PRODUCTION=True):
        call_command("seed_demo", "--force", "--quiet-logins", stdout=StringIO())
    assert User.objects.filter(username="admin").exists()


def test_demo_site_serves_after_seeding(client):
    _seed()
    for lang in ("ky", "ru", "en"):
        assert client.get(f"/{lang}/").status_code == 200
        assert client.get(f"/{lang}/about/").status_code == 200
