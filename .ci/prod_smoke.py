"""Production smoke test: the settings, entrypoint and gunicorn config of docker/ against real PostgreSQL and
Redis, as an operator meets them. Run by .ci/run; prints what it checked and exits 1 if anything failed.

    python .ci/prod_smoke.py web http://127.0.0.1:PORT   # the running server, as browsers and API clients see it
    python .ci/prod_smoke.py worker MAIL_DIR             # then, after `rqworker --burst`: the queued work done
"""

import http.cookiejar
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

HTTPS = {"X-Forwarded-Proto": "https"}  # as the TLS proxy in front of gunicorn says
failures = 0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(
    NoRedirect, urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
)
BASE = ""


def fetch(path, data=None, headers=None):
    headers = {**HTTPS, **(headers or {})}
    if isinstance(data, dict):
        data = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(BASE + path, data=data, headers=headers)  # noqa: S310 (our http URL)
    try:
        response = opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    return response.status, dict(response.headers), response.read().decode("utf-8", "replace")


def check(what, ok, detail=""):
    global failures
    print(f"{'ok  ' if ok else 'FAIL'} {what}{'' if ok else f'  ({detail})'}")
    failures += 0 if ok else 1


def password_reset_request(language, condition):
    """Fetch the password reset form in `language` and post it for student1; the post's status (None when the
    form was not served, which is a failed check already)."""
    path = f"/{language}/accounts/password/reset/"
    status, _, body = fetch(path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    check(f"{condition}the password reset form is served", status == 200 and bool(token), status)
    if not token:
        return None
    status, _, _ = fetch(
        path,
        data={"csrfmiddlewaretoken": token.group(1), "email": "student1@example.org"},
        headers={"Referer": BASE.replace("http://", "https://", 1) + path},
    )
    return status


def web():
    status, headers, _ = fetch("/healthz")
    check("GET /healthz is 200", status == 200, status)
    check("every response carries a request id", len(headers.get("X-Request-ID", "")) == 32, headers)
    status, _, _ = fetch("/metrics")
    check("GET /metrics without the token does not exist (404)", status == 404, status)
    token = os.environ.get("METRICS_TOKEN", "")
    status, _, body = fetch("/metrics", headers={"Authorization": f"Bearer {token}"})
    check(
        "GET /metrics with the token: request latency by view and the task queue's depth",
        status == 200
        and "django_http_requests_latency_seconds_by_view_method" in body
        and 'civic_task_queue_waiting{queue="default"}' in body,
        f"{status} {body[:200]}",
    )
    status, _, body = fetch("/readyz")
    check("GET /readyz is 200 (PostgreSQL and Redis answer)", status == 200, f"{status} {body[:200]}")
    status, headers, _ = fetch("/", headers={"Accept-Language": "ru,en;q=0.5"})
    check(
        "/ sends a Russian reader to /ru/",
        status == 302 and headers.get("Location", "").endswith("/ru/"),
        status,
    )

    css = None
    for language in ("ky", "ru", "en"):
        status, headers, body = fetch(f"/{language}/")
        check(
            f"/{language}/ is 200 with lang={language}",
            status == 200 and f'lang="{language}"' in body,
            status,
        )
        check(f"/{language}/ has a CSP header", "Content-Security-Policy" in headers, list(headers))
        check(f"/{language}/ has HSTS behind TLS", "Strict-Transport-Security" in headers, list(headers))
        found = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', body)
        css = css or (found and found.group(1))
    check("pages link static files by hashed name (manifest storage)", bool(css), "no hashed .css link")
    if css:
        status, headers, _ = fetch(css, headers={"Accept-Encoding": "gzip"})
        check(
            "whitenoise serves the hashed CSS, cached for a year",
            status == 200 and "max-age=31536000" in headers.get("Cache-Control", ""),
            f"{status} {headers.get('Cache-Control')}",
        )

    status, _, body = fetch("/ky/no-such-page/")
    check(
        "a missing page is a 404 page in Kyrgyz, no stack trace",
        status == 404 and "Traceback" not in body,
        status,
    )

    status, _, body = fetch("/api/v1/schema/?format=json")
    check(
        "the OpenAPI schema is served",
        status == 200 and json.loads(body).get("openapi", "").startswith("3"),
        status,
    )
    status, _, body = fetch(
        "/api/v1/auth/token/",
        data=json.dumps({"username": "student1", "password": "civic-demo"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    issued = json.loads(body) if status == 200 else {}
    token = issued.get("token")
    check(
        "POST /api/v1/auth/token/ gives student1 a token and its expiry",
        bool(token) and bool(issued.get("expiry")),
        f"{status} {body[:200]}",
    )
    if token:
        status, _, body = fetch("/api/v1/me/", headers={"Authorization": f"Token {token}"})
        check(
            "GET /api/v1/me/ knows student1",
            status == 200 and json.loads(body)["username"] == "student1",
            status,
        )
        status, _, _ = fetch("/api/v1/auth/logout/", data=b"", headers={"Authorization": f"Token {token}"})
        check("POST /api/v1/auth/logout/ revokes the token", status == 204, status)
        status, _, _ = fetch("/api/v1/me/", headers={"Authorization": f"Token {token}"})
        check("a revoked token is refused", status == 401, status)
    status, _, body = fetch("/api/v1/me/", headers={"Accept-Language": "ru"})
    check(
        "the anonymous get one JSON error shape, in Russian",
        status in (401, 403) and '"error"' in body,
        status,
    )

    # Password reset: the page answers at once, the mail is a task in Redis that the worker sends (see .ci/run).
    status = password_reset_request("ru", "")
    check("the password reset request is accepted", status == 302, status)


def worker(mail_dir):
    """Everything queued (Wagtail's index updates from the demo pages, the reset mail, the clock's periodic
    tasks) ran, none failed."""
    import pathlib

    import django

    sys.path.insert(
        0, str(pathlib.Path(__file__).resolve().parent.parent)
    )  # the repository: config, accounts
    django.setup()
    import django_rq

    queue = django_rq.get_queue("default")
    check(
        "the task worker left no failed jobs",
        queue.failed_job_registry.count == 0,
        queue.failed_job_registry.count,
    )
    check("the task worker left no job waiting", queue.count == 0, queue.count)
    import email
    import email.policy

    from django.utils import translation

    mails = []
    for path in pathlib.Path(mail_dir).iterdir():  # the file backend: messages divided by lines of dashes
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                mails.append(email.message_from_string(chunk.strip() + "\n", policy=email.policy.default))
    from accounts.models import User

    language = User.objects.get(username="student1").preferred_language
    with translation.override(language):
        subject = translation.gettext("Civic: choose a new password")
    check(
        f"the worker sent student1 the password reset mail in their language ({language})",
        any(m["To"] == "student1@example.org" and str(m["Subject"]).strip() == subject for m in mails),
        [(m["To"], m["Subject"]) for m in mails],
    )


def recovered():
    """After PostgreSQL restarted under load: the same gunicorn answers (kept connections are checked)."""
    statuses = [fetch(path)[0] for path in ("/ky/", "/readyz", "/api/v1/modules/", "/ky/", "/ru/") * 3]
    check(
        "after PostgreSQL's restart every request answers 200 (no restart of the app)",
        set(statuses) == {200},
        statuses,
    )


def redis_down(mail_dir):
    """With Redis stopped: pages and the API answer from the database, /readyz says 503, and a mail that would
    have been queued is sent at once."""
    import pathlib

    for path in ("/ky/", "/ru/", "/api/v1/modules/"):
        status, _, _ = fetch(path)
        check(f"with Redis down, {path} answers 200", status == 200, status)
    status, _, body = fetch("/readyz")
    check(
        "with Redis down, /readyz says 503 (cache unavailable)",
        status == 503 and "unavailable" in body,
        status,
    )
    before = sum(1 for _ in pathlib.Path(mail_dir).iterdir())
    status = password_reset_request("ky", "with Redis down, ")
    after = sum(1 for _ in pathlib.Path(mail_dir).iterdir())
    check(
        "with Redis down, the reset mail is sent at once", status == 302 and after > before, (status, after)
    )


if sys.argv[1] == "web":
    BASE = sys.argv[2]
    web()
elif sys.argv[1] == "recovered":
    BASE = sys.argv[2]
    recovered()
elif sys.argv[1] == "redis-down":
    BASE = sys.argv[2]
    redis_down(sys.argv[3])
else:
    worker(sys.argv[2])
sys.exit(1 if failures else 0)
