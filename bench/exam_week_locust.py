"""Locust users of the exam-week benchmark (bench/exam_week.py starts locust with this file; see there).

EXAM_PLAN names the JSON plan the script wrote: the signed-in people (session cookie and CSRF secret), the
lessons, quizzes (with their questions), classes, applications and the forum event. Every simulated user takes
the next person of its kind, so a thousand learners are a thousand distinct accounts.

EXAM_THINK is the learners' mean think time in seconds (60 in an exam week); EXAM_TEACHERS, EXAM_ORGANISERS
and EXAM_ALUMNI fix how many of the others run beside them. Requests are named by kind, not by URL.
"""

import itertools
import json
import os
import random

import gevent
from _answers import answers_for  # bench/ is on the path: locust runs this file from there
from _exam_kinds import LEARNER_KINDS, LESSON_PAGE, QUIZ_SUBMISSION
from locust import FastHttpUser, between, constant, events, task

with open(os.environ["EXAM_PLAN"], encoding="utf-8") as _plan:
    PLAN = json.load(_plan)
THINK = float(os.environ.get("EXAM_THINK", "60"))
# Seconds after everyone has started before the figures count (every learner has then arrived once); what the
# arrival looked like is written to EXAM_ARRIVAL (JSON) when the figures are reset.
ARRIVAL = float(os.environ.get("EXAM_ARRIVAL_SECONDS", "0"))
_environment = None


@events.init.add_listener
def _keep_environment(environment, **kwargs):
    global _environment
    _environment = environment


@events.spawning_complete.add_listener
def _count_after_the_arrival(user_count, **kwargs):
    if ARRIVAL > 0:
        gevent.spawn_later(ARRIVAL, _arrived)


def _arrived():
    stats = _environment.runner.stats
    learners = [e for (name, _method), e in stats.entries.items() if name in LEARNER_KINDS and e.num_requests]
    arrival = {
        "requests": sum(e.num_requests for e in learners),
        "p95": max((e.get_response_time_percentile(0.95) for e in learners), default=0),
    }
    with open(os.environ["EXAM_ARRIVAL"], "w", encoding="utf-8") as out:
        json.dump(arrival, out)
    stats.reset_all()


_next = {kind: itertools.count() for kind in ("students", "teachers", "organisers", "alumni")}


def _person(kind: str) -> dict:
    people = PLAN[kind]
    return people[next(_next[kind]) % len(people)]


class _SignedIn(FastHttpUser):
    """A signed-in person: every request carries their session cookie and CSRF token. FastHttpUser
    (geventhttpclient) costs the load generator a fraction of the CPU python-requests does, which matters on the
    two cores it shares with the server."""

    abstract = True
    kind = ""

    def on_start(self):
        person = _person(self.kind)
        self.person = person
        self.headers = {"Cookie": person["cookie"], "X-CSRFToken": person["csrf"], "Accept-Language": "ky"}


class Learner(_SignedIn):
    """Reads lessons and submits quizzes through the API; about 60 s between two steps. Arrivals are spread over
    one think time (the first step waits a random part of it), as pupils do not all click at once."""

    kind = "students"
    weight = 1
    wait_time = between(THINK / 2, THINK * 3 / 2)

    def on_start(self):
        super().on_start()
        self.rng = random.Random(self.person["cookie"])
        self._first = True

    def _arrive(self):
        if self._first:
            self._first = False
            gevent.sleep(self.rng.uniform(0, THINK))

    @task(3)
    def read_lesson(self):
        self._arrive()
        self.client.get(self.rng.choice(PLAN["lessons"]), headers=self.headers, name=LESSON_PAGE)

    @task(1)
    def submit_quiz(self):
        self._arrive()
        quiz = self.rng.choice(PLAN["quizzes"])
        self.client.post(
            f"/api/v1/quizzes/{quiz['id']}/attempts/?lang=ky",
            json={"answers": answers_for(quiz["questions"], self.rng)},
            headers=self.headers,
            name=QUIZ_SUBMISSION,
        )


class Teacher(_SignedIn):
    """Opens the dashboard and a class, now and then the class report and its CSV export."""

    kind = "teachers"
    fixed_count = int(os.environ.get("EXAM_TEACHERS", "0"))
    wait_time = between(10, 30)

    @task(3)
    def dashboard(self):
        self.client.get("/ky/teach/", headers=self.headers, name="teacher: dashboard")

    @task(2)
    def class_page(self):
        self.client.get(
            f"/ky/teach/classes/{random.choice(self.person['classes'])}/",
            headers=self.headers,
            name="teacher: class page",
        )

    @task(1)
    def export(self):
        self.client.get(
            f"/ky/teach/classes/{random.choice(self.person['classes'])}/export/report.csv",
            headers=self.headers,
            name="teacher: class report CSV",
        )


class Organiser(_SignedIn):
    """Reads an application and decides it (wait-list or reject; accepting needs consents and places)."""

    kind = "organisers"
    fixed_count = int(os.environ.get("EXAM_ORGANISERS", "0"))
    wait_time = between(5, 15)

    @task
    def decide(self):
        pk = random.choice(PLAN["applications"])
        self.client.get(f"/api/v1/applications/{pk}/", headers=self.headers, name="organiser: application")
        with self.client.post(
            f"/api/v1/applications/{pk}/decision/",
            json={"decision": random.choice(["waitlist", "reject"])},
            headers=self.headers,
            name="organiser: decision",
            catch_response=True,
        ) as response:
            # A decision the application's state no longer allows is a clear 4xx answer, not a failure.
            if response.status_code in (200, 400, 409):
                response.success()


class Alumnus(_SignedIn):
    """Opens the forum event, registers, and later cancels (so the next round registers again)."""

    kind = "alumni"
    fixed_count = int(os.environ.get("EXAM_ALUMNI", "0"))
    wait_time = between(10, 30)

    @task
    def register(self):
        event = PLAN["event"]
        self.client.get(f"/api/v1/events/{event}/", headers=self.headers, name="alumnus: event")
        with self.client.post(
            f"/api/v1/events/{event}/registrations/",
            json={},
            headers=self.headers,
            name="alumnus: registration",
            catch_response=True,
        ) as response:
            if response.status_code in (201, 409):  # 409: registered in an earlier step
                response.success()
        self.client.delete(
            f"/api/v1/events/{event}/registrations/mine/",
            headers=self.headers,
            name="alumnus: cancel registration",
        )


class Healthz(FastHttpUser):
    """/healthz once a second beside the others: its latency under the same load."""

    fixed_count = 1
    wait_time = constant(1)

    @task
    def healthz(self):
        self.client.get("/healthz", name="/healthz")
