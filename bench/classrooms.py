"""Classroom pages under gunicorn, on this machine: requests per second for the teacher's dashboard (/ky/teach/),
the report endpoint of a class of 40 pupils × 30 assignments (/api/v1/classes/<id>/report/) and /healthz in one
run, and their ratios, with 100,000 quiz attempts stored.

Production settings (DEBUG off, TLS off for the local run), a seeded SQLite file (var/bench/classrooms.sqlite3, or
DATABASE_URL if set), `collectstatic` first. The data is made once and kept: the demo, then a class "Bench 40×30"
of teacher1 and enough other learners' attempts to reach 100,000.
Usage: .venv/bin/python bench/classrooms.py [--seconds 5] [--rounds 3] [--workers N] [--clients N]
"""

import argparse
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
        BENCH_ATTEMPTS=str(ATTEMPTS),
    )
    return env


def _manage(env, *args, capture=False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        text=True,
    )
    return result.stdout or ""


def _request(path: str, headers: dict | None = None, method: str = "GET", body: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def _login(username: str) -> str:
    response, html = _request("/ky/accounts/login/")
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "").group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
    body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": "civic-demo"})
    response, _ = _request(
        "/ky/accounts/login/",
        {
            "Cookie": f"csrftoken={csrf_cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{PORT}/ky/accounts/login/",
        },
        "POST",
        body,
    )
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie") or "")
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
    bad = sum(r[1] for r in results)
    if bad:
        print(f"  ! {bad} responses to {path} were not 200")
    return sum(r[0] for r in results) / seconds


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
        db_url = f"sqlite:///{ROOT / 'var' / 'bench' / 'classrooms.sqlite3'}"
    env = _env(db_url)
    print(f"database: {db_url.split('@')[-1]}")
    print(f"migrate, seed_demo, {ATTEMPTS:,} quiz attempts, collectstatic ...", flush=True)
    seed_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}  # production refuses demo data
    _manage(seed_env, "migrate", "--noinput")
    _manage(seed_env, "seed_demo", "--quiet-logins")
    class_id, attempts = _manage(seed_env, "shell", "-c", MAKE_DATA, capture=True).split()[-2:]
    print(f"bench class {class_id}: 40 pupils × 30 assignments; quiz attempts stored: {int(attempts):,}")
    _manage(env, "collectstatic", "--noinput", "--clear")
    report = f"/api/v1/classes/{class_id}/report/"

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
        ]
        + ["--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning"],
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
        cookie = _login("teacher1")
        for _ in range(opts.workers * 3):  # warm every worker
            for path in (DASHBOARD, report):
                response, _body = _request(path, {"Cookie": cookie})
                assert response.status == 200, (path, response.status)
        print(
            f"gunicorn: {opts.workers} sync workers; {opts.clients} client processes; {opts.rounds} rounds of {opts.seconds:.0f} s"
        )
        rows = []
        for n in range(opts.rounds):
            healthz = _rate("/healthz", None, opts.seconds, opts.clients)
            dashboard = _rate(DASHBOARD, cookie, opts.seconds, opts.clients)
            matrix = _rate(report, cookie, opts.seconds, opts.clients)
            rows.append((healthz, dashboard, matrix))
            print(
                f"  round {n + 1}: /healthz {healthz:6.0f}/s, dashboard {dashboard:6.1f}/s "
                f"(ratio {dashboard / healthz:.2f}), report {matrix:6.1f}/s (ratio {matrix / healthz:.2f})"
            )
        med = [statistics.median(col) for col in zip(*rows, strict=True)]
        print(f"  /healthz:             {med[0]:8.0f} requests/s (median)")
        print(
            f"  dashboard (/ky/teach/): {med[1]:6.1f} requests/s  ratio {statistics.median(r[1] / r[0] for r in rows):.2f} "
            "(median; target >= 0.10)"
        )
        print(
            f"  report 40×30 (JSON):  {med[2]:8.1f} requests/s  ratio {statistics.median(r[2] / r[0] for r in rows):.2f} (median)"
        )
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
