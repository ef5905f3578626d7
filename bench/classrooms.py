"""Classroom pages under gunicorn, on this machine: requests per second for the teacher's dashboard (/ky/teach/),
the report endpoint of a class of 40 pupils × 30 assignments (/api/v1/classes/<id>/report/) and /healthz in one
run, and their ratios, with 100,000 quiz attempts stored.

Production settings (DEBUG off, TLS off for the local run), a seeded SQLite file (var/bench/classrooms.sqlite3, or
DATABASE_URL if set), `collectstatic` first. The data is made once and kept: the demo, then a class "Bench 40×30"
of teacher1 and enough other learners' attempts to reach 100,000.
Usage: .venv/bin/python bench/classrooms.py [--seconds 5] [--rounds 3] [--workers N] [--clients N]
"""

import argparse
import os
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
    request,
    settings_env,
)

PORT = 8193
ATTEMPTS = 100_000
DASHBOARD = "/ky/teach/"

# Run inside `manage.py shell`: the bench class (40 pupils, 30 assignments) and attempts up to ATTEMPTS.
MAKE_DATA = r"""
import random, uuid
from datetime import timedelta
from django.utils import timezone
from accounts.models import User
from courses.models import LessonPage, ModulePage, Quiz, QuizAttempt, QuizAnswer, LessonProgress
from courses.classrooms.models import Classroom, Membership, Assignment
from courses.classrooms import services
from django.db import transaction


def make():

    TARGET = int(__import__("os").environ["BENCH_ATTEMPTS"])
    rng = random.Random(7)
    now = timezone.now()
    teacher = User.objects.get(username="teacher1")
    classroom = Classroom.objects.filter(owner=teacher, name="Bench 40×30").first()
    quizzes = list(Quiz.objects.filter(locale__language_code="ky", lesson_links__lesson__live=True).distinct())
    if classroom is None:
        classroom = services.classroom_create(by=teacher, name="Bench 40×30", language="ky")
        pupils = User.objects.bulk_create([User(username=f"bench{n:03d}", first_name="Окуучу", last_name=f"{n:03d}") for n in range(40)])
        pupils = list(User.objects.filter(username__startswith="bench").order_by("username"))
        Membership.objects.bulk_create([Membership(classroom=classroom, student=p, status="active", via="teacher") for p in pupils])
        modules = list(ModulePage.objects.live().filter(locale__language_code="ky"))
        lessons = list(LessonPage.objects.live().filter(locale__language_code="ky"))
        contents = [("quiz", q) for q in quizzes] + [("module", m) for m in modules] + [("lesson", l) for l in lessons]
        Assignment.objects.bulk_create([
            Assignment(classroom=classroom, kind=kind, **{kind: c}, content_key=c.translation_key, title=c.title,
                       due_at=now + timedelta(days=rng.randint(-20, 20)), created_by=teacher)
            for kind, c in (contents * 3)[:30]
        ])
        for p in pupils:
            for l in rng.sample(lessons, min(12, len(lessons))):
                LessonProgress.objects.create(user=p, lesson_key=l.translation_key, module_key=ModulePage.objects.get(path=l.path[:-l.steplen]).translation_key,
                                              lesson=l, last_seen_at=now, completed_at=now - timedelta(days=rng.randint(0, 30)) if rng.random() < .8 else None)
    have = QuizAttempt.objects.count()
    if have < TARGET:
        learners = list(User.objects.filter(username__startswith="bench"))
        extra = User.objects.bulk_create([User(username=f"learner-{uuid.uuid4().hex[:12]}") for _ in range((TARGET - have) // 40 + 1)])
        learners += list(User.objects.filter(username__startswith="learner-"))
        batch, numbers = [], {}
        for i in range(TARGET - have):
            user = learners[i % len(learners)]
            quiz = quizzes[(i // len(learners)) % len(quizzes)]
            key = (user.pk, quiz.translation_key)
            numbers[key] = numbers.get(key, QuizAttempt.objects.filter(user=user, quiz_key=quiz.translation_key).count() if user.username.startswith("bench") else 0) + 1
            score = rng.randint(0, 8)
            batch.append(QuizAttempt(user=user, quiz=quiz, quiz_key=quiz.translation_key, number=numbers[key], status="submitted",
                                     started_at=now - timedelta(days=rng.randint(0, 60)), submitted_at=now - timedelta(days=rng.randint(0, 60)),
                                     score=score, max_score=8, passed=score >= 5))
            if len(batch) == 5000:
                QuizAttempt.objects.bulk_create(batch); batch = []
        QuizAttempt.objects.bulk_create(batch)
        # Answers for the bench class's attempts, for the difficult-questions report.
        from courses import scoring
        answers = []
        for a in QuizAttempt.objects.filter(user__username__startswith="bench").select_related("quiz"):
            for q in scoring.quiz_questions(a.quiz):
                answers.append(QuizAnswer(attempt=a, question_id=q.id, question_type=q.type, correct=rng.random() < .6, points=0, max_points=q.points))
        QuizAnswer.objects.bulk_create(answers, ignore_conflicts=True)
    return classroom.pk


with transaction.atomic():
    pk = make()
print(pk, QuizAttempt.objects.count())
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--clients", type=int, default=os.cpu_count() or 2)
    opts = parser.parse_args()

    db_url, redis_url = database_and_cache(sqlite="classrooms.sqlite3")
    env = settings_env(db_url=db_url, redis_url=redis_url)
    print(f"database: {db_url.split('@')[-1]}")
    print(f"migrate, seed_demo, {ATTEMPTS:,} quiz attempts, collectstatic ...", flush=True)
    prepare(env, collectstatic=False)
    seed_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "BENCH_ATTEMPTS": str(ATTEMPTS)}
    class_id, attempts = manage(seed_env, "shell", "-c", MAKE_DATA, capture=True).split()[-2:]
    print(f"bench class {class_id}: 40 pupils × 30 assignments; quiz attempts stored: {int(attempts):,}")
    manage(env, "collectstatic", "--noinput", "--clear")
    report = f"/api/v1/classes/{class_id}/report/"
    cookie = learners(env, usernames=["teacher1"])[0].cookie

    server = Server(env, port=PORT, workers=opts.workers)
    try:
        for _ in range(opts.workers * 3):  # warm every worker
            for path in (DASHBOARD, report):
                status, _body = request(PORT, "GET", path, {"Cookie": cookie})
                assert status == 200, (path, status)
        print(
            f"gunicorn: {opts.workers} sync workers; {opts.clients} client processes; {opts.rounds} rounds of {opts.seconds:.0f} s"
        )
        rows = []
        for n in range(opts.rounds):
            healthz = rate(PORT, raw_request("GET", "/healthz"), clients=opts.clients, seconds=opts.seconds)
            dashboard = rate(
                PORT,
                raw_request("GET", DASHBOARD, {"Cookie": cookie}),
                clients=opts.clients,
                seconds=opts.seconds,
            )
            matrix = rate(
                PORT,
                raw_request("GET", report, {"Cookie": cookie}),
                clients=opts.clients,
                seconds=opts.seconds,
            )
            rows.append((healthz, dashboard, matrix))
            print(
                f"  round {n + 1}: /healthz {healthz:6.0f}/s, dashboard {dashboard:6.1f}/s "
                f"(ratio {dashboard / healthz:.2f}), report {matrix:6.1f}/s (ratio {matrix / healthz:.2f})"
            )
        med = [median(col) for col in zip(*rows, strict=True)]
        print(f"  /healthz:             {med[0]:8.0f} requests/s (median)")
        print(
            f"  dashboard (/ky/teach/): {med[1]:6.1f} requests/s  ratio {median(r[1] / r[0] for r in rows):.2f} "
            "(median; target >= 0.10)"
        )
        print(
            f"  report 40×30 (JSON):  {med[2]:8.1f} requests/s  ratio {median(r[2] / r[0] for r in rows):.2f} (median)"
        )
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
