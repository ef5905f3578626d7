"""Uploads on S3 (AWS_STORAGE_BUCKET_NAME set), against a real S3 API server the tests start (moto's server mode),
with the bucket made and its policy set by `manage.py s3_bucket_setup`: an H5P package is uploaded into the bucket
and played from it, path tricks still find nothing outside a package's folder, a consent scan lives under the
private prefix and reaches only its organisers, images have plain stable URLs anyone can read, and nothing else
in the bucket can be read without the app's key. The local media folder stays empty throughout."""

import io
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import quote

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from camps import services as camps_services
from camps.models import Status
from courses.h5p import services as h5p_services
from courses.h5p.services import PackageError, package_import
from tests.camps.test_guardians import _minor
from tests.core.test_files import attacks, body
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    OrganiserFactory,
    StudentFactory,
    UserFactory,
)
from tests.h5p.helpers import demo_bytes
from tests.servers import s3_server

pytestmark = pytest.mark.django_db

CREDENTIALS = {"access_key": "civic-test", "secret_key": "civic-test-secret", "region_name": "us-east-1"}


@pytest.fixture(scope="module")
def s3_endpoint():
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's request log
    with s3_server() as endpoint:
        yield endpoint


class Bucket:
    def __init__(self, endpoint: str, name: str):
        self.endpoint, self.name = endpoint, name
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=CREDENTIALS["access_key"],
            aws_secret_access_key=CREDENTIALS["secret_key"],
            region_name=CREDENTIALS["region_name"],
        )

    def keys(self, prefix: str = "") -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.name, Key=key, Body=data)

    def anonymous_status(self, key: str) -> int:
        """What a stranger gets for the object's plain URL (no signature)."""
        try:
            with urllib.request.urlopen(f"{self.endpoint}/{self.name}/{quote(key)}") as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path):
    """A fresh bucket, with the settings base.py makes from AWS_STORAGE_BUCKET_NAME pointing at it, made as an
    operator makes it (`manage.py s3_bucket_setup`); the local media and private folders are empty ones that must
    stay empty."""
    store = Bucket(s3_endpoint, f"civic-{uuid.uuid4().hex[:12]}")
    common = {
        "bucket_name": store.name,
        "endpoint_url": s3_endpoint,
        "addressing_style": "path",
        **CREDENTIALS,
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.WAGTAILDOCS_SERVE_METHOD = "serve_view"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "core.s3.MediaS3Storage", "OPTIONS": {"location": "media", **common}},
        "private": {"BACKEND": "core.s3.PrivateS3Storage", "OPTIONS": {"location": "private", **common}},
    }
    call_command("s3_bucket_setup", stdout=io.StringIO())
    yield store
    assert not (tmp_path / "media").exists() and not (tmp_path / "private").exists(), "written to disk"


@pytest.fixture
def installer(db):
    from django.contrib.auth.models import Permission

    user = UserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="install_library", content_type__app_label="h5p")
    )
    return user


def _streamed(response) -> bytes:
    return body(response)


