"""Quiz submissions under gunicorn on PostgreSQL: "everyone submit now" from hundreds of distinct learners.

Submissions per second, their ratio to /healthz measured in the same run (rounds alternate the two, ratios per
round), and p50/p95/p99 latency; then a check that every accepted submission is stored once with its answers.
Two ways in: the API (POST /api/v1/quizzes/<id>/attempts/, what the offline queue and apps use) and the lesson
page's form (POST .../learning/quizzes/<id>/submit/, answered with a redirect to the lesson).

Production settings (DEBUG off, TLS off for the local run), gunicorn with 2 × cores + 1 sync workers, 32 client
processes; the demo's quizzes without an attempt limit in ky, ru and en, random right and wrong answers.
Needs DATABASE_URL (PostgreSQL; created when missing) and preferably REDIS_URL (as in production).
Usage: DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python bench/quizzes.py
       [--seconds 8] [--rounds 3] [--workers N] [--clients 32] [--learners 400] [--form]
"""

import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))

from _answers import answers_for  # noqa: E402  (bench/ is not a package)
from _gunicorn import (  # noqa: E402
    Server,
    database_and_cache,
    learners,
    load,
    manage,
    median,
    prepare,
    raw_request,
    request,
    settings_env,
)

PORT = 8194
PREFIX = "quizbench"

# Run inside `manage.py shell`: [pk, language, lesson url] of each live quiz without an attempt limit, and
# the number of stored attempts and answers of the bench learners.
QUIZZES = r"""
import json
from courses.models import LessonPage, Quiz, QuizAttempt, QuizAnswer
rows = []
for quiz in Quiz.objects.filter(max_attempts=0, time_limit_minutes__isnull=True).select_related("locale").order_by("pk"):
    lesson = LessonPage.objects.live().filter(quiz_links__quiz=quiz).first()
    if lesson is not None:
        rows.append([quiz.pk, quiz.locale.language_code, lesson.url])
attempts = QuizAttempt.objects.filter(user__username__startswith="quizbench")
print(json.dumps({"quizzes": rows, "attempts": attempts.count(),
                  "answers": QuizAnswer.objects.filter(attempt__in=attempts).count(),
                  "numbers_unique": attempts.values("user_id", "quiz_key", "number").distinct().count() == attempts.count()}))
"""


