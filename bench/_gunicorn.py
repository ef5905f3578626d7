"""What the PostgreSQL benchmarks share: production settings for a local run, the database and cache checks,
gunicorn started and stopped, signed-in learners made without the log-in form, and load from client processes
that records every request's latency.

A figure is only comparable with /healthz measured in the same run (the machine is shared), so every script
alternates its own requests with /healthz in rounds and prints the ratios.
"""

import json
import multiprocessing
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def settings_env(*, db_url: str, redis_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="bench-secret-key-not-for-production-0123456789abcdefghijkl",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PUBLIC_BASE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="False",
        SESSION_COOKIE_SECURE="False",
        CSRF_COOKIE_SECURE="False",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=db_url,
        STATIC_ROOT=str(ROOT / "var" / "bench" / "static"),
        LOG_LEVEL="WARNING",
        LOG_FORMAT="text",
    )
    env.pop("CACHE_URL", None)
    # prometheus_client goes multi-process when the variable is set at all, even empty (files in the cwd).
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


def database_and_cache(*, sqlite: str = "") -> tuple[str, str]:
    """DATABASE_URL (PostgreSQL: these figures are about it) and REDIS_URL (as in production) from the
    environment; the database is created when missing. Without PostgreSQL the script says so and stops (with
    success: `make bench` runs the others), unless it names a `sqlite` file (in var/bench/) to use instead."""
    db_url = os.environ.get("DATABASE_URL", "")
    if sqlite and not db_url:
        (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
        db_url = f"sqlite:///{ROOT / 'var' / 'bench' / sqlite}"
    if sqlite and db_url.startswith("sqlite:"):
        return db_url, os.environ.get("REDIS_URL", "")
    if not db_url.startswith(("postgres://", "postgresql://")):
        print(
            "skipped: set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/civic_bench "
            "(created when missing), and REDIS_URL to a Redis database, e.g. redis://127.0.0.1:6379/9."
        )
        raise SystemExit(0)
    import psycopg

    base, name = db_url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return db_url, os.environ.get("REDIS_URL", "")


def manage(env: dict, *args, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        text=True,
    )
    return result.stdout or ""


def prepare(env: dict, *, collectstatic: bool, demo: bool = True) -> None:
    """Migrations and the demo (under development settings: production refuses demo data), static files."""
    seed_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    manage(seed_env, "migrate", "--noinput")
    if demo:
        manage(seed_env, "seed_demo", "--quiet-logins")
    if collectstatic and not (Path(env["STATIC_ROOT"]) / "staticfiles.json").exists():
        manage(env, "collectstatic", "--noinput")


# Run inside `manage.py shell` with BENCH_PREFIX and BENCH_LEARNERS set: that many learners (made once), a
# session for each (written as the log-in form would, through the session store) and their ids; with
# BENCH_USERNAMES (comma-separated) instead, sessions for those existing users. With BENCH_TOKENS set, an API
# token for each too (issued as a device's log-in is: knox keeps digests only, the tokens are known just here).
MAKE_LEARNERS = r"""
import json, os
from accounts.services import token_issue
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.cached_db import SessionStore
from accounts.models import User

if os.environ.get("BENCH_USERNAMES"):
    names = os.environ["BENCH_USERNAMES"].split(",")
else:
    prefix, count = os.environ["BENCH_PREFIX"], int(os.environ["BENCH_LEARNERS"])
    names = [f"{prefix}{n:05d}" for n in range(count)]
    have = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    password = make_password("civic-demo")
    User.objects.bulk_create([User(username=n, first_name="Окуучу", last_name=n[-5:], password=password) for n in names if n not in have])
sessions = []
for user in User.objects.filter(username__in=names).order_by("username"):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "accounts.backends.RolesModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    token = token_issue(user=user)[1] if os.environ.get("BENCH_TOKENS") else ""
    sessions.append([user.pk, store.session_key, token])
print(json.dumps(sessions))
"""


@dataclass(frozen=True)
class Learner:
    user_id: int
    cookie: str  # the Cookie header: session and CSRF cookie
    csrf: str
    token: str = ""  # an API token (the Authorization header's "Token …"), when asked for


def learners(
    env: dict, *, prefix: str = "", count: int = 0, usernames: list[str] | None = None, tokens: bool = False
) -> list[Learner]:
    """`count` learners named `prefix`NNNNN (made when missing), or the existing `usernames`, signed in (and
    each with a new API token with `tokens`)."""
    if usernames:
        extra = {"BENCH_USERNAMES": ",".join(usernames)}
    else:
        extra = {"BENCH_PREFIX": prefix, "BENCH_LEARNERS": str(count)}
    if tokens:
        extra["BENCH_TOKENS"] = "1"
    out = manage({**env, **extra}, "shell", "-c", MAKE_LEARNERS, capture=True)
    rows = json.loads(out.strip().splitlines()[-1])
    made = []
    for user_id, session_key, token in rows:
        csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret Django accepts as cookie and header
        made.append(Learner(user_id, f"sessionid={session_key}; csrftoken={csrf}", csrf, token))
    return made


class Server:
    """gunicorn on a local port: sync workers, or with `production` the image's own settings
    (docker/gunicorn.conf.py: threads, app loaded before the fork, workers recycled), bound to 127.0.0.1 and
    without an access log either way."""

    def __init__(self, env: dict, *, port: int, workers: int, production: bool = False):
        self.port = port
        config = ["-c", str(ROOT / "docker" / "gunicorn.conf.py")] if production else []
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", *config, "config.wsgi:application", "-b", f"127.0.0.1:{port}"]
            + ["-w", str(workers), "--access-logfile", "/dev/null", "--error-logfile", "-"]
            + ["--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )
        for _ in range(150):
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def raw_request(method: str, path: str, headers: dict | None = None, body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def send(port: int, raw: bytes) -> tuple[int, bytes]:
    """One request on its own connection (as a browser behind a proxy would): status and whole response."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(raw)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    data = b"".join(chunks)
    return int(data[9:12] or 0), data


def request(port: int, method: str, path: str, headers: dict | None = None, body: bytes = b""):
    status, data = send(port, raw_request(method, path, headers, body))
    return status, data.split(b"\r\n\r\n", 1)[-1]


def _client(args):
    port, requests, expected, seconds, once = args
    done = bad = 0
    latencies = []
    statuses: dict[int, int] = {}
    end = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < end and not (once and n == len(requests)):
        raw = requests[n % len(requests)]
        n += 1
        start = time.perf_counter()
        status, _data = send(port, raw)
        latencies.append(time.perf_counter() - start)
        if status == expected:
            done += 1
        else:
            bad += 1
            statuses[status] = statuses.get(status, 0) + 1
    return done, bad, latencies, statuses


@dataclass
class Figures:
    done: int  # expected responses
    seconds: float  # what the rate is over
    rate: float  # expected responses per second
    p50: float  # milliseconds
    p95: float
    p99: float
    bad: int
    statuses: dict  # the other responses' statuses, with their counts

    def codes(self, expected: int) -> dict:
        """Every status with its count."""
        return {expected: self.done, **self.statuses} if self.done else self.statuses


def load(
    port: int, per_client: list[list[bytes]], *, expected: int, seconds: float, once: bool = False
) -> Figures:
    """Each client process sends its own requests in turn, one at a time, for `seconds`. With `once`, each of
    its requests once (`seconds` is then a time limit), and the rate is over the time all of them took."""
    with multiprocessing.Pool(len(per_client)) as pool:
        started = time.perf_counter()
        results = pool.map(_client, [(port, reqs, expected, seconds, once) for reqs in per_client])
        if once:
            seconds = time.perf_counter() - started
    latencies = sorted(x for r in results for x in r[2])
    statuses: dict[int, int] = {}
    for r in results:
        for status, count in r[3].items():
            statuses[status] = statuses.get(status, 0) + count

    def pct(p: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else 0.0

    return Figures(
        done=sum(r[0] for r in results),
        seconds=seconds,
        rate=sum(r[0] for r in results) / seconds,
        p50=pct(0.50),
        p95=pct(0.95),
        p99=pct(0.99),
        bad=sum(r[1] for r in results),
        statuses=statuses,
    )


def each_once(
    env: dict, per_client: list[list[bytes]], *, port: int, workers: int, expected: int, health_requests: int
) -> tuple[Figures, Figures]:
    """gunicorn started and every worker warmed up; each client sends each of its requests once, then as many
    clients share out `health_requests` for /healthz; gunicorn stopped. Each phase stops after 300 s, whatever
    happens. The figures of the requests, then of /healthz (their rates over the time each phase took)."""
    clients = len(per_client)
    raw = raw_request("GET", "/healthz")

    def healthz(total: int) -> list[list[bytes]]:
        return [[raw] * len(range(n, total, clients)) for n in range(clients)]

    server = Server(env, port=port, workers=workers)
    try:
        load(port, healthz(200), expected=200, seconds=300, once=True)
        figures = load(port, per_client, expected=expected, seconds=300, once=True)
        return figures, load(port, healthz(health_requests), expected=200, seconds=300, once=True)
    finally:
        server.stop()


def rate(port: int, raw: bytes, *, clients: int, seconds: float) -> float:
    """Requests per second for one GET that every client sends again and again (`load`); says how many answers
    were not 200."""
    figures = load(port, [[raw]] * clients, expected=200, seconds=seconds)
    if figures.bad:
        path = raw.split(b" ", 2)[1].decode()
        print(f"  ! {figures.bad} responses to {path} were not 200")
    return figures.rate


def median(values) -> float:
    return statistics.median(list(values))
