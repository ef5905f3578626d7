"""The exam-week benchmark: a realistic data set on PostgreSQL served by gunicorn and Redis as in production
(the image's own gunicorn settings, docker/gunicorn.conf.py: threads, the app loaded before the fork, workers
recycled now and then; GUNICORN_* variables change them as there), driven by locust users with think times, searching for the largest number of concurrent learners served with
p95 < 300 ms.

Data (bench/exam_week_data.py, made once per database): at --scale 1, 10,000 students in 300 classes, 200
lessons, 100,000 quiz attempts with answers, 2,000 applications, 1,000 alumni, after seed_demo's page tree
and quizzes. Users (bench/exam_week_locust.py): learners reading lessons and submitting quizzes through the API
(--think seconds between steps, 60 in an exam week), teachers on the dashboard, a class page and its CSV report
(one per 100 learners), an organiser deciding applications, alumni registering for a forum event and
cancelling (one per 200 learners), and /healthz once a second.

Each step runs locust headless with a fixed number of learners: they all arrive within one think time (not
counted: a learner's first visit of the day reads their session from the database and writes their first
progress rows, which is not the steady state; its p95 is printed beside the step), then --step seconds are
measured (statistics reset then); the count
doubles from --start until a step fails (p95 of a learner request ≥ --p95 ms or more than 1 % errors), then
bisects to within 10 %; it stops by itself, at the latest --max-minutes after gunicorn started (the data set,
made once per database, comes before: several minutes at --scale 1). Printed per step and for the largest good
one: requests/s and p50/p95/p99 of every kind of request with /healthz from the same step, /healthz's own rate
at saturation in the same run, and the workers' figures as /metrics gives them (peak memory of a worker,
requests, quiz submissions, database time).

Needs locust (`pip install '.[bench]'`, `make bench-exam` does it). Target 127.0.0.1 only.
Usage: .venv/bin/python bench/exam_week.py [--scale 1] [--think 60] [--step 90] [--start 200]
       [--max-minutes 10] [--workers N] [--drop]
Defaults: DATABASE_URL=postgres://postgres@127.0.0.1:5433/civic_examweek, REDIS_URL=redis://127.0.0.1:6379/12.
"""

import argparse
import csv
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from _exam_kinds import LEARNER_KINDS  # noqa: E402  (bench/ is not a package)
from _gunicorn import (  # noqa: E402
    PYTHON,
    ROOT,
    Server,
    database_and_cache,
    learners,
    load,
    manage,
    prepare,
    raw_request,
    request,
    settings_env,
)

PORT = 8196
HERE = Path(__file__).resolve().parent
OUT = ROOT / "var" / "bench" / "exam_week"


def make_data(env: dict, scale: float) -> dict:
    """The data set (under development settings, as seed_demo) and the plan's raw part."""
    seed_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "EXAM_SCALE": str(scale)}
    script = (HERE / "exam_week_data.py").read_text(encoding="utf-8")
    return json.loads(manage(seed_env, "shell", "-c", script, capture=True).strip().splitlines()[-1])


def signed_in(env: dict, usernames: list[str]) -> list[dict]:
    people = learners(env, usernames=usernames) if usernames else []
    return [{"cookie": p.cookie, "csrf": p.csrf} for p in people]