def _form_body(answers: dict, csrf: str, lesson_url: str) -> bytes:
    from urllib.parse import urlencode

    pairs = [("csrfmiddlewaretoken", csrf), ("next", lesson_url), ("confirm", "partial")]
    for qid, value in answers.items():
        for v in value if isinstance(value, list) else [value]:
            pairs.append((f"q-{qid}", v))
    return urlencode(pairs).encode()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 2) + 1)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--learners", type=int, default=400)
    parser.add_argument("--form", action="store_true", help="also the lesson page's form")
    opts = parser.parse_args()

    db_url, redis_url = database_and_cache()
    env = settings_env(db_url=db_url, redis_url=redis_url)
    print(f"database: {db_url.split('@')[-1]}; cache: {redis_url or 'per process (set REDIS_URL)'}")
    print("migrate, seed_demo, learners and their sessions ...", flush=True)
    prepare(env, collectstatic=opts.form)
    people = learners(env, prefix=PREFIX, count=opts.learners)
    before = json.loads(manage(env, "shell", "-c", QUIZZES, capture=True).strip().splitlines()[-1])
    quizzes = before["quizzes"]
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()  # sessions come back from the database; nothing stale

    server = Server(env, port=PORT, workers=opts.workers)
    try:
        questions = {}
        for pk, language, _url in quizzes:
            status, body = request(PORT, "GET", f"/api/v1/quizzes/{pk}/?lang={language}")
            assert status == 200, (pk, status)
            questions[pk] = json.loads(body)["questions"]
        rng = random.Random(16)
        # Each client process takes its own learners in turn; each request is one learner's submission.
        per_client: list[list[bytes]] = [[] for _ in range(opts.clients)]
        form_per_client: list[list[bytes]] = [[] for _ in range(opts.clients)]
        for n, person in enumerate(people):
            pk, language, lesson_url = quizzes[n % len(quizzes)]
            answers = answers_for(questions[pk], rng)
            per_client[n % opts.clients].append(
                raw_request(
                    "POST",
                    f"/api/v1/quizzes/{pk}/attempts/?lang={language}",
                    {"Cookie": person.cookie, "X-CSRFToken": person.csrf, "Content-Type": "application/json"},
                    json.dumps({"answers": answers}).encode(),
                )
            )
            form_per_client[n % opts.clients].append(
                raw_request(
                    "POST",
                    f"/{language}/learning/quizzes/{pk}/submit/",
                    {"Cookie": person.cookie, "Content-Type": "application/x-www-form-urlencoded"},
                    _form_body(answers, person.csrf, lesson_url),
                )
            )
        healthz = [[raw_request("GET", "/healthz")] for _ in range(opts.clients)]
        for _ in range(opts.workers * 3):  # warm every worker
            for pk, language, _url in quizzes:
                request(PORT, "GET", f"/api/v1/quizzes/{pk}/?lang={language}")
        print(
            f"gunicorn: {opts.workers} sync workers; {opts.clients} client processes; {len(people)} learners; "
            f"{len(quizzes)} quizzes; {opts.rounds} rounds of {opts.seconds:.0f} s"
        )
        rows, accepted = [], 0
        for n in range(opts.rounds):
            h = load(PORT, healthz, expected=200, seconds=opts.seconds)
            s = load(PORT, per_client, expected=201, seconds=opts.seconds)
            accepted += s.done
            row = [h, s]
            line = (
                f"  round {n + 1}: /healthz {h.rate:6.0f}/s (p99 {h.p99:4.0f} ms); API submissions {s.rate:6.1f}/s "
                f"ratio {s.rate / h.rate:.3f}, p50 {s.p50:4.0f} ms, p95 {s.p95:4.0f} ms, p99 {s.p99:5.0f} ms"
            )
            if s.bad:
                line += f"  ! not 201: {s.statuses}"
            if opts.form:
                f = load(PORT, form_per_client, expected=302, seconds=opts.seconds)
                accepted += f.done
                row.append(f)
                line += f"; form {f.rate:6.1f}/s ratio {f.rate / h.rate:.3f}, p99 {f.p99:5.0f} ms"
                if f.bad:
                    line += f"  ! not 302: {f.statuses}"
            rows.append(row)
            print(line, flush=True)
        print(f"  /healthz:         {median(r[0].rate for r in rows):8.0f} requests/s (median)")
        print(
            f"  API submissions:  {median(r[1].rate for r in rows):8.1f} /s  ratio "
            f"{median(r[1].rate / r[0].rate for r in rows):.3f} (median; goal >= 0.10), "
            f"p50 {median(r[1].p50 for r in rows):.0f} ms, p95 {median(r[1].p95 for r in rows):.0f} ms, "
            f"p99 {median(r[1].p99 for r in rows):.0f} ms (median of rounds; goal < 300)"
        )
        if opts.form:
            print(
                f"  form submissions: {median(r[2].rate for r in rows):8.1f} /s  ratio "
                f"{median(r[2].rate / r[0].rate for r in rows):.3f} (median), "
                f"p50 {median(r[2].p50 for r in rows):.0f} ms, p95 {median(r[2].p95 for r in rows):.0f} ms, "
                f"p99 {median(r[2].p99 for r in rows):.0f} ms (median of rounds)"
            )
    finally:
        server.stop()
    after = json.loads(manage(env, "shell", "-c", QUIZZES, capture=True).strip().splitlines()[-1])
    stored = after["attempts"] - before["attempts"]
    print(
        f"  stored: {stored} attempts for {accepted} accepted "
        f"{after['answers'] - before['answers']} answers; attempt numbers unique: {after['numbers_unique']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
