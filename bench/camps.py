"""Benchmark: how many applications per second POST /api/v1/cohorts/{id}/applications/ accepts on PostgreSQL
with 32 concurrent clients (token auth, a distinct user for every application), and the ratio to /healthz
under the same load. Starts its own gunicorn with production settings on 127.0.0.1 and its own database.

    .venv/bin/python bench/camps.py            # BENCH_PG=postgres://postgres@127.0.0.1:5433 by default
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
DB_NAME = "civic_bench_camps"
PORT = int(os.environ.get("BENCH_PORT", "8192"))
CLIENTS = 32
APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", "1600"))
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
from django.utils import timezone
from wagtail.models import Locale, Page
from accounts.models import User
from accounts.services import roles_ensure, token_issue
from camps.models import Cohort, ProgrammeIndexPage, ProgrammePage

roles_ensure()
locale = Locale.objects.get_or_create(language_code="ky")[0]
root = Page.get_first_root_node()
index = ProgrammeIndexPage(title="Программалар", slug="bench-programmes", locale=locale)
root.add_child(instance=index)
programme = ProgrammePage(title="Демократия лагери", slug="bench-camp", locale=locale)
index.add_child(instance=programme)
cohort = Cohort.objects.create(
    programme=programme, name="Bench", region="bishkek", starts_on=timezone.localdate() + dt.timedelta(days=60),
    ends_on=timezone.localdate() + dt.timedelta(days=65), applications_open_at=timezone.now() - dt.timedelta(days=1),
    applications_close_at=timezone.now() + dt.timedelta(days=30), capacity=100, min_age=14, max_age=30,
)
users = User.objects.bulk_create(
    User(username=f"bench{i:05d}", email=f"bench{i:05d}@example.org", password="!") for i in range(N)
)
users = list(User.objects.filter(username__startswith="bench").order_by("pk"))
tokens = [token_issue(user=u)[1] for u in users]  # knox keeps digests only: the tokens are known just here
print(json.dumps({"cohort": cohort.pk, "tokens": tokens}))
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
        [PYTHON, "manage.py", "shell", "-c", SETUP.replace("range(N)", f"range({APPLICATIONS})")],
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
    print(f"camps bench: gunicorn {WORKERS} workers, {CLIENTS} concurrent clients, PostgreSQL {PG}/{DB_NAME}")
    setup = _prepare()
    cohort, tokens = setup["cohort"], setup["tokens"]
    server = _start_gunicorn()
    try:
        body_template = {
            "full_name": "Бенч Катышуучу",
            "date_of_birth": "2005-05-05",
            "region": "bishkek",
            "contact_email": "bench@example.org",
        }

        def post_application(conn, token):
            conn.request(
                "POST",
                f"/api/v1/cohorts/{cohort}/applications/",
                body=json.dumps(body_template),
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
        seconds, codes = _load(tokens, post_application)
        created = codes.get(201, 0)
        apps_rate = created / seconds
        h_seconds, h_codes = _load(list(range(HEALTH_REQUESTS)), get_health)
        health_rate = h_codes.get(200, 0) / h_seconds
        print(
            f"applications: {created} created in {seconds:.2f} s -> {apps_rate:.1f} applications/s  codes={codes}"
        )
        print(
            f"/healthz:     {h_codes.get(200, 0)} in {h_seconds:.2f} s -> {health_rate:.1f} requests/s  codes={h_codes}"
        )
        print(f"ratio applications/healthz: {apps_rate / health_rate:.3f}")
        return 0 if created == len(tokens) else 1
    finally:
        server.terminate()
        server.wait(timeout=30)
        _psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