def worker_peak_rss_kb(master_pid: int) -> int:
    """The largest VmHWM (peak resident memory) among the gunicorn master's children, in kB."""
    peak = 0
    for task in Path(f"/proc/{master_pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                status = Path(f"/proc/{child}/status").read_text()
            except FileNotFoundError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
    return peak


def worker_metrics(token: str) -> dict:
    """What /metrics says of the workers: the largest peak memory, requests served, quiz submissions counted
    and time spent in the database (all workers, stopped ones included)."""
    from prometheus_client.parser import text_string_to_metric_families

    status, body = request(PORT, "GET", "/metrics", {"Authorization": f"Bearer {token}"})
    assert status == 200, status
    figures = {"peak_bytes": 0.0, "requests": 0.0, "submissions": 0.0, "db_seconds": 0.0}
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            if sample.name == "civic_worker_peak_memory_bytes":
                figures["peak_bytes"] = max(figures["peak_bytes"], sample.value)
            elif sample.name == "django_http_requests_total_by_method_total":
                figures["requests"] += sample.value
            elif sample.name == "civic_events_total" and sample.labels.get("event") == "quiz_submission":
                figures["submissions"] += sample.value
            elif sample.name == "django_db_query_duration_seconds_sum":
                figures["db_seconds"] += sample.value
    return figures


def _ms(value: str) -> float:
    return 0.0 if value in ("", "N/A") else float(value)


def run_step(
    plan_path: Path, *, learners_n: int, think: float, seconds: float, others: dict
) -> tuple[dict, dict]:
    """One locust run: every learner arrives (one think time, not counted), then `seconds` are measured. Per
    kind of request: count, failures, requests/s, p50/p95/p99 (ms); and the arrival's learner requests and
    p95."""
    total = learners_n + sum(others.values()) + 1  # + the /healthz probe
    spawn = max(1.0, total / 5)  # everyone started within about five seconds
    prefix = OUT / f"step_{learners_n}_{int(time.time())}"
    env = {
        **os.environ,
        "EXAM_PLAN": str(plan_path),
        "EXAM_ARRIVAL_SECONDS": str(think),
        "EXAM_ARRIVAL": f"{prefix}_arrival.json",
        "EXAM_THINK": str(think),
        "EXAM_TEACHERS": str(others["teachers"]),
        "EXAM_ORGANISERS": str(others["organisers"]),
        "EXAM_ALUMNI": str(others["alumni"]),
    }
    with open(f"{prefix}.log", "w", encoding="utf-8") as log:  # locust's own summary and warnings
        subprocess.run(
            [PYTHON, "-m", "locust", "-f", str(HERE / "exam_week_locust.py"), "--headless"]
            + ["--host", f"http://127.0.0.1:{PORT}", "-u", str(total), "-r", f"{spawn:.1f}"]
            + ["-t", f"{int(think + seconds + total / spawn + 2)}s", "--csv", str(prefix)]
            + ["--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
            timeout=think + seconds + 120,
            check=False,  # locust exits 1 when any request failed; the figures say how many
        )
    rows = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows[row["Name"]] = {
                "count": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rate": float(row["Requests/s"]),
                "p50": _ms(row["50%"]),
                "p95": _ms(row["95%"]),
                "p99": _ms(row["99%"]),
            }
    arrival = Path(f"{prefix}_arrival.json")
    return rows, (json.loads(arrival.read_text(encoding="utf-8")) if arrival.exists() else {})


def verdict(rows: dict, p95_limit: float) -> tuple[bool, str]:
    learner_rows = [rows[k] for k in LEARNER_KINDS if k in rows and rows[k]["count"]]
    if not learner_rows:
        return False, "no learner request completed"
    worst = max(r["p95"] for r in learner_rows)
    requests = sum(r["count"] for name, r in rows.items() if name != "Aggregated")
    failures = sum(r["failures"] for name, r in rows.items() if name != "Aggregated")
    ok = worst < p95_limit and failures <= 0.01 * max(1, requests)
    return ok, f"learner p95 {worst:.0f} ms, {failures} failed of {requests}"


def print_rows(rows: dict) -> None:
    print(f"    {'request':34} {'count':>7} {'fail':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} (ms)")
    for name in sorted(rows, key=lambda n: (n in ("Aggregated", "/healthz"), n)):
        r = rows[name]
        print(
            f"    {name:34} {r['count']:7d} {r['failures']:5d} {r['rate']:7.1f} "
            f"{r['p50']:6.0f} {r['p95']:6.0f} {r['p99']:6.0f}"
        )


def others_for(n: int, plan: dict) -> dict:
    return {
        "teachers": min(len(plan["teachers"]), max(1, n // 100)),
        "organisers": 1,
        "alumni": min(len(plan["alumni"]), max(1, n // 200)),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="of the data set (0.1 for a quick run)")
    parser.add_argument("--think", type=float, default=60, help="learners' mean think time, seconds")
    parser.add_argument("--step", type=float, default=90, help="seconds measured in each step")
    parser.add_argument("--start", type=int, default=200, help="learners in the first step")
    parser.add_argument("--p95", type=float, default=300, help="a learner request's p95 limit, ms")
    parser.add_argument("--max-minutes", type=float, default=10, help="from gunicorn's start to the end")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 2) + 1)
    parser.add_argument("--drop", action="store_true", help="drop the database afterwards")
    opts = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5433/civic_examweek")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/12")
    db_url, redis_url = database_and_cache()
    env = settings_env(db_url=db_url, redis_url=redis_url)
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"database: {db_url.split('@')[-1]}; cache: {redis_url or 'per process'}; scale {opts.scale}")
    started = time.monotonic()
    print("migrate, seed_demo, static files ...", flush=True)
    prepare(env, collectstatic=True)
    print("the exam-week data set (made once per database) ...", flush=True)
    raw = make_data(env, opts.scale)
    print(
        "  " + ", ".join(f"{v:,} {k}" for k, v in raw["counts"].items()),
        f"({time.monotonic() - started:.0f} s)",
    )
    print("sessions for everyone ...", flush=True)
    plan = {
        "students": signed_in(env, raw["students"]),
        "teachers": [
            {**p, "classes": classes}
            for p, (_name, classes) in zip(
                signed_in(env, [t[0] for t in raw["teachers"]]), raw["teachers"], strict=True
            )
        ],
        "organisers": signed_in(env, raw["organisers"]),
        "alumni": signed_in(env, raw["alumni"]),
        "lessons": raw["lessons"],
        "applications": raw["applications"],
        "event": raw["event"],
    }
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()  # sessions come back from the database; nothing stale

    # The workers' own figures come from /metrics, as an operator's scraper reads them (multi-process mode).
    # In memory, as the image's tmpfs: files on disk would be written back by the kernel all the time.
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
    metrics_dir = tempfile.mkdtemp(prefix="civic-bench-metrics-", dir=shm)
    token = secrets.token_urlsafe(24)
    server = Server(
        {**env, "PROMETHEUS_MULTIPROC_DIR": metrics_dir, "METRICS_TOKEN": token},
        port=PORT,
        workers=opts.workers,
        production=True,
    )
    deadline = time.monotonic() + 60 * opts.max_minutes  # the load part; the data set is made once, before
    try:
        plan["quizzes"] = []
        for pk in raw["quizzes"]:
            status, body = request(PORT, "GET", f"/api/v1/quizzes/{pk}/?lang=ky")
            assert status == 200, (pk, status)
            plan["quizzes"].append({"id": pk, "questions": json.loads(body)["questions"]})
        plan_path = OUT / "plan.json"
        plan_path.write_text(json.dumps(plan), encoding="utf-8")
        for _ in range(opts.workers):  # every lesson rendered once by (most likely) every worker
            for url in raw["lessons"]:
                request(PORT, "GET", url)
        healthz = load(PORT, [[raw_request("GET", "/healthz")]] * 32, expected=200, seconds=5)
        threads = os.environ.get("GUNICORN_THREADS") or "2"
        max_requests = os.environ.get("GUNICORN_MAX_REQUESTS") or "20,000"
        print(
            f"gunicorn (docker/gunicorn.conf.py): {opts.workers} workers of {threads} threads on "
            f"{os.cpu_count()} cores, recycled after about {max_requests} requests; /healthz at saturation "
            f"(32 clients, same run): {healthz.rate:.0f} requests/s, p50 {healthz.p50:.0f} ms, "
            f"p99 {healthz.p99:.0f} ms"
        )
        step_cost = opts.think + opts.step + 15
        good, bad, best = 0, None, None
        n = opts.start
        while n > 0 and time.monotonic() + step_cost < deadline:
            others = others_for(n, plan)
            t0 = time.monotonic()
            rows, arrival = run_step(
                plan_path, learners_n=n, think=opts.think, seconds=opts.step, others=others
            )
            step_cost = max(step_cost, time.monotonic() - t0)
            ok, why = verdict(rows, opts.p95)
            print(
                f"  step: {n} learners (+{others['teachers']} teachers, {others['organisers']} organiser, "
                f"{others['alumni']} alumni): {'served' if ok else 'NOT served'}; {why}",
                flush=True,
            )
            if arrival:
                print(
                    f"    (their arrival, not counted: {arrival['requests']} learner requests in the first "
                    f"{opts.think:.0f} s, p95 {arrival['p95']:.0f} ms)"
                )
            print_rows(rows)
            if ok:
                good, best = n, (n, others, rows)
            else:
                bad = n
            if bad is None:
                n *= 2
            elif bad - good <= max(1, good // 10):
                break
            else:
                n = (good + bad) // 2
        else:
            print(f"  (search stopped by its {opts.max_minutes:g}-minute cap)")
        figures = worker_metrics(token)
        peak = worker_peak_rss_kb(server.process.pid)
    finally:
        server.stop()
        shutil.rmtree(metrics_dir, ignore_errors=True)

    print()
    print(
        f"from /metrics: peak memory of a gunicorn worker {figures['peak_bytes'] / 2**20:.0f} MiB; "
        f"{figures['requests']:.0f} requests, {figures['submissions']:.0f} quiz submissions, "
        f"{figures['db_seconds']:.0f} s in the database over the whole run"
    )
    print(f"  (the kernel's VmHWM of the live workers, for comparison: {peak / 1024:.0f} MiB)")
    print(f"/healthz at saturation, same run: {healthz.rate:.0f} requests/s")
    if best:
        n, others, rows = best
        print(
            f"largest number of concurrent learners served with p95 < {opts.p95:.0f} ms at {opts.think:g} s "
            f"think time: {n}" + ("" if bad is not None else " (or more: no step failed)")
        )
        if opts.think != 60:
            print(f"  (the same request rate as {round(n * 60 / opts.think)} learners at 60 s think time)")
        print(f"  that step ({opts.step:g} s measured), each kind of request beside /healthz:")
        print_rows(rows)
    else:
        print(f"no step served its learners with p95 < {opts.p95:.0f} ms (first step: {opts.start} learners)")
    if opts.drop:
        import psycopg

        base, name = db_url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        print(f"dropped the database {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
