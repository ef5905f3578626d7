"""Capacity, one application per person and a guardian's consent hold under real concurrency (PostgreSQL, real
threads)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from camps import services
from camps.models import Application, Consent, Status
from config.api.errors import Conflict
from tests.concurrency import run_together
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


def test_concurrent_organisers_never_exceed_capacity():
    organisers = [OrganiserFactory() for _ in range(THREADS)]
    cohort = CohortFactory(capacity=3, organisers=organisers)
    applications = [ApplicationFactory(cohort=cohort) for _ in range(THREADS)]

    def accept(i):
        return services.application_decide(application=applications[i], by=organisers[i], decision="accept")

    results = run_together(accept, THREADS)
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

    results = run_together(accept, 4)
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

    results = run_together(submit, THREADS)
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

    results = run_together(withdraw, 4)
    assert all(isinstance(r, Application) and r.status == Status.WITHDRAWN for r in results), results
    assert Application.objects.filter(cohort=cohort, status=Status.OFFERED).count() == 4
    holding = Application.objects.filter(
        cohort=cohort, status__in=["accepted", "offered", "confirmed"]
    ).count()
    assert holding == 4


# A parent's (guardian's) consent racing itself and the organisers ------------------------------------------
#
# Each race is played in its worst order, every time: the first request does its work and keeps its transaction
# open; the second starts then and runs until it finishes or waits on a lock the first holds (PostgreSQL says
# which); only then does the first commit. Without the row locks, the second acts on what it read before the
# first committed.

WAIT_LIMIT = 60  # seconds: a thread stuck longer than this fails the test instead of hanging it


def _while_first_holds(first, second):
    """Run first() in a transaction kept open until second() has finished or is waiting on a lock; return both
    results (an exception counts as a result)."""
    results: dict[str, object] = {}
    first_done, release, second_started = threading.Event(), threading.Event(), threading.Event()
    second_pid: list[int] = []

    def run_first():
        try:
            with transaction.atomic():
                results["first"] = first()
                first_done.set()
                assert release.wait(WAIT_LIMIT), "the second request never finished nor waited"
        except Exception as exc:  # collected and asserted on by the test
            results.setdefault("first", exc)
        finally:
            first_done.set()
            connections.close_all()

    def run_second():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                second_pid.append(cursor.fetchone()[0])
            second_started.set()
            results["second"] = second()
        except Exception as exc:
            results["second"] = exc
        finally:
            second_started.set()
            connections.close_all()

    one = threading.Thread(target=run_first)
    one.start()
    assert first_done.wait(WAIT_LIMIT)
    two = threading.Thread(target=run_second)
    two.start()
    assert second_started.wait(WAIT_LIMIT)
    with connection.cursor() as cursor:
        for _ in range(WAIT_LIMIT * 100):
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", second_pid)
            row = cursor.fetchone()
            if not two.is_alive() or (row and row[0] == "Lock"):
                break
            two.join(0.01)
    release.set()
    one.join(WAIT_LIMIT)
    two.join(WAIT_LIMIT)
    assert not one.is_alive() and not two.is_alive()
    return results["first"], results["second"]


def _awaiting_minor(cohort):
    application = services.application_submit(
        cohort=cohort,
        applicant=StudentFactory(),
        data={
            "full_name": "Айдана Осмонова",
            "date_of_birth": birth_date_for_age(16, cohort.starts_on),
            "region": "naryn",
            "contact_email": "aidana@example.org",
            "guardian_name": "Гүлнара Осмонова",
            "guardian_contact": "gulnara@example.org",
        },
        answers={},
    )
    assert application.status == Status.AWAITING_GUARDIAN
    return application


def _consent(application, photos=True):
    return services.guardian_consent_give(
        application=application,
        link_version=application.guardian_link_version,
        given_by="Гүлнара Осмонова",
        photos=photos,
        language="ky",
        ip_address="203.0.113.7",
    )


def _history(application: Application) -> list[tuple[str, str]]:
    """The status log, checked to be one unbroken chain that ends in the application's status."""
    application.refresh_from_db()
    chain = list(application.status_changes.order_by("pk").values_list("from_status", "to_status"))
    assert chain[0][0] == "", chain
    for (_before, after), (following, _next) in zip(chain, chain[1:], strict=False):
        assert after == following, chain
    assert chain[-1][1] == application.status, chain
    return chain


def test_the_same_link_submitted_twice_at_once_records_one_consent():
    cohort = CohortFactory(capacity=5)
    application = _awaiting_minor(cohort)

    first, second = _while_first_holds(lambda: _consent(application), lambda: _consent(application))

    assert isinstance(first, Application), first
    assert isinstance(second, Conflict), second
    assert application.consents.filter(kind=Consent.Kind.PARTICIPATION).count() == 1
    assert application.consents.filter(kind=Consent.Kind.PHOTOS).count() == 1
    assert _history(application) == [
        ("", Status.AWAITING_GUARDIAN),
        (Status.AWAITING_GUARDIAN, Status.SUBMITTED),
    ]


