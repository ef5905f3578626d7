"""No view that serves a file hands out one from outside its folder: absolute paths, encoded and double-encoded
slashes, backslashes, "..", NULs are a 404 (never a 500) and the secret never shows, on every such view."""

import importlib
import os
import secrets
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.http import Http404
from django.urls import clear_url_caches

from core.files import file_inside, storage_name_inside
from courses.h5p.services import package_import
from courses.h5p.views import PLAYER_STATIC, PLAYER_VERSION
from tests.factories import CohortFactory, OrganiserFactory, UserFactory
from tests.h5p.helpers import demo_bytes

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(django_settings.BASE_DIR) / "config" / "settings" / "base.py"
SETTINGS_MARKER = b"CIVIC_DEMO_PASSWORD"


@pytest.fixture
def secret(tmp_path):
    """A file outside every root with a random marker in it: (absolute path, marker)."""
    marker = secrets.token_hex(16).encode()
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_bytes(b"secret " + marker)
    return path, marker


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    Path(settings.MEDIA_ROOT).mkdir()


def attacks(target: Path, root) -> list[str]:
    """The ways a URL path can try to name `target` from a view serving files under `root`."""
    absolute = str(target)
    relative = os.path.relpath(target, os.path.realpath(root))
    return [
        absolute,  # "/…" after the view's prefix: a double slash
        quote(absolute, safe=""),  # %2F
        quote(quote(absolute, safe=""), safe=""),  # %252F
        quote(absolute.replace("/", "\\"), safe=""),  # %5C
        absolute.replace("/", "\\"),
        relative,  # ../../…
        quote(relative, safe=""),
        "x/../../" + relative,
        absolute + "%00",
        "%00" + absolute,
        quote(absolute, safe="") + "%00.js",
    ]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_refused(client, prefix: str, target: Path, marker: bytes, root, suffix: str = ""):
    for attack in attacks(target, root):
        url = f"{prefix}{attack}{suffix}"
        response = client.get(url)
        assert response.status_code == 404, (url, response.status_code)
        assert marker not in body(response), url


# The helper ----------------------------------------------------------------------------------------------------


def test_file_inside_returns_files_in_the_root(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.txt").write_text("ok")
    assert file_inside(tmp_path, "a/b.txt") == os.path.realpath(tmp_path / "a" / "b.txt")


@pytest.mark.parametrize(
    "path",
    ["/etc/passwd", "../outside.txt", "a/../../outside.txt", "a/b.txt\x00", "a\\b.txt", "", "a", "."],
)
def test_file_inside_refuses_everything_else(tmp_path, path):
    root = tmp_path / "root"
    (root / "a").mkdir(parents=True)
    (root / "a" / "b.txt").write_text("ok")
    (tmp_path / "outside.txt").write_text("secret")
    with pytest.raises(Http404):
        file_inside(root, path)


def test_file_inside_refuses_a_link_leading_out(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "outside.txt").write_text("secret")
    (root / "link.txt").symlink_to(tmp_path / "outside.txt")
    with pytest.raises(Http404):
        file_inside(root, "link.txt")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("content/a.png", "h5p/packages/p1/content/a.png"),
        ("/etc/passwd", None),
        ("../p2/h5p.json", None),
        ("content/../../p2/h5p.json", None),
        ("content/a\x00.png", None),
        ("content\\..\\..\\p2", None),
        ("", None),
    ],
)
def test_storage_name_inside(path, expected):
    assert storage_name_inside("h5p/packages/p1", path) == expected


# Every view that serves a file ---------------------------------------------------------------------------------


def _import(language: str):
    installer = UserFactory()
    installer.user_permissions.add(
        Permission.objects.get(codename="install_library", content_type__app_label="h5p")
    )
    return package_import(source=demo_bytes(language), user=installer)


