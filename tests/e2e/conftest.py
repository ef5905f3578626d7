"""A real Chromium (Debian's) driven by Playwright against pytest-django's live server."""

import os
import shutil
import threading

import pytest

CHROMIUM = os.environ.get("CIVIC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium is required for end-to-end tests: {CHROMIUM} not found (make test installs it)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class _OneAtATime:
    """A WSGI application that lets one request in at a time, from its call until its answer is closed."""

    def __init__(self, application):
        self.application = application
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        self.lock.acquire()
        try:
            answer = self.application(environ, start_response)
        except BaseException:
            self.lock.release()
            raise
        return _ReleaseOnClose(answer, self.lock)


class _ReleaseOnClose:
    def __init__(self, answer, lock):
        self.answer, self.lock = answer, lock

    def __iter__(self):
        return iter(self.answer)

    def close(self):
        try:
            if hasattr(self.answer, "close"):
                self.answer.close()
        finally:
            self.lock.release()


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time():
    """On in-memory SQLite the live server's threads share the test's one connection, so two requests at once
    (a page and its service worker, say) can break each other's transaction. There the live server still
    accepts connections in threads (a browser's idle, pre-opened sockets block nothing) but runs one request
    at a time, whichever e2e module starts it first. PostgreSQL gives each thread its own connection."""
    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.db import connection
    from django.test.testcases import LiveServerThread

    class Server(ThreadedWSGIServer):
        def set_app(self, application):
            super().set_app(_OneAtATime(application))

    original = LiveServerThread.server_class
    if connection.vendor == "sqlite":
        LiveServerThread.server_class = Server
    yield
    LiveServerThread.server_class = original


@pytest.fixture(autouse=True)
def _close_what_the_test_opened(request):
    """A test that fails half-way leaves its browser context open; its pages (a service worker, a player saving
    state) would keep calling the live server while the next test's database is flushed. Every context a test
    opened is closed when it ends, pass or fail."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    before = set(browser.contexts)
    yield
    for context in browser.contexts:
        if context not in before:
            context.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ky-KG", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
