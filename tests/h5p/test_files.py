"""What a package's files are allowed to be in the browser: the player's own types as themselves, every other
file a download; all sandboxed and never sniffed. A stray file beside h5p.json is ignored, as H5P core does."""

import os

import pytest

from courses.h5p.services import package_import
from courses.h5p.views import PLAYER_VERSION

from .helpers import demo_bytes, png_bytes, rebuild

pytestmark = pytest.mark.django_db

SCRIPT = b"<script>alert(document.cookie)</script>"
XHTML = b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>' + SCRIPT + b"</body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'
DOCUMENTS = {
    "content/page.xml": XHTML,
    "content/notes.md": b"# Notes " + SCRIPT,
    "content/notes.txt": b"<html>" + SCRIPT + b"</html>",
    "content/table.csv": b"name,score\nAsel,3\n",
    "content/handout.pdf": b"%PDF-1.4\n%%EOF\n",
}
PLAYER_FILES = {
    "h5p.json": "application/json",
    "content/content.json": "application/json",
    "H5P.CivicStatements-1.0/civic-statements.js": "text/javascript",
    "content/images/red.png": "image/png",
    "content/images/star.svg": "image/svg+xml",
}


@pytest.fixture
def package(installer):
    extra = {**DOCUMENTS, "content/images/red.png": png_bytes(), "content/images/star.svg": SVG}
    return package_import(source=rebuild(demo_bytes("en"), add=extra), user=installer)


def _sandboxed(response) -> bool:
    policy = response.get("Content-Security-Policy", "")
    return "sandbox" in [part.strip().split(" ")[0] for part in policy.split(";")]


@pytest.mark.parametrize("path", sorted(DOCUMENTS))
def test_documents_in_a_package_are_downloads_never_pages(client, package, path):
    response = client.get(f"/h5p/{package.uuid}/files/{path}")
    assert response.status_code == 200
    assert response["Content-Type"] in ("text/plain; charset=utf-8", "application/octet-stream")
    assert response["Content-Disposition"].startswith("attachment;")
    assert os.path.basename(path) in response["Content-Disposition"]
    assert _sandboxed(response) and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == DOCUMENTS[path]


@pytest.mark.parametrize(("path", "content_type"), sorted(PLAYER_FILES.items()))
def test_files_the_player_loads_keep_their_type_and_are_sandboxed(client, package, path, content_type):
    response = client.get(f"/h5p/{package.uuid}/files/{path}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert not response.get("Content-Disposition", "inline").startswith("attachment")
    assert _sandboxed(response) and response["X-Content-Type-Options"] == "nosniff"


def test_player_files_are_sandboxed_and_its_texts_are_downloads(client):
    bundle = client.get(f"/h5p/player/{PLAYER_VERSION}/main.bundle.js")
    assert bundle["Content-Type"] == "text/javascript" and _sandboxed(bundle)
    licence = client.get(f"/h5p/player/{PLAYER_VERSION}/main.bundle.js.LICENSE.txt")
    assert licence.status_code == 200 and licence["Content-Disposition"].startswith("attachment;")
    assert licence["X-Content-Type-Options"] == "nosniff"


def test_stray_top_level_files_are_ignored_not_stored_not_served(client, installer, media_root):
    stray = {"README.txt": b"Exported from Lumi", "placeholder.txt": b"", ".keep": b""}
    package = package_import(source=rebuild(demo_bytes("en"), add=stray), user=installer)
    assert package.main_library.machine_name == "H5P.CivicStatements"
    stored = {name for _root, _dirs, files in os.walk(media_root) for name in files}
    assert "h5p.json" in stored and not stored & set(stray)
    for name in stray:
        assert client.get(f"/h5p/{package.uuid}/files/{name}").status_code == 404
    assert client.get(f"/h5p/{package.uuid}/files/h5p.json").status_code == 200
