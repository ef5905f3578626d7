"""Benchmark: how many registrations per second POST /api/v1/events/{id}/registrations/ accepts on PostgreSQL
with 64 concurrent clients (token auth, a distinct alumnus for every registration) registering for one event of
capacity 100, beside /healthz under the same load in the same run; then the count of confirmed registrations
(must equal the capacity) and of wait-listed ones (the rest). Starts its own gunicorn with production settings on
127.0.0.1 and its own database.

    .venv/bin/python bench/alumni.py           # BENCH_PG=postgres://postgres@127.0.0.1:5433 by default
"""

import http.client
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5433")
DB_NAME = "civic_bench_alumni"
PORT = int(os.environ.get("BENCH_PORT", "8193"))
CLIENTS = 64
CAPACITY = 100
REGISTRATIONS = int(os.environ.get("BENCH_REGISTRATIONS", "1000"))
HEALTH_REQUESTS = int(os.environ.get("BENCH_HEALTH_REQUESTS", "3200"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
TIME_LIMIT = 300  # seconds for each phase, whatever happens

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "SECURE_SSL_REDIRECT": "False",
    "SESSION_COOKIE_SECURE": "False",
    "CSRF_COOKIE_SECURE": "False",
    "EMAIL_URL": "dummymail://",
    "LOG_LEVEL": "WARNING",
    "CONN_MAX_AGE": "60",
}

SETUP = """
import datetime as dt, json
from django.contrib.auth.models import Group
from django.utils import timezone
from rest_framework.authtoken.models import Token
from wagtail.models import Locale, Page
from accounts import roles
from accounts.models import User
from accounts.services import roles_ensure
from alumni.models import EventIndexPage, EventPage, ForumEvent

roles_ensure()
locale = Locale.objects.get_or_create(language_code="ky")[0]
root = Page.get_first_root_node()
index = EventIndexPage(title="Бүтүрүүчүлөрдүн форуму", slug="bench-forum", locale=locale)
root.add_child(instance=index)
start = timezone.now() + dt.timedelta(days=30)
event = ForumEvent.objects.create(
    name="Bench", starts_at=start, ends_at=start + dt.timedelta(hours=6), capacity=CAPACITY,
    registration_opens_at=timezone.now() - dt.timedelta(days=1), registration_closes_at=start - dt.timedelta(days=1),
)
page = EventPage(title="Бүтүрүүчүлөрдүн жылдык форуму", slug="bench-event", locale=locale, event=event)
index.add_child(instance=page)
page.save_revision().publish()
User.objects.bulk_create(
    User(username=f"bench{i:05d}", email=f"bench{i:05d}@example.org", password="!") for i in range(N)
)
users = list(User.objects.filter(username__startswith="bench").order_by("pk"))
alumni = Group.objects.get(name=roles.group_name(roles.ALUMNUS))
User.groups.through.objects.bulk_create(User.groups.through(user_id=u.pk, group_id=alumni.pk) for u in users)
tokens = Token.objects.bulk_create(Token(user=u, key=Token.generate_key()) for u in users)
print(json.dumps({"event": event.pk, "tokens": [t.key for t in tokens]}))
"""

COUNT = """
from alumni.models import Registration
rows = dict(Registration.objects.filter(event_id=EVENT).values_list("status").annotate(n=__import__("django").db.models.Count("pk")))
print(rows.get("confirmed", 0), rows.get("waitlisted", 0), sum(rows.values()))
"""


def _psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _prepare() -> dict:
    _psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{DB_NAME}"')
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=ENV, check=True)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env={**ENV, "STATIC_ROOT": str(ROOT / "var" / "bench-static")},
        check=True,
    )
    out = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            SETUP.replace("range(N)", f"range({REGISTRATIONS})").replace("CAPACITY", str(CAPACITY)),
        ],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _start_gunicorn() -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--preload",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**ENV, "STATIC_ROOT": str(ROOT / "var" / "bench-static")},
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def _load(jobs: list, send) -> tuple[float, dict]:
    """Run `jobs` through CLIENTS threads, each with its own keep-alive connection; return seconds and codes."""
    lock = threading.Lock()
    codes: dict[int, int] = {}
    position = [0]
    started = time.monotonic()

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        while time.monotonic() - started < TIME_LIMIT:
            with lock:
                if position[0] >= len(jobs):
                    break
                job = jobs[position[0]]
                position[0] += 1
            try:
                status = send(conn, job)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                status = 0
            with lock:
                codes[status] = codes.get(status, 0) + 1
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - started, codes


def main() -> int:
    print(
        f"alumni bench: gunicorn {WORKERS} workers, {CLIENTS} concurrent clients, one event of capacity {CAPACITY}, "
        f"{REGISTRATIONS} alumni, PostgreSQL {PG}/{DB_NAME}"
    )
    setup = _prepare()
    event, tokens = setup["event"], setup["tokens"]
    server = _start_gunicorn()
    try:

        def post_registration(conn, token):
            conn.request(
                "POST",
                f"/api/v1/events/{event}/registrations/",
                body=b"{}",
                headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
            )
            response = conn.getresponse()
            response.read()
            return response.status

        def get_health(conn, _job):
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            response.read()
            return response.status

        _load(list(range(200)), get_health)  # warm up every worker
        seconds, codes = _load(tokens, post_registration)
        created = codes.get(201, 0)
        rate = created / seconds
        h_seconds, h_codes = _load(list(range(HEALTH_REQUESTS)), get_health)
        health_rate = h_codes.get(200, 0) / h_seconds
        counted = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", COUNT.replace("EVENT", str(event))],
            cwd=ROOT,
            env=ENV,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        confirmed, waiting, total = (int(n) for n in counted.strip().splitlines()[-1].split())
        print(
            f"registrations: {created} created in {seconds:.2f} s -> {rate:.1f} registrations/s  codes={codes}"
        )
        print(
            f"/healthz:      {h_codes.get(200, 0)} in {h_seconds:.2f} s -> {health_rate:.1f} requests/s  codes={h_codes}"
        )
        print(f"ratio registrations/healthz: {rate / health_rate:.3f}")
        print(
            f"after the run: {confirmed} confirmed (capacity {CAPACITY}), {waiting} waiting, {total} in all"
        )
        ok = created == len(tokens) and confirmed == CAPACITY and waiting == total - CAPACITY
        return 0 if ok else 1
    finally:
        server.terminate()
        server.wait(timeout=30)
        _psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
