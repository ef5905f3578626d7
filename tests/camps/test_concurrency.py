"""Capacity and one-application-per-person hold under real concurrency (PostgreSQL, real threads)."""

import threading

import pytest
from django.db import connections

from camps import services
from camps.models import Application, Status
from config.api.errors import Conflict
from tests.conftest import requires_postgres
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    OrganiserFactory,
    StudentFactory,
    birth_date_for_age,
)

pytestmark = [
    requires_postgres,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 8


def _run_together(work, n):
    """Start n threads at the same instant; each gets its own database connection."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # collected and asserted on by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_concurrent_organisers_never_exceed_capacity():
    organisers = [OrganiserFactory() for _ in range(THREADS)]
    cohort = CohortFactory(capacity=3, organisers=organisers)
    applications = [ApplicationFactory(cohort=cohort) for _ in range(THREADS)]

    def accept(i):
        return services.application_decide(application=applications[i], by=organisers[i], decision="accept")

    results = _run_together(accept, THREADS)
    accepted = [r for r in results if isinstance(r, Application)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(accepted) == 3, results
    assert len(conflicts) == THREADS - 3, results
    assert Application.objects.filter(cohort=cohort, status=Status.ACCEPTED).count() == 3


def test_concurrent_bulk_accepts_never_exceed_capacity():
    organisers = [OrganiserFactory() for _ in range(4)]
    cohort = CohortFactory(capacity=5, organisers=organisers)
    applications = [ApplicationFactory(cohort=cohort) for _ in range(8)]
    batches = [applications[0:2], applications[2:4], applications[4:6], applications[6:8]]

    def accept(i):
        return services.applications_decide(
            cohort=cohort, application_ids=[a.pk for a in batches[i]], by=organisers[i], decision="accept"
        )

    results = _run_together(accept, 4)
    # A batch is all or nothing: two whole batches fit in five places, the other two are refused whole.
    done = [i for i, r in enumerate(results) if not isinstance(r, Exception)]
    refused = [i for i, r in enumerate(results) if isinstance(r, Conflict)]
    assert len(done) == 2 and len(refused) == 2, results
    accepted_ids = set(
        Application.objects.filter(cohort=cohort, status=Status.ACCEPTED).values_list("pk", flat=True)
    )
    assert accepted_ids == {a.pk for i in done for a in batches[i]}


def test_concurrent_submissions_make_one_application_per_person():
    cohort = CohortFactory(capacity=50)
    person = StudentFactory()

    def submit(i):
        return services.application_submit(
            cohort=cohort,
            applicant=person,
            data={
                "full_name": "Эрмек Асанов",
                "date_of_birth": birth_date_for_age(20, cohort.starts_on),
                "region": "osh",
                "contact_email": "ermek@example.org",
            },
            answers={},
        )

    results = _run_together(submit, THREADS)
    made = [r for r in results if isinstance(r, Application)]
    assert len(made) == 1, results
    assert all(isinstance(r, Conflict) for r in results if not isinstance(r, Application)), results
    assert Application.objects.filter(cohort=cohort, applicant=person).count() == 1


def test_withdrawals_racing_offer_each_freed_place_once():
    organiser = OrganiserFactory()
    cohort = CohortFactory(capacity=4, organisers=[organiser])
    accepted = [ApplicationFactory(cohort=cohort) for _ in range(4)]
    waiting = [ApplicationFactory(cohort=cohort) for _ in range(6)]
    services.applications_decide(
        cohort=cohort, application_ids=[a.pk for a in accepted], by=organiser, decision="accept"
    )
    services.applications_decide(
        cohort=cohort, application_ids=[a.pk for a in waiting], by=organiser, decision="waitlist"
    )

    def withdraw(i):
        return services.application_withdraw(application=accepted[i], by=accepted[i].applicant)

    results = _run_together(withdraw, 4)
    assert all(isinstance(r, Application) and r.status == Status.WITHDRAWN for r in results), results
    assert Application.objects.filter(cohort=cohort, status=Status.OFFERED).count() == 4
    holding = Application.objects.filter(
        cohort=cohort, status__in=["accepted", "offered", "confirmed"]
    ).count()
    assert holding == 4