def test_a_consent_given_while_the_last_place_is_being_taken_joins_the_waiting_list():
    organiser = OrganiserFactory()
    cohort = CohortFactory(capacity=1, organisers=[organiser])
    minor = _awaiting_minor(cohort)
    adult = ApplicationFactory(cohort=cohort)

    accepted, consented = _while_first_holds(
        lambda: services.application_decide(application=adult, by=organiser, decision="accept"),
        lambda: _consent(minor, photos=False),
    )

    assert isinstance(accepted, Application) and isinstance(consented, Application), (accepted, consented)
    assert _history(minor) == [("", Status.AWAITING_GUARDIAN), (Status.AWAITING_GUARDIAN, Status.WAITLISTED)]
    assert minor.waitlisted_at is not None
    assert cohort.applications.places_held() == 1


def test_consent_withdrawn_while_an_organiser_accepts_gives_the_place_up():
    organiser = OrganiserFactory()
    cohort = CohortFactory(capacity=5, organisers=[organiser])
    application = _awaiting_minor(cohort)
    _consent(application, photos=False)
    application.refresh_from_db()

    accepted, withdrawn = _while_first_holds(
        lambda: services.application_decide(application=application, by=organiser, decision="accept"),
        lambda: services.guardian_consent_withdraw(
            application=application, link_version=application.guardian_link_version, kind="participation"
        ),
    )

    assert isinstance(accepted, Application) and isinstance(withdrawn, Application), (accepted, withdrawn)
    assert _history(application)[2:] == [
        (Status.SUBMITTED, Status.ACCEPTED),
        (Status.ACCEPTED, Status.WITHDRAWN),
    ]
    assert not application.consents.filter(
        kind=Consent.Kind.PARTICIPATION, withdrawn_at__isnull=True
    ).exists()
    assert cohort.applications.places_held() == 0


def test_an_organiser_accepting_while_the_guardian_withdraws_is_refused():
    organiser = OrganiserFactory()
    cohort = CohortFactory(capacity=5, organisers=[organiser])
    application = _awaiting_minor(cohort)
    _consent(application, photos=False)
    application.refresh_from_db()

    withdrawn, accepted = _while_first_holds(
        lambda: services.guardian_consent_withdraw(
            application=application, link_version=application.guardian_link_version, kind="participation"
        ),
        lambda: services.application_decide(application=application, by=organiser, decision="accept"),
    )

    assert isinstance(withdrawn, Application), withdrawn
    assert isinstance(accepted, Conflict), accepted
    assert _history(application)[2:] == [(Status.SUBMITTED, Status.AWAITING_GUARDIAN)]
    assert cohort.applications.places_held() == 0


def test_a_capacity_lowered_while_a_place_is_being_taken_is_refused():
    organiser = OrganiserFactory()
    cohort = CohortFactory(capacity=2, organisers=[organiser])
    held, taking = ApplicationFactory(cohort=cohort), ApplicationFactory(cohort=cohort)
    services.application_decide(application=held, by=organiser, decision="accept")

    accepted, lowered = _while_first_holds(
        lambda: services.application_decide(application=taking, by=organiser, decision="accept"),
        lambda: services.cohort_update(cohort=cohort, by=organiser, data={"capacity": 1}),
    )

    assert isinstance(accepted, Application), accepted
    assert isinstance(lowered, ValidationError) and "capacity" in lowered.message_dict, lowered
    cohort.refresh_from_db()
    assert cohort.capacity == 2 == cohort.applications.places_held()


def test_an_application_made_while_the_last_place_is_being_taken_joins_the_waiting_list():
    organiser = OrganiserFactory()
    cohort = CohortFactory(capacity=1, organisers=[organiser])
    first = ApplicationFactory(cohort=cohort)
    person = StudentFactory()

    accepted, late = _while_first_holds(
        lambda: services.application_decide(application=first, by=organiser, decision="accept"),
        lambda: services.application_submit(
            cohort=cohort,
            applicant=person,
            data={
                "full_name": "Эрмек Асанов",
                "date_of_birth": birth_date_for_age(20, cohort.starts_on),
                "region": "osh",
                "contact_email": "ermek@example.org",
            },
            answers={},
        ),
    )

    assert isinstance(accepted, Application) and isinstance(late, Application), (accepted, late)
    assert _history(late) == [("", Status.WAITLISTED)]
    assert late.waitlisted_at is not None
