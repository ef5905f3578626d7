"""H5P end to end in Debian's Chromium (browser fixture from tests/e2e/conftest.py): upload in the Wagtail
admin, play in h5p-standalone under our strict CSP, xAPI score stored, resume state restored after a reload."""

import time

import pytest
from django.contrib.auth.models import Permission
from django.db import OperationalError

from courses.h5p.models import H5PPackage, H5PState, XAPIStatement
from tests.factories import PASSWORD, UserFactory
from tests.h5p.helpers import demo_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def wait_until(page, expression: str, timeout: float = 15.0):
    """Poll with page.evaluate: wait_for_function evaluates strings, which our CSP (no unsafe-eval) blocks."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(expression):
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {expression}")


def db_read(read, timeout: float = 10.0):
    """Read the database the live server writes to. On SQLite the test database is one in-memory database shared
    with the server's thread and locked a table at a time: a read that meets the server's write is tried again."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return read()
        except OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(0.05)


def wait_for_db(check, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db_read(check):
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for the database")


def wait_until_quiet(counts, settle: float = 1.0, timeout: float = 10.0):
    """Wait until what the browser may still send (statements, its state when the page is hidden) has stopped
    arriving, so the test's end (a flush of every table) meets no write in flight."""
    deadline = time.monotonic() + timeout
    last, since = db_read(counts), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < settle:
        time.sleep(0.1)
        now = db_read(counts)
        if now != last:
            last, since = now, time.monotonic()


def log_in(page, base: str, username: str, password: str = PASSWORD, language: str = "en"):
    page.goto(f"{base}/{language}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit], main form input[type=submit]").first.click()


def test_h5p_upload_play_score_and_resume(live_server, browser, tmp_path):
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
    learner = UserFactory(username="learner")
    package_file = tmp_path / "rights.h5p"
    package_file.write_bytes(demo_bytes("en"))
    base = live_server.url
    errors: list[str] = []

    # 1. An editor uploads the package in the Wagtail admin.
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
    assert package.title == "Your rights: agree or disagree?"
    context.close()

    # 2. A learner opens the activity: the player starts only then, under the site's CSP.
    context = browser.new_context()
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    log_in(page, base, "learner")
    page.goto(f"{base}/en/h5p/{package.pk}/")
    assert not [u for u in requested if "main.bundle.js" in u], "the player must not load before it is opened"
    page.get_by_role("button", name="Open the activity").click()
    wait_until(page, "document.querySelector('[data-h5p-activity]').dataset.ready === '1'")
    statements = page.locator(".h5p-civic-statement")
    assert statements.count() == 5
    statements.nth(0).locator("button.h5p-civic-agree").click()
    statements.nth(1).locator("button.h5p-civic-disagree").click()
    wait_until(page, "Number(document.querySelector('[data-h5p-activity]').dataset.xapiSent || 0) >= 2")
    wait_until(page, "!!document.querySelector('[data-h5p-activity]').dataset.stateSaved")
    wait_for_db(lambda: H5PState.objects.filter(user=learner, package=package).exists())

    # 3. After a reload the learner resumes: the two answers are still there.
    page.reload()
    page.get_by_role("button", name="Open the activity").click()
    wait_until(page, "document.querySelector('[data-h5p-activity]').dataset.ready === '1'")
    assert page.locator(".h5p-civic-statement button[aria-pressed=true]").count() == 2
    # Two right answers so far; answer the rest: agree, agree, agree -> 1 wrong (statement 3 is "disagree").
    for index in (2, 3, 4):
        statements.nth(index).locator("button.h5p-civic-agree").click()
    page.locator(".h5p-civic-score").wait_for()
    assert "4 of 5" in page.locator(".h5p-civic-score").inner_text()

    # 4. The completed statement, with its client-reported score, is stored for the learner.
    wait_for_db(lambda: XAPIStatement.objects.filter(user=learner, verb__endswith="/completed").exists())
    context.close()
    wait_until_quiet(lambda: (XAPIStatement.objects.count(), H5PState.objects.count()))
    done = XAPIStatement.objects.get(user=learner, verb__endswith="/completed")
    assert (done.score_raw, done.score_max, done.completion, done.success) == (4, 5, True, True)
    assert done.is_package_level and done.client_reported
    assert XAPIStatement.objects.filter(user=learner, verb__endswith="/answered").count() == 5
    csp_errors = [e for e in errors if "Content Security Policy" in e]
    assert not csp_errors, csp_errors
