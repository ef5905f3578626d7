"""Benchmark: how many applications per second POST /api/v1/cohorts/{id}/applications/ accepts on PostgreSQL
with 32 concurrent clients (token auth, a distinct user for every application), and the ratio to /healthz
under the same load. Starts its own gunicorn with production settings on 127.0.0.1; each run applies to a new
cohort (its programme and the applicants are made once per database).

Needs DATABASE_URL (PostgreSQL; created when missing) and preferably REDIS_URL (as in production).
Usage: DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python bench/camps.py
       (BENCH_APPLICATIONS=1600, BENCH_HEALTH_REQUESTS=3200, BENCH_WORKERS=2 × cores + 1, BENCH_PORT=8192)
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from _gunicorn import (  # noqa: E402  (bench/ is not a package)
    database_and_cache,
    each_once,
    learners,
    manage,
    prepare,
    raw_request,
    settings_env,
)

PORT = int(os.environ.get("BENCH_PORT", "8192"))
PREFIX = "campbench"
CLIENTS = 32
APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", "1600"))
HEALTH_REQUESTS = int(os.environ.get("BENCH_HEALTH_REQUESTS", "3200"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))

# Run inside `manage.py shell`: the bench programme (made once) and a new open cohort of it; prints its id.
MAKE_COHORT = r"""
import datetime as dt
from django.utils import timezone
from wagtail.models import Locale, Page
from accounts.services import roles_ensure
from camps.models import Cohort, ProgrammeIndexPage, ProgrammePage

roles_ensure()
programme = ProgrammePage.objects.filter(slug="bench-camp").first()
if programme is None:
    locale = Locale.objects.get_or_create(language_code="ky")[0]
    index = ProgrammeIndexPage(title="Программалар", slug="bench-programmes", locale=locale)
    Page.get_first_root_node().add_child(instance=index)
    programme = ProgrammePage(title="Демократия лагери", slug="bench-camp", locale=locale)
    index.add_child(instance=programme)
cohort = Cohort.objects.create(
    programme=programme, name="Bench", region="bishkek", starts_on=timezone.localdate() + dt.timedelta(days=60),
    ends_on=timezone.localdate() + dt.timedelta(days=65), applications_open_at=timezone.now() - dt.timedelta(days=1),
    applications_close_at=timezone.now() + dt.timedelta(days=30), capacity=100, min_age=14, max_age=30,
)
print(cohort.pk)
"""

BODY = {
    "full_name": "Бенч Катышуучу",
    "date_of_birth": "2005-05-05",
    "region": "bishkek",
    "contact_email": "bench@example.org",
}


def main() -> int:
    db_url, redis_url = database_and_cache()
    env = {**settings_env(db_url=db_url, redis_url=redis_url), "EMAIL_URL": "dummymail://"}
    print(
        f"camps bench: gunicorn {WORKERS} workers, {CLIENTS} concurrent clients, PostgreSQL {db_url.split('@')[-1]}"
    )
    prepare(env, collectstatic=True, demo=False)
    people = learners(env, prefix=PREFIX, count=APPLICATIONS, tokens=True)
    cohort = int(manage(env, "shell", "-c", MAKE_COHORT, capture=True).split()[-1])
    # Each client takes its own applicants in turn, each applying once.
    per_client: list[list[bytes]] = [[] for _ in range(CLIENTS)]
    for n, person in enumerate(people):
        headers = {"Authorization": f"Token {person.token}", "Content-Type": "application/json"}
        body = json.dumps(BODY).encode()
        per_client[n % CLIENTS].append(
            raw_request("POST", f"/api/v1/cohorts/{cohort}/applications/", headers, body)
        )
    s, h = each_once(
        env, per_client, port=PORT, workers=WORKERS, expected=201, health_requests=HEALTH_REQUESTS
    )
    print(
        f"applications: {s.done} created in {s.seconds:.2f} s -> {s.rate:.1f} applications/s  codes={s.codes(201)}"
    )
    print(f"/healthz:     {h.done} in {h.seconds:.2f} s -> {h.rate:.1f} requests/s  codes={h.codes(200)}")
    print(f"ratio applications/healthz: {s.rate / h.rate:.3f}")
    return 0 if s.done == len(people) else 1


if __name__ == "__main__":
    sys.exit(main())
