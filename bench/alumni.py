"""Benchmark: how many registrations per second POST /api/v1/events/{id}/registrations/ accepts on PostgreSQL
with 64 concurrent clients (token auth, a distinct alumnus for every registration) registering for one event of
capacity 100, beside /healthz under the same load in the same run; then the count of confirmed registrations
(must equal the capacity) and of wait-listed ones (the rest). Starts its own gunicorn with production settings on
127.0.0.1; each run registers for a new event (the alumni are made once per database).

Needs DATABASE_URL (PostgreSQL; created when missing) and preferably REDIS_URL (as in production).
Usage: DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python bench/alumni.py
       (BENCH_REGISTRATIONS=1000, BENCH_HEALTH_REQUESTS=3200, BENCH_WORKERS=2 × cores + 1, BENCH_PORT=8193)
"""

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

PORT = int(os.environ.get("BENCH_PORT", "8193"))
PREFIX = "alumnibench"
CLIENTS = 64
CAPACITY = 100
REGISTRATIONS = int(os.environ.get("BENCH_REGISTRATIONS", "1000"))
HEALTH_REQUESTS = int(os.environ.get("BENCH_HEALTH_REQUESTS", "3200"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))

# Run inside `manage.py shell` with BENCH_CAPACITY set: the bench learners made alumni, the forum's index page
# (made once) and a new event open for registration with its published page; prints the event's id.
MAKE_EVENT = r"""
import datetime as dt, os
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Locale, Page
from accounts import roles
from accounts.models import User
from accounts.services import roles_ensure
from alumni.models import EventIndexPage, EventPage, ForumEvent

roles_ensure()
alumni = Group.objects.get(name=roles.group_name(roles.ALUMNUS))
users = User.objects.filter(username__startswith="alumnibench")
User.groups.through.objects.bulk_create(
    [User.groups.through(user_id=pk, group_id=alumni.pk) for pk in users.values_list("pk", flat=True)],
    ignore_conflicts=True,
)
locale = Locale.objects.get_or_create(language_code="ky")[0]
index = EventIndexPage.objects.filter(slug="bench-forum").first()
if index is None:
    index = EventIndexPage(title="Бүтүрүүчүлөрдүн форуму", slug="bench-forum", locale=locale)
    Page.get_first_root_node().add_child(instance=index)
start = timezone.now() + dt.timedelta(days=30)
event = ForumEvent.objects.create(
    name="Bench", starts_at=start, ends_at=start + dt.timedelta(hours=6), capacity=int(os.environ["BENCH_CAPACITY"]),
    registration_opens_at=timezone.now() - dt.timedelta(days=1), registration_closes_at=start - dt.timedelta(days=1),
)
page = EventPage(title="Бүтүрүүчүлөрдүн жылдык форуму", slug=f"bench-event-{event.pk}", locale=locale, event=event)
index.add_child(instance=page)
page.save_revision().publish()
print(event.pk)
"""

# Run inside `manage.py shell` with BENCH_EVENT set: the event's confirmed, wait-listed and all registrations.
COUNT = r"""
import os
from django.db.models import Count
from alumni.models import Registration
rows = dict(Registration.objects.filter(event_id=os.environ["BENCH_EVENT"]).values_list("status").annotate(n=Count("pk")))
print(rows.get("confirmed", 0), rows.get("waitlisted", 0), sum(rows.values()))
"""


def main() -> int:
    db_url, redis_url = database_and_cache()
    env = {**settings_env(db_url=db_url, redis_url=redis_url), "EMAIL_URL": "dummymail://"}
    print(
        f"alumni bench: gunicorn {WORKERS} workers, {CLIENTS} concurrent clients, one event of capacity {CAPACITY}, "
        f"{REGISTRATIONS} alumni, PostgreSQL {db_url.split('@')[-1]}"
    )
    prepare(env, collectstatic=True, demo=False)
    people = learners(env, prefix=PREFIX, count=REGISTRATIONS, tokens=True)
    event = int(
        manage({**env, "BENCH_CAPACITY": str(CAPACITY)}, "shell", "-c", MAKE_EVENT, capture=True).split()[-1]
    )
    # Each client takes its own alumni in turn, each registering once.
    per_client: list[list[bytes]] = [[] for _ in range(CLIENTS)]
    for n, person in enumerate(people):
        headers = {"Authorization": f"Token {person.token}", "Content-Type": "application/json"}
        per_client[n % CLIENTS].append(
            raw_request("POST", f"/api/v1/events/{event}/registrations/", headers, b"{}")
        )
    s, h = each_once(
        env, per_client, port=PORT, workers=WORKERS, expected=201, health_requests=HEALTH_REQUESTS
    )
    counted = manage({**env, "BENCH_EVENT": str(event)}, "shell", "-c", COUNT, capture=True)
    confirmed, waiting, total = (int(n) for n in counted.strip().splitlines()[-1].split())
    print(
        f"registrations: {s.done} created in {s.seconds:.2f} s -> {s.rate:.1f} registrations/s  codes={s.codes(201)}"
    )
    print(f"/healthz:      {h.done} in {h.seconds:.2f} s -> {h.rate:.1f} requests/s  codes={h.codes(200)}")
    print(f"ratio registrations/healthz: {s.rate / h.rate:.3f}")
    print(f"after the run: {confirmed} confirmed (capacity {CAPACITY}), {waiting} waiting, {total} in all")
    ok = s.done == len(people) and confirmed == CAPACITY and waiting == total - CAPACITY
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
