"""Lesson pages under gunicorn, on this machine: requests per second for the anonymous lesson page, the logged-in
lesson page and /healthz in one run, their ratios, and what a lesson page weighs on the wire.

Production settings (whitenoise's compressed manifest storage, DEBUG off) with TLS switched off for the local run,
a seeded SQLite file (var/bench/courses.sqlite3, or DATABASE_URL if set), `collectstatic` first.
Usage: .venv/bin/python bench/lessons.py [--seconds 5] [--rounds 3] [--workers N] [--clients N]
"""

import argparse
import gzip
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))

from _gunicorn import (  # noqa: E402  (bench/ is not a package)
    Server,
    database_and_cache,
    learners,
    manage,
    median,
    prepare,
    rate,
    raw_request,
    send,
    settings_env,
)

LESSON = "/ru/lessons/rights/defending-rights/"
PORT = 8191


def _get(path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """Status, headers (names in lower case) and body of one GET."""
    status, data = send(PORT, raw_request("GET", path, headers))
    head, _, body = data.partition(b"\r\n\r\n")
    fields = (line.split(":", 1) for line in head.decode("latin-1").split("\r\n")[1:])
    return status, {name.strip().lower(): value.strip() for name, value in fields}, body


def _weight(cookie: str | None) -> None:
    headers = {"Accept-Encoding": "br, gzip"}
    if cookie:
        headers["Cookie"] = cookie
    status, fields, html = _get(LESSON, headers)
    assert status == 200, status
    html_gz = len(gzip.compress(html, 6)) if "content-encoding" not in fields else len(html)
    assets = re.findall(rb'<link rel="stylesheet" href="([^"]+)"|<script[^>]+src="([^"]+)"', html)
    total = html_gz
    label = "logged-in" if cookie else "anonymous"
    print(f"  {label} HTML: {len(html)} bytes, {html_gz} bytes compressed (gzip -6)")
    for css, js in assets:
        url = (css or js).decode()
        _status, asset_fields, data = _get(url, {"Accept-Encoding": "br, gzip"})
        encoding = asset_fields.get("content-encoding", "identity")
        print(
            f"    {url}: {len(data)} bytes ({encoding}), Cache-Control: {asset_fields.get('cache-control')}"
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

    db_url, redis_url = database_and_cache(sqlite="courses.sqlite3")
    env = settings_env(db_url=db_url, redis_url=redis_url)
    print(f"database: {db_url.split('@')[-1]}")
    print("migrate, seed_demo, collectstatic ...", flush=True)
    prepare(env, collectstatic=False)
    manage(env, "collectstatic", "--noinput", "--clear")  # the assets as built now: their weight is printed
    cookie = learners(env, usernames=["student1"])[0].cookie

    server = Server(env, port=PORT, workers=opts.workers)
    try:
        anonymous_get, logged_in_get = (
            raw_request("GET", LESSON),
            raw_request("GET", LESSON, {"Cookie": cookie}),
        )
        for _ in range(opts.workers * 4):  # warm every worker's caches
            send(PORT, anonymous_get)
            send(PORT, logged_in_get)
        hit = _get(LESSON, {"Cookie": cookie})[1].get("x-civic-cache")
        print(f"logged-in lesson page served from the learner's cache: {hit == 'hit'}")
        print(
            f"gunicorn: {opts.workers} sync workers; {opts.clients} client processes; {opts.rounds} rounds of {opts.seconds:.0f} s"
        )
        # Other work on the machine makes single figures jumpy: rounds alternate the three, ratios per round.
        rows = []
        for n in range(opts.rounds):
            healthz = rate(PORT, raw_request("GET", "/healthz"), clients=opts.clients, seconds=opts.seconds)
            anonymous = rate(PORT, anonymous_get, clients=opts.clients, seconds=opts.seconds)
            logged_in = rate(PORT, logged_in_get, clients=opts.clients, seconds=opts.seconds)
            rows.append((healthz, anonymous, logged_in))
            print(
                f"  round {n + 1}: /healthz {healthz:6.0f}/s, anonymous lesson {anonymous:6.0f}/s "
                f"(ratio {anonymous / healthz:.2f}), logged-in lesson {logged_in:6.0f}/s (ratio {logged_in / healthz:.2f})"
            )
        med = [median(col) for col in zip(*rows, strict=True)]
        anon_ratio = median(r[1] / r[0] for r in rows)
        user_ratio = median(r[2] / r[0] for r in rows)
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
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
