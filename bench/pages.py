"""Signed-in pages under gunicorn on PostgreSQL: a lesson, a module, "My learning", "My assignments" and the
teacher's dashboard, each in requests per second beside /healthz measured in the same run (each page right
after a /healthz run of its own; the ratio is the median over rounds), with p50/p99.

Hundreds of distinct learners, all pupils of one class of teacher1 with assignments; each has opened every page
once before the rounds (their progress rows exist, their own caches are warm, as on a school day). Production
settings (DEBUG off, TLS off for the local run), gunicorn with 2 × cores + 1 sync workers, 32 client processes.
Needs DATABASE_URL (PostgreSQL; created when missing) and preferably REDIS_URL (as in production).
Usage: DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python bench/pages.py
       [--seconds 6] [--rounds 3] [--warmup 1] [--workers N] [--clients 32] [--learners 300]

A warm-up round (printed, not counted) runs first: each new worker process fills its own per-process copies
(templates, the course map, site settings) on its first requests of each page.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from _gunicorn import (  # noqa: E402  (bench/ is not a package)
    Server,
    database_and_cache,
    learners,
    load,
    manage,
    median,
    prepare,
    raw_request,
    send,
    settings_env,
)

PORT = 8195
PREFIX = "pagebench"

# Run inside `manage.py shell`: the class "Bench pages" of teacher1 with every bench learner in it and ten
# assignments (made once); prints the URLs of a Kyrgyz lesson with a quiz and of its module.
MAKE_CLASS = r"""
import json
from datetime import timedelta
from django.utils import timezone
from accounts.models import User
from courses.models import LessonPage, ModulePage, Quiz
from courses.classrooms.models import Assignment, Classroom, Membership
from courses.classrooms import services

teacher = User.objects.get(username="teacher1")
classroom = Classroom.objects.filter(owner=teacher, name="Bench pages").first()
if classroom is None:
    classroom = services.classroom_create(by=teacher, name="Bench pages", language="ky")
pupils = list(User.objects.filter(username__startswith="pagebench"))
Membership.objects.bulk_create([Membership(classroom=classroom, student=p, status="active", via="teacher") for p in pupils], ignore_conflicts=True)
lesson = LessonPage.objects.live().filter(locale__language_code="ky", quiz_links__isnull=False).order_by("path").first()
module = ModulePage.objects.get(path=lesson.path[:-lesson.steplen])
if not classroom.assignments.exists():
    now = timezone.now()
    contents = [("quiz", q) for q in Quiz.objects.filter(locale__language_code="ky", lesson_links__lesson__live=True).distinct()]
    contents += [("module", m) for m in ModulePage.objects.live().filter(locale__language_code="ky")]
    contents += [("lesson", l) for l in LessonPage.objects.live().filter(locale__language_code="ky")]
    Assignment.objects.bulk_create([
        Assignment(classroom=classroom, kind=kind, **{kind: c}, content_key=c.translation_key, title=c.title,
                   due_at=now + timedelta(days=n - 3), created_by=teacher)
        for n, (kind, c) in enumerate(contents[:10])
    ])
print(json.dumps({"lesson": lesson.url, "module": module.url}))
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1, help="rounds run first and not counted")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 2) + 1)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--learners", type=int, default=300)
    opts = parser.parse_args()

    db_url, redis_url = database_and_cache()
    env = settings_env(db_url=db_url, redis_url=redis_url)
    print(f"database: {db_url.split('@')[-1]}; cache: {redis_url or 'per process (set REDIS_URL)'}")
    print("migrate, seed_demo, collectstatic, learners, their class and sessions ...", flush=True)
    prepare(env, collectstatic=True)
    people = learners(env, prefix=PREFIX, count=opts.learners)
    urls = json.loads(manage(env, "shell", "-c", MAKE_CLASS, capture=True).strip().splitlines()[-1])
    teacher = learners(env, usernames=["teacher1"])[0]
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()  # sessions come back from the database; nothing stale

    pages = {
        "lesson": urls["lesson"],
        "module": urls["module"],
        "my learning": "/ky/learning/",
        "my assignments": "/ky/my/assignments/",
    }
    server = Server(env, port=PORT, workers=opts.workers)
    try:
        per_page: dict[str, list[list[bytes]]] = {}
        for name, path in pages.items():
            per_client: list[list[bytes]] = [[] for _ in range(opts.clients)]
            for n, person in enumerate(people):
                raw = raw_request("GET", path, {"Cookie": person.cookie})
                per_client[n % opts.clients].append(raw)
                status, _ = send(PORT, raw)  # each learner has opened the page once
                assert status == 200, (name, path, status)
            per_page[name] = per_client
        dashboard = raw_request("GET", "/ky/teach/", {"Cookie": teacher.cookie})
        assert send(PORT, dashboard)[0] == 200
        per_page["teacher dashboard"] = [[dashboard] for _ in range(opts.clients)]
        healthz = [[raw_request("GET", "/healthz")] for _ in range(opts.clients)]
        print(
            f"gunicorn: {opts.workers} sync workers; {opts.clients} client processes; {len(people)} learners in "
            f"one class; {opts.rounds} rounds of {opts.seconds:.0f} s per page"
        )
        rows = []
        names = list(per_page)
        for n in range(-opts.warmup, opts.rounds):
            # Each page is measured right after its own /healthz run, and the pages take turns at going
            # first: this small virtual machine's speed drifts within a round (other tenants, CPU credit), and
            # a page always measured last would carry that drift in its ratio.
            row, parts, healthz_rates = {}, [], []
            for name in names[n % len(names) :] + names[: n % len(names)]:
                h = load(PORT, healthz, expected=200, seconds=opts.seconds)
                f = load(PORT, per_page[name], expected=200, seconds=opts.seconds)
                row[name], row[f"/healthz before {name}"] = f, h
                healthz_rates.append(h.rate)
                parts.append(f"{name} {f.rate:5.0f}/s ({f.rate / h.rate:.2f} of {h.rate:.0f})")
                if f.bad:
                    parts[-1] += f" ! not 200: {f.statuses}"
            row["/healthz"] = median(healthz_rates)
            if n < 0:
                print("  warm-up (not counted): " + ", ".join(parts), flush=True)
                continue
            rows.append(row)
            print(f"  round {n + 1}: " + ", ".join(parts), flush=True)
        print(f"  {'/healthz':18} {median(r['/healthz'] for r in rows):7.0f} requests/s (median)")
        for name in per_page:
            print(
                f"  {name:18} {median(r[name].rate for r in rows):7.0f} requests/s  ratio "
                f"{median(r[name].rate / r[f'/healthz before {name}'].rate for r in rows):.2f} "
                "(median; goal >= 0.30)  "
                f"p50 {median(r[name].p50 for r in rows):4.0f} ms, p99 {median(r[name].p99 for r in rows):5.0f} ms"
            )
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
