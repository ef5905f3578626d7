"""Serving package and player files, the play page and the results page."""

import re

import pytest
from django.test import Client

from courses.h5p.views import PLAYER_VERSION
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


def test_package_files_are_served_with_long_cache(client, demo_package):
    base = f"/h5p/{demo_package.uuid}/files"
    response = client.get(f"{base}/h5p.json")
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"] and "max-age=31536000" in response["Cache-Control"]
    assert b"H5P.CivicStatements" in b"".join(response.streaming_content)
    js = client.get(f"{base}/H5P.CivicStatements-1.0/civic-statements.js")
    assert js.status_code == 200 and js["Content-Type"].startswith("text/javascript")
    assert client.get(f"{base}/content/content.json").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "../../../etc/passwd",
        "content/../h5p.json",
        "H5P.Unknown-1.0/library.json",
        "nothing.txt",
        "content/none.json",
    ],
)
def test_package_files_refuse_traversal_and_unknown(client, demo_package, path):
    assert client.get(f"/h5p/{demo_package.uuid}/files/{path}").status_code == 404


def test_unknown_package_404(client):
    assert client.get("/h5p/00000000-0000-0000-0000-000000000000/files/h5p.json").status_code == 404


def test_player_files_long_cache(client):
    response = client.get(f"/h5p/player/{PLAYER_VERSION}/main.bundle.js")
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert client.get("/h5p/player/0.0.1/main.bundle.js").status_code == 404
    assert client.get(f"/h5p/player/{PLAYER_VERSION}/../../settings.py").status_code == 404


def test_play_page_loads_only_the_small_loader(client, demo_package):
    response = client.get(f"/en/h5p/{demo_package.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "h5p/civic-h5p.js" in html
    assert "main.bundle.js" not in html and "frame.bundle.js" not in html
    assert f'data-h5p-json="/h5p/{demo_package.uuid}/files"' in html


def test_pages_without_h5p_load_none_of_it(client, site):
    html = client.get("/en/").content.decode()
    # The home page may talk about H5P; it must not load any of the player's files.
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert assets and not [a for a in assets if "h5p" in a.lower()]
    assert "data-h5p" not in html


def test_results_page(demo_package, teacher):
    client = Client()
    client.force_login(teacher)
    response = client.get(f"/en/h5p/{demo_package.pk}/results/")
    assert response.status_code == 200
    assert "data-completed" in response.content.decode()
    student = Client()
    student.force_login(StudentFactory())
    assert student.get(f"/en/h5p/{demo_package.pk}/results/").status_code == 403


def test_admin_lists_packages_with_results_link(demo_package):
    from tests.factories import UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    response = client.get("/admin/h5p_packages/")
    assert response.status_code == 200
    html = response.content.decode()
    assert demo_package.title in html and f"/h5p/{demo_package.pk}/results/" in html
    assert client.get("/admin/h5p_libraries/").status_code == 200
    assert client.get(f"/admin/h5p_packages/inspect/{demo_package.pk}/").status_code == 200


def test_admin_upload_refusal_shows_message(installer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from courses.h5p.models import H5PPackage

    installer.is_superuser = True
    installer.is_staff = True
    installer.save()
    client = Client()
    client.force_login(installer)
    bad = SimpleUploadedFile("bad.h5p", b"not a zip")
    response = client.post("/admin/h5p_packages/new/", {"file": bad})
    assert response.status_code == 200
    assert "zip" in response.content.decode()
    assert not H5PPackage.objects.exists()


def test_play_page_links_results_for_teachers(demo_package, teacher):
    client = Client()
    client.force_login(teacher)
    assert f"/en/h5p/{demo_package.pk}/results/" in client.get(f"/en/h5p/{demo_package.pk}/").content.decode()
