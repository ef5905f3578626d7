"""Two app servers, one PostgreSQL and one Redis: what a load balancer in front of several `web` replicas
(docker/compose.yaml) relies on. Run by .ci/run against two gunicorns with production settings and the demo
data; prints what it checked and exits 1 if anything failed.

    python .ci/two_servers.py http://127.0.0.1:PORT_A http://127.0.0.1:PORT_B

- a session started on A (signing in) continues on B, and signing out on B ends it on A;
- a lesson page cached on B shows, at once, a new version published through A's admin (the cache and its
  invalidation live in Redis, not in either process);
- the last place of a camp, accepted through A and through B at the same moment, is taken once: the other
  server counts it and refuses (409), and both then show the cohort full.

What an editor or organiser would have prepared by hand (a draft, a nearly full cohort) is set up through the ORM
with the same settings; everything else goes through HTTP, as browsers and API clients do.
"""

import http.cookiejar
import json
import pathlib
import re
import secrets
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))  # the repository: config, camps...

failures = 0


def check(what, ok, detail=""):
    global failures
    print(f"{'ok  ' if ok else 'FAIL'} {what}{'' if ok else f'  ({detail})'}")
    failures += 0 if ok else 1


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's cookies, sent to whichever server a request goes to (as behind a load balancer)."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            _NoRedirect, urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def fetch(self, base, path, data=None, headers=None):
        # As the TLS proxy in front says; the Referer is what a browser sends with a form over HTTPS.
        headers = {"X-Forwarded-Proto": "https", **(headers or {})}
        if data is not None and not isinstance(data, bytes):
            data = urllib.parse.urlencode(data).encode()
            headers.setdefault("Referer", base.replace("http://", "https://", 1) + path)
        request = urllib.request.Request(base + path, data=data, headers=headers)  # noqa: S310 (our URL)
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        return response.status, dict(response.headers), response.read().decode("utf-8", "replace")

    def form(self, base, path, fields, *, form_path=None):
        """GET the form (for its CSRF token), then POST it."""
        _, _, page = self.fetch(base, form_path or path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return self.fetch(base, path, {"csrfmiddlewaretoken": token.group(1) if token else "", **fields})


def sessions(a, b, password):
    person = Browser()
    status, headers, _ = person.form(a, "/ky/accounts/login/", {"username": "student1", "password": password})
    check("student1 signs in on A", status == 302, status)
    status, _, body = person.fetch(b, "/ky/accounts/profile/")
    check(
        "the session goes on on B: the profile page knows student1",
        status == 200 and "student1" in body,
        status,
    )
    status, _, _ = person.form(b, "/ky/accounts/logout/", {}, form_path="/ky/accounts/profile/")
    check("student1 signs out on B", status == 302, status)
    status, headers, _ = person.fetch(a, "/ky/accounts/profile/")
    check(
        "the session has ended on A too (sent to sign in)",
        status == 302 and "/accounts/login/" in headers.get("Location", ""),
        f"{status} {headers.get('Location')}",
    )


def published_page(a, b, password):
    from django.contrib.auth import get_user_model

    from courses.models import LessonPage

    page = LessonPage.objects.live().filter(locale__language_code="ky").order_by("pk").first()
    url = page.get_url()
    reader = Browser()
    reader.fetch(b, url)
    status, headers, body = reader.fetch(b, url)
    check(
        f"{url} is served from the cache on B",
        status == 200 and headers.get("X-Civic-Cache") == "hit",
        f"{status} {headers.get('X-Civic-Cache')}",
    )
    marker = f"Жаңы {secrets.token_hex(4)}"
    page.title = f"{page.title} {marker}"
    page.save_revision(user=get_user_model().objects.get(username="admin"))  # a draft, not yet published
    status, _, body = reader.fetch(b, url)
    check("a draft changes nothing on B", status == 200 and marker not in body, status)

    editor = Browser()
    status, _, _ = editor.form(a, "/admin/login/", {"username": "admin", "password": password})
    check("the editor signs in to the admin on A", status == 302, status)
    bulk = f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}"
    status, _, body = editor.form(a, bulk, {})
    check("the editor publishes the draft through A", status == 302, f"{status} {body[:300]}")
    status, headers, body = reader.fetch(b, url)
    check(
        "B serves the published version at once",
        status == 200 and marker in body,
        f"{status} {headers.get('X-Civic-Cache')}",
    )
    status, _, body = reader.fetch(a, url)
    check("and so does A", status == 200 and marker in body, status)


def last_place(a, b, password):
    from django.utils import timezone

    from camps.models import Application, Cohort, Region, Status

    cohort = (
        Cohort.objects.filter(organisers__username="organiser1", starts_on__gt=timezone.localdate())
        .order_by("-starts_on")
        .first()
    )
    held = Application.objects.filter(cohort=cohort).places_held()
    Cohort.objects.filter(pk=cohort.pk).update(capacity=held + 1)  # one place left
    contenders = [
        Application.objects.create(
            cohort=cohort, full_name=f"Талапкер {n}", region=Region.values[0], status=Status.SUBMITTED
        )
        for n in (1, 2)
    ]

    organiser = Browser()
    status, _, body = organiser.fetch(
        a,
        "/api/v1/auth/token/",
        json.dumps({"username": "organiser1", "password": password}).encode(),
        {"Content-Type": "application/json"},
    )
    token = json.loads(body).get("token") if status == 200 else None
    check("organiser1 gets an API token on A", bool(token), f"{status} {body[:200]}")
    auth = {"Authorization": f"Token {token}", "Content-Type": "application/json"}

    status, _, body = Browser().fetch(b, f"/api/v1/cohorts/{cohort.pk}/", headers=auth)
    before = json.loads(body) if status == 200 else {}
    check("B shows one place left", before.get("places_left") == 1, f"{status} {body[:200]}")

    results = {}
    start = threading.Barrier(2)

    def accept(server, application):
        start.wait()
        results[server] = Browser().fetch(
            server,
            f"/api/v1/applications/{application.pk}/decision/",
            json.dumps({"decision": "accept"}).encode(),
            auth,
        )[0]

    threads = [threading.Thread(target=accept, args=(s, c)) for s, c in zip((a, b), contenders, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check(
        "the last place accepted through A and through B at once: taken once, the other refused",
        sorted(results.values()) == [200, 409],
        results,
    )
    for name, server in (("A", a), ("B", b)):
        status, _, body = Browser().fetch(server, f"/api/v1/cohorts/{cohort.pk}/", headers=auth)
        after = json.loads(body) if status == 200 else {}
        check(
            f"{name} counts the place: {held + 1} taken, none left",
            (after.get("places_taken"), after.get("places_left")) == (held + 1, 0),
            f"{status} {body[:200]}",
        )
    accepted = Application.objects.filter(pk__in=[c.pk for c in contenders], status=Status.ACCEPTED).count()
    check("exactly one of the two is accepted in the database", accepted == 1, accepted)


def main():
    import os

    import django

    django.setup()
    a, b = sys.argv[1].rstrip("/"), sys.argv[2].rstrip("/")
    password = os.environ.get("CIVIC_DEMO_PASSWORD", "civic-demo")
    sessions(a, b, password)
    published_page(a, b, password)
    last_place(a, b, password)
    print(f"{failures} failed" if failures else "two servers: all checks passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
