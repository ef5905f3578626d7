"""Capacity and one-live-registration-per-person hold under real concurrency (PostgreSQL, real threads)."""

import pytest
from django.db import connection

from alumni import services
from alumni.models import RS, Registration
from alumni.selectors import waitlist_position
from tests.concurrency import run_together
from tests.conftest import requires_postgres
from tests.factories import ForumEventFactory, graduate

pytestmark = [
    requires_postgres,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 12


def test_concurrent_registrations_never_exceed_capacity_and_the_rest_wait_in_line():
    assert connection.vendor == "postgresql"
    event = ForumEventFactory(capacity=5)
    people = [graduate() for _ in range(THREADS)]

    results = run_together(lambda i: services.registration_create(event=event, user=people[i]), THREADS)

    for i, result in enumerate(results):
        assert isinstance(result, tuple), result
        registration, created = result
        assert created is True
        assert registration.user_id == people[i].pk
        assert registration.status in (RS.CONFIRMED, RS.WAITLISTED)
    statuses = [r.status for r, _created in results]
    assert statuses.count(RS.CONFIRMED) == 5
    assert statuses.count(RS.WAITLISTED) == THREADS - 5
    assert Registration.objects.filter(event=event, status=RS.CONFIRMED).count() == 5
    positions = sorted(
        waitlist_position(registration=r)
        for r in Registration.objects.filter(event=event, status=RS.WAITLISTED)
    )
    assert positions == list(range(1, THREADS - 5 + 1))


def test_one_person_registering_many_times_at_once_gets_one_registration():
    event = ForumEventFactory(capacity=3)
    user = graduate()

    results = run_together(lambda i: services.registration_create(event=event, user=user), 8)

    for result in results:
        assert isinstance(result, tuple), result
    created = [r for r, was_created in results if was_created]
    assert len(created) == 1
    assert {r.pk for r, _created in results} == {created[0].pk}
    assert Registration.objects.filter(event=event, user=user).count() == 1


def test_cancellations_and_registrations_at_once_keep_capacity():
    event = ForumEventFactory(capacity=3)
    holders = [graduate() for _ in range(3)]
    held = [services.registration_create(event=event, user=u)[0] for u in holders]
    newcomers = [graduate() for _ in range(5)]

    def work(i):
        if i < 3:
            return services.registration_cancel(registration=held[i], by=holders[i])
        return services.registration_create(event=event, user=newcomers[i - 3])[0]

    results = run_together(work, 8)

    for result in results:
        assert isinstance(result, Registration), result
    assert [r.status for r in results[:3]] == [RS.CANCELLED] * 3
    holding = Registration.objects.filter(event=event).holding().count()
    assert holding == 3
    assert Registration.objects.filter(event=event, status=RS.WAITLISTED).count() == 2