def test_player_files(client, secret):
    from django.contrib.staticfiles import finders

    root = finders.find(PLAYER_STATIC)
    target, marker = secret
    assert_refused(client, f"/h5p/player/{PLAYER_VERSION}/", target, marker, root)
    assert_refused(client, f"/h5p/player/{PLAYER_VERSION}/", SETTINGS_FILE, SETTINGS_MARKER, root)
    assert client.get(f"/h5p/player/{PLAYER_VERSION}/main.bundle.js").status_code == 200


def test_package_files(client, secret, settings):
    package = _import("en")
    target, marker = secret
    root = Path(settings.MEDIA_ROOT) / package.storage_folder
    for prefix in ("", "content/", "H5P.CivicStatements-1.0/"):
        base = f"/h5p/{package.uuid}/files/{prefix}"
        assert_refused(client, base, target, marker, root / prefix)
        assert_refused(client, base, SETTINGS_FILE, SETTINGS_MARKER, root / prefix)
    assert client.get(f"/h5p/{package.uuid}/files/h5p.json").status_code == 200


def test_package_files_refuse_another_packages_files(client):
    """A storage name is built inside the package's own folder: another package's uuid folder is out of reach."""
    mine = _import("en")
    other = _import("ru")
    for path in (f"content/../../{other.uuid}/h5p.json", f"content/%2E%2E/%2E%2E/{other.uuid}/h5p.json"):
        assert client.get(f"/h5p/{mine.uuid}/files/{path}").status_code == 404


@pytest.fixture
def debug_urls(settings):
    """The URLs as they are with DEBUG on (config/urls.py adds the development media view then)."""
    import config.urls

    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_media_in_development(client, secret, settings, debug_urls):
    target, marker = secret
    (Path(settings.MEDIA_ROOT) / "images").mkdir()
    (Path(settings.MEDIA_ROOT) / "images" / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert_refused(client, "/media/", target, marker, settings.MEDIA_ROOT)
    assert_refused(client, "/media/", SETTINGS_FILE, SETTINGS_MARKER, settings.MEDIA_ROOT)
    assert_refused(client, "/media/images/", target, marker, Path(settings.MEDIA_ROOT) / "images")
    served = client.get("/media/images/a.svg")
    assert served.status_code == 200
    assert "sandbox" in served["Content-Security-Policy"] and served["X-Content-Type-Options"] == "nosniff"


def test_media_documents_only_through_wagtail_in_development(client, settings, debug_urls):
    """As nginx in production: private documents are never read straight from the media folder."""
    (Path(settings.MEDIA_ROOT) / "documents").mkdir()
    (Path(settings.MEDIA_ROOT) / "documents" / "private.pdf").write_bytes(b"%PDF private")
    assert client.get("/media/documents/private.pdf").status_code == 404


def test_media_not_served_by_django_without_debug(client, settings):
    (Path(settings.MEDIA_ROOT) / "a.txt").write_text("public")
    assert client.get("/media/a.txt").status_code == 404


def test_static_in_development(client, secret):
    target, marker = secret
    assert_refused(client, "/static/", target, marker, django_settings.STATIC_ROOT)
    assert_refused(client, "/static/", SETTINGS_FILE, SETTINGS_MARKER, django_settings.STATIC_ROOT)


def test_certificates(client, secret):
    client.force_login(UserFactory())
    target, marker = secret
    assert_refused(client, "/ky/camps/certificates/", target, marker, django_settings.MEDIA_ROOT, ".pdf")
    assert_refused(client, "/ky/camps/certificates/", SETTINGS_FILE, SETTINGS_MARKER, "/", ".pdf")


def test_exports(client, secret):
    organiser = OrganiserFactory()
    cohort = CohortFactory(organisers=[organiser])
    client.force_login(organiser)
    target, marker = secret
    base = f"/ky/camps/organise/cohorts/{cohort.pk}/export/"
    assert client.get(f"{base}applications.csv").status_code == 200
    assert_refused(client, base, target, marker, django_settings.MEDIA_ROOT, ".csv")
    assert_refused(client, base, SETTINGS_FILE, SETTINGS_MARKER, "/", ".csv")
