"""H5P with uploads on S3, in Debian's Chromium: an editor uploads a package in the Wagtail admin, it lands in the
bucket (moto's S3 server, started by the test), and a learner plays it: every file the player asks for comes out
of the bucket through the package-file view, under the site's CSP."""

import pytest
from django.contrib.auth.models import Permission

from courses.h5p.models import H5PPackage
from tests.core.test_s3_storage import bucket, s3_endpoint  # noqa: F401 - fixtures
from tests.e2e.test_h5p import db_read, log_in, wait_for_db, wait_until
from tests.factories import PASSWORD, UserFactory
from tests.h5p.helpers import demo_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_h5p_package_uploaded_to_s3_plays_in_the_browser(live_server, browser, bucket, tmp_path):  # noqa: F811
    editor = UserFactory(username="editor", is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["h5p", "wagtailadmin"],
            codename__in=[
                "access_admin",
                "add_h5ppackage",
                "change_h5ppackage",
                "view_h5ppackage",
                "install_library",
            ],
        )
    )
    UserFactory(username="learner")
    package_file = tmp_path / "rights.h5p"
    package_file.write_bytes(demo_bytes("en"))
    base = live_server.url

    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(f"{base}/admin/h5p_packages/new/")
    page.set_input_files("input[name=file]", str(package_file))
    page.locator("form [type=submit]").last.click()
    page.wait_for_load_state()
    wait_for_db(lambda: H5PPackage.objects.exists())
    package = db_read(H5PPackage.objects.get)
    folder = f"media/{package.storage_folder}/"
    assert f"{folder}h5p.json" in bucket.keys(folder)
    context.close()

    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    served: dict[str, int] = {}
    page.on("response", lambda r: served.__setitem__(r.url.removeprefix(base), r.status))
    log_in(page, base, "learner")
    page.goto(f"{base}/en/h5p/{package.pk}/")
    page.get_by_role("button", name="Open the activity").click()
    wait_until(page, "document.querySelector('[data-h5p-activity]').dataset.ready === '1'")
    statements = page.locator(".h5p-civic-statement")
    assert statements.count() == 5
    statements.nth(0).locator("button.h5p-civic-agree").click()
    assert statements.nth(0).locator("button[aria-pressed=true]").count() == 1
    context.close()

    package_files = {
        url: status for url, status in served.items() if url.startswith(f"/h5p/{package.uuid}/files/")
    }
    assert f"/h5p/{package.uuid}/files/h5p.json" in package_files
    assert f"/h5p/{package.uuid}/files/content/content.json" in package_files
    assert any("/H5P.CivicStatements-1.0/" in url for url in package_files)
    assert set(package_files.values()) == {200}, package_files
    assert not [e for e in errors if "Content Security Policy" in e], errors
