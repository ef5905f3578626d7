"""Lesson pages under gunicorn, on this machine: requests per second for the anonymous lesson page, the logged-in
lesson page and /healthz in one run, their ratios, and what a lesson page weighs on the wire.

Production settings (whitenoise's compressed manifest storage, DEBUG off) with TLS switched off for the local run,
a seeded SQLite file (var/bench/courses.sqlite3, or DATABASE_URL if set), `collectstatic` first.
Usage: .venv/bin/python bench/lessons.py [--seconds 5] [--rounds 3] [--workers N] [--clients N]
"""

import argparse
import gzip
import http.client
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LESSON = "/ru/lessons/rights/defending-rights/"
PORT = 8191


def _env(db_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="bench-secret-key-not-for-production-0123456789abcdefghijkl",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",
        SESSION_COOKIE_SECURE="False",
        CSRF_COOKIE_SECURE="False",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=db_url,
        STATIC_ROOT=str(ROOT / "var" / "bench" / "static"),
        LOG_LEVEL="WARNING",
    )
    return env


def _manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def _request(path: str, headers: dict | None = None, method: str = "GET", body: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def _login() -> str:
    """Log student1 in through the real form; returns the Cookie header."""
    response, html = _request("/ru/accounts/login/")
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "").group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
    body = urlencode({"csrfmiddlewaretoken": token, "username": "student1", "password": "civic-demo"})
    response, _ = _request(
        "/ru/accounts/login/",
        {
            "Cookie": f"csrftoken={csrf_cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{PORT}/ru/accounts/login/",
        },
        "POST",
        body,
    )
    cookies = response.getheader("Set-Cookie") or ""
    session = re.search(r"sessionid=([^;]+)", cookies)
    if response.status != 302 or not session:
        raise SystemExit(f"log-in failed: {response.status}")
    return f"sessionid={session.group(1)}; csrftoken={csrf_cookie}"


def _hammer(args):
    path, cookie, seconds = args
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if cookie:
        request += f"Cookie: {cookie}\r\n"
    request = (request + "\r\n").encode()
    done = bad = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        with socket.create_connection(("127.0.0.1", PORT)) as sock:
            sock.sendall(request)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        if b"".join(chunks[:1])[:12].endswith(b"200"):
            done += 1
        else:
            bad += 1
    return done, bad


def _rate(path, cookie, seconds, clients) -> float:
    with multiprocessing.Pool(clients) as pool:
        results = pool.map(_hammer, [(path, cookie, seconds)] * clients)
    done = sum(r[0] for r in results)
    bad = sum(r[1] for r in results)
    if bad:
        print(f"  ! {bad} responses to {path} were not 200")
    return done / seconds


def _weight(cookie: str | None) -> None:
    headers = {"Accept-Encoding": "br, gzip"}
    if cookie:
        headers["Cookie"] = cookie
    response, html = _request(LESSON, headers)
    assert response.status == 200, response.status
    html_gz = len(gzip.compress(html, 6)) if response.getheader("Content-Encoding") is None else len(html)
    assets = re.findall(rb'<link rel="stylesheet" href="([^"]+)"|<script[^>]+src="([^"]+)"', html)
    total = html_gz
    label = "logged-in" if cookie else "anonymous"
    print(f"  {label} HTML: {len(html)} bytes, {html_gz} bytes compressed (gzip -6)")
    for css, js in assets:
        url = (css or js).decode()
        asset_response, data = _request(url, {"Accept-Encoding": "br, gzip"})
        encoding = asset_response.getheader("Content-Encoding") or "identity"
        print(
            f"    {url}: {len(data)} bytes ({encoding}), Cache-Control: {asset_response.getheader('Cache-Control')}"
        )
        total += len(data)
    print(
        f"  {label} lesson page on the wire (HTML compressed + CSS/JS as served): {total} bytes = {total / 1024:.1f} KB"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--clients", type=int, default=os.cpu_count() or 2)
    opts = parser.parse_args()

    db_url = os.environ.get("DATABASE_URL")
    if not db_url:
        (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
        db_url = f"sqlite:///{ROOT / 'var' / 'bench' / 'courses.sqlite3'}"
    env = _env(db_url)
    print(f"database: {db_url.split('@')[-1]}")
    print("migrate, seed_demo, collectstatic ...", flush=True)
    seed_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}  # production refuses demo data
    _manage(seed_env, "migrate", "--noinput")
    _manage(seed_env, "seed_demo")
    _manage(env, "collectstatic", "--noinput", "--clear")

    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            str(opts.workers),
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                if _request("/healthz")[0].status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        cookie = _login()
        for _ in range(opts.workers * 4):  # warm every worker's caches
            _request(LESSON)
            _request(LESSON, {"Cookie": cookie})
        hit = _request(LESSON, {"Cookie": cookie})[0].getheader("X-Civic-Cache")
        print(f"logged-in lesson page served from the learner's cache: {hit == 'hit'}")
        print(
            f"gunicorn: {opts.workers} sync workers; {opts.clients} client processes; {opts.rounds} rounds of {opts.seconds:.0f} s"
        )
        # Other work on the machine makes single figures jumpy: rounds alternate the three, ratios per round.
        rows = []
        for n in range(opts.rounds):
            healthz = _rate("/healthz", None, opts.seconds, opts.clients)
            anonymous = _rate(LESSON, None, opts.seconds, opts.clients)
            logged_in = _rate(LESSON, cookie, opts.seconds, opts.clients)
            rows.append((healthz, anonymous, logged_in))
            print(
                f"  round {n + 1}: /healthz {healthz:6.0f}/s, anonymous lesson {anonymous:6.0f}/s "
                f"(ratio {anonymous / healthz:.2f}), logged-in lesson {logged_in:6.0f}/s (ratio {logged_in / healthz:.2f})"
            )
        med = [statistics.median(col) for col in zip(*rows, strict=True)]
        anon_ratio = statistics.median(r[1] / r[0] for r in rows)
        user_ratio = statistics.median(r[2] / r[0] for r in rows)
        print(f"  /healthz:                 {med[0]:8.0f} requests/s (median)")
        print(
            f"  lesson page, anonymous:   {med[1]:8.0f} requests/s  ratio {anon_ratio:.2f} (median; target >= 0.50)"
        )
        print(
            f"  lesson page, logged in:   {med[2]:8.0f} requests/s  ratio {user_ratio:.2f} (median; target >= 0.20)"
        )
        _weight(None)
        _weight(cookie)
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
