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


class _Served:
    """The live server's application, wrapped: it counts the requests in flight (from the call until the answer
    is closed), so that a test's end can wait for them before its database is emptied; between two tests it lets
    nothing in (the database is then flushed and loaded back, on SQLite through the one connection the server's
    threads share); and on in-memory SQLite it lets one request in at a time."""

    def __init__(self, application, *, one_at_a_time: bool):
        self.application = application
        self.one_at_a_time = threading.Lock() if one_at_a_time else None
        self.idle = threading.Condition()
        self.in_flight = 0
        self.closed = False

    def __call__(self, environ, start_response):
        with self.idle:
            if self.closed:  # between two tests: nothing reaches Django or the database
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"between tests"]
            self.in_flight += 1
        if self.one_at_a_time is not None:
            self.one_at_a_time.acquire()
        try:
            answer = self.application(environ, start_response)
        except BaseException:
            self._done()
            raise
        return _DoneOnClose(answer, self._done)

    def _done(self):
        with self.idle:
            self.in_flight -= 1
            self.idle.notify_all()
        if self.one_at_a_time is not None:
            self.one_at_a_time.release()

    def close(self, seconds: float) -> bool:
        """Let no new request in (a browser's stray one gets a 503) and wait for those in flight."""
        with self.idle:
            self.closed = True
            return self.idle.wait_for(lambda: self.in_flight == 0, timeout=seconds)

    def open(self) -> None:
        with self.idle:
            self.closed = False


class _DoneOnClose:
    def __init__(self, answer, done):
        self.answer, self.done = answer, done

    def __iter__(self):
        return iter(self.answer)

    def close(self):
        try:
            if hasattr(self.answer, "close"):
                self.answer.close()
        finally:
            self.done()


_SERVED: list[_Served] = []  # the live server's application, once it has started


@pytest.fixture(scope="session", autouse=True)
def _live_server_application():
    """On in-memory SQLite the live server's threads share the test's one connection, so two requests at once
    (a page and its service worker, say) can break each other's transaction. There the live server still
    accepts connections in threads (a browser's idle, pre-opened sockets block nothing) but runs one request
    at a time, whichever e2e module starts it first. PostgreSQL gives each thread its own connection. Either
    way the requests in flight are counted (see _close_what_the_test_opened)."""
    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.db import connection
    from django.test.testcases import LiveServerThread

    one_at_a_time = connection.vendor == "sqlite"

    class Server(ThreadedWSGIServer):
        def set_app(self, application):
            served = _Served(application, one_at_a_time=one_at_a_time)
            _SERVED.append(served)
            super().set_app(served)

    original = LiveServerThread.server_class
    LiveServerThread.server_class = Server
    yield
    LiveServerThread.server_class = original


@pytest.fixture(autouse=True)
def _close_what_the_test_opened(request):
    """A test's end empties its database (a flush). Before that, every browser context the test opened is
    closed, pass or fail, and the requests its pages had already sent (a player saving state, a service worker)
    are waited for: one still running would hold locks the flush needs (PostgreSQL finds a deadlock) or, on
    SQLite, write into the emptied tables."""
    if "browser" not in request.fixturenames:
        yield
        return
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")  # set up first, so its flush comes after this teardown
        # The data just reloaded may give content types other ids than the cache holds: a fixture that builds
        # pages during set-up (demo_site) must see the reloaded ones (tests/conftest.py refreshes them too,
        # but only once every fixture is set up).
        from tests.conftest import _content_types_from_the_database

        _content_types_from_the_database()
    browser = request.getfixturevalue("browser")
    before = set(browser.contexts)
    for served in _SERVED:
        served.open()
    yield
    for context in browser.contexts:
        if context not in before:
            context.close()
    for served in _SERVED:
        assert served.close(30), "the live server was still answering 30 s after the test's end"


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ky-KG", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