def test_an_h5p_package_uploaded_through_the_api_is_stored_in_the_bucket_and_played_from_it(
    bucket, installer, client
):
    api = APIClient()
    api.force_authenticate(installer)
    response = api.post(
        "/api/v1/h5p/", {"file": SimpleUploadedFile("activity.h5p", demo_bytes("ky"))}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    package_uuid = response.json()["uuid"]
    folder = f"media/h5p/packages/{package_uuid}/"
    stored = bucket.keys(folder)
    assert f"{folder}h5p.json" in stored and f"{folder}content/content.json" in stored
    library_js = f"{folder}H5P.CivicStatements-1.0/civic-statements.js"
    assert library_js in stored

    page = client.get(f"/ky/h5p/{response.json()['id']}/")
    assert page.status_code == 200
    assert f'data-h5p-json="/h5p/{package_uuid}/files"' in page.content.decode()
    # Every file the player asks for comes out of the bucket, byte for byte.
    for key in stored:
        served = client.get(f"/h5p/{package_uuid}/files/{key.removeprefix(folder)}")
        assert served.status_code == 200, key
        assert _streamed(served) == bucket.read(key), key
    assert client.get(f"/h5p/{package_uuid}/files/content/none.json").status_code == 404
    # Nothing outside the image folders is readable without the app's key.
    assert bucket.anonymous_status(library_js) == 403


def test_a_package_folder_already_taken_in_the_bucket_refuses_the_import(bucket, installer, monkeypatch):
    """As on disk: the storage never overwrites, so a name already taken is not silently replaced."""
    fixed = uuid.UUID("00000000-0000-4000-8000-000000000002")
    monkeypatch.setattr(h5p_services.uuid, "uuid4", lambda: fixed)
    squatter = f"media/h5p/packages/{fixed}/h5p.json"
    bucket.put(squatter, b"{}")
    with pytest.raises(PackageError) as error:
        package_import(source=demo_bytes(), user=installer)
    assert error.value.code == "storage"
    assert bucket.keys() == [squatter] and bucket.read(squatter) == b"{}"


def test_a_write_that_fails_midway_leaves_nothing_in_the_bucket(bucket, installer, monkeypatch):
    """On S3 the files are saved several at once: every save ends before the import gives up, and all that were
    saved are deleted again, as on disk."""
    import itertools
    import threading

    from courses.h5p.models import H5PLibrary, H5PPackage

    original, calls, lock = h5p_services._write, itertools.count(1), threading.Lock()

    def failing(name, data, written):
        with lock:
            call = next(calls)
        if call == 5:
            raise OSError("the store refused a write")
        original(name, data, written)

    monkeypatch.setattr(h5p_services, "_write", failing)
    with pytest.raises(OSError, match="refused a write"):
        package_import(source=demo_bytes(), user=installer)
    assert next(calls) > 6  # the other saves went on (several at once), and were cleaned up after
    assert bucket.keys() == []
    assert not H5PPackage.objects.exists() and not H5PLibrary.objects.exists()


def test_no_path_reaches_an_object_outside_the_package_folder(bucket, installer, client):
    mine = package_import(source=demo_bytes("en"), user=installer)
    other = package_import(source=demo_bytes("ru"), user=installer)
    marker = uuid.uuid4().hex.encode()
    for key in ("media/secret.txt", "media/h5p/secret.txt", "private/secret.txt", "secret.txt"):
        bucket.put(key, b"secret " + marker)
    # The bucket seen as a folder tree, to build the same tricks as on disk (tests/core/test_files.py).
    root = Path("/bucket/media") / mine.storage_folder
    for prefix in ("", "content/", "H5P.CivicStatements-1.0/"):
        for target in ("media/secret.txt", "media/h5p/secret.txt", "private/secret.txt", "secret.txt"):
            tricks = attacks(Path("/bucket") / target, root / prefix) + [
                target,
                "/" + target,
                quote("/" + target, safe=""),
            ]
            for trick in tricks:
                response = client.get(f"/h5p/{mine.uuid}/files/{prefix}{trick}")
                assert response.status_code == 404, (prefix, trick)
                assert marker not in body(response), (prefix, trick)
    for path in (f"content/../../{other.uuid}/h5p.json", f"content/%2E%2E/%2E%2E/{other.uuid}/h5p.json"):
        assert client.get(f"/h5p/{mine.uuid}/files/{path}").status_code == 404
    assert client.get(f"/h5p/{mine.uuid}/files/h5p.json").status_code == 200


def test_a_consent_scan_is_kept_under_the_private_prefix_and_reaches_only_its_organisers(
    bucket, client, django_capture_on_commit_callbacks
):
    organiser = OrganiserFactory()
    cohort = CohortFactory(organisers=[organiser])
    application = _minor(cohort, capture=django_capture_on_commit_callbacks)
    client.force_login(organiser)
    done = client.post(
        f"/ru/camps/organise/applications/{application.pk}/",
        {
            "paper_consent": "1",
            "given_by": "Гүлнара Осмонова",
            "signed_on": timezone.localdate().isoformat(),
            "scan": SimpleUploadedFile("consent.pdf", b"%PDF-1.4 signed", content_type="application/pdf"),
        },
    )
    assert done.status_code == 302
    consent = application.consents.get()
    (key,) = bucket.keys()
    assert key == f"private/{consent.scan.name}" and key.startswith("private/camps/consents/")
    assert bucket.read(key) == b"%PDF-1.4 signed"
    assert bucket.anonymous_status(key) == 403
    with pytest.raises(NotImplementedError):
        consent.scan.url  # noqa: B018 - a private file has no URL to hand out
    scan_url = f"/ru/camps/organise/consents/{consent.pk}/scan/"
    downloaded = client.get(scan_url)
    assert downloaded.status_code == 200 and body(downloaded) == b"%PDF-1.4 signed"
    client.force_login(OrganiserFactory())
    assert client.get(scan_url).status_code == 404
    client.logout()
    assert client.get(scan_url).status_code in (302, 404)
    # Erasing the applicant's data deletes the scan from the bucket.
    camps_services.applications_erase(user=application.applicant)
    assert bucket.keys() == []


def test_a_certificate_is_served_with_uploads_on_s3(bucket, client):
    organiser = OrganiserFactory()
    cohort = CohortFactory(organisers=[organiser])
    graduate = StudentFactory(preferred_language="ky")
    application = ApplicationFactory(cohort=cohort, applicant=graduate, status=Status.ATTENDED)
    (certificate,) = camps_services.cohort_graduate(
        cohort=cohort, by=organiser, application_ids=[application.pk]
    )
    client.force_login(graduate)
    response = client.get(f"/ky/camps/certificates/{certificate.code}.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'inline; filename="certificate-{certificate.code}.pdf"'
    assert bucket.keys() == []  # drawn from the database on each request: nothing to store


def test_images_have_plain_stable_urls_anyone_can_read(bucket, settings):
    from wagtail.images.models import Image as WagtailImage

    picture = io.BytesIO()
    Image.new("RGB", (40, 30), "#0b5cad").save(picture, "PNG")
    image = WagtailImage.objects.create(title="Flag", file=ContentFile(picture.getvalue(), name="flag.png"))
    rendition = image.get_rendition("width-20")
    keys = bucket.keys()
    assert f"media/{image.file.name}" in keys and f"media/{rendition.file.name}" in keys
    url = rendition.url
    # The same URL on every page (browsers and a module's offline copy cache it), with no signature in it.
    assert url == f"{bucket.endpoint}/{bucket.name}/media/{rendition.file.name}" == rendition.file.url
    with urllib.request.urlopen(url) as response:  # noqa: S310 - the test's own server, no key
        assert Image.open(io.BytesIO(response.read())).size == (20, 15)
    assert bucket.anonymous_status(f"media/{image.file.name}") == 200
    # Behind a proxy the URL names the address browsers reach; the app still talks to the store directly.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {
                **settings.STORAGES["default"]["OPTIONS"],
                "public_endpoint_url": "https://files.example",
            },
        },
    }
    assert (
        default_storage.url(rendition.file.name)
        == f"https://files.example/{bucket.name}/media/{rendition.file.name}"
    )
    assert default_storage.exists(rendition.file.name)


def test_any_other_name_gets_a_signed_url_and_the_bucket_setup_can_run_again(bucket):
    default_storage.save("h5p/packages/x/h5p.json", ContentFile(b"{}"))
    url = default_storage.url("h5p/packages/x/h5p.json")
    assert (
        url.startswith(f"{bucket.endpoint}/{bucket.name}/media/h5p/packages/x/h5p.json?")
        and "Signature=" in url
    )
    assert bucket.anonymous_status("media/h5p/packages/x/h5p.json") == 403
    out = io.StringIO()
    call_command("s3_bucket_setup", stdout=out)
    assert f"bucket {bucket.name}: exists" in out.getvalue()
    assert "anyone may read media/original_images/, media/images/; nothing else" in out.getvalue()
    assert bucket.anonymous_status("media/h5p/packages/x/h5p.json") == 403


@override_settings(WAGTAILDOCS_SERVE_METHOD="serve_view")
def test_a_document_is_streamed_by_wagtails_view_never_by_a_bucket_url(bucket, client):
    from wagtail.documents.models import Document

    document = Document.objects.create(title="Rules", file=ContentFile(b"%PDF rules", name="rules.pdf"))
    response = client.get(document.url)
    assert response.status_code == 200 and body(response) == b"%PDF rules"
    assert document.url.startswith("/documents/")
    assert bucket.anonymous_status(f"media/{document.file.name}") == 403
