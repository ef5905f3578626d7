"""Selection's smaller promises, one test each: what a decision carries into the log, which cohort's waiting
list a freed place goes to, which offers lapse and when the next ones run out, and a note that leaves the rest
of the application alone."""

import datetime as dt

import pytest
from django.utils import timezone

from camps import services
from camps.models import Application, Status, StatusChange
from tests.factories import ApplicationFactory, CohortFactory


def _waiting(cohort, **fields):
    return ApplicationFactory(cohort=cohort, status=Status.WAITLISTED, waitlisted_at=timezone.now(), **fields)


def _offered(cohort, expires_at):
    return ApplicationFactory(cohort=cohort, status=Status.OFFERED, offer_expires_at=expires_at)


def test_a_decision_without_a_message_logs_none(cohort, organiser):
    application = ApplicationFactory(cohort=cohort)
    services.application_decide(application=application, by=organiser, decision="accept")
    assert StatusChange.objects.get(application=application, to_status=Status.ACCEPTED).message == ""


def test_a_decision_on_one_application_logs_the_organisers_message(cohort, organiser):
    application = ApplicationFactory(cohort=cohort)
    services.application_decide(
        application=application, by=organiser, decision="reject", message="Бул жолу орун жетпеди."
    )
    change = StatusChange.objects.get(application=application, to_status=Status.REJECTED)
    assert change.message == "Бул жолу орун жетпеди."


def test_no_offer_once_the_camp_has_begun_at_the_time_given(cohort):
    waiting = _waiting(cohort)
    begun = timezone.make_aware(dt.datetime.combine(cohort.starts_on, dt.time(12)))
    assert services.cohort_offer_next(cohort=cohort, now=begun) == []
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


def test_a_free_place_is_offered_to_this_cohorts_waiting_list_only(cohort):
    elsewhere = _waiting(CohortFactory(capacity=1))
    assert services.cohort_offer_next(cohort=cohort) == []
    elsewhere.refresh_from_db()
    assert elsewhere.status == Status.WAITLISTED


def test_only_offers_past_their_deadline_lapse(cohort):
    now = timezone.now()
    lapsed, fresh = (
        _offered(cohort, now - dt.timedelta(minutes=1)),
        _offered(cohort, now + dt.timedelta(hours=1)),
    )
    assert services.offers_expire(now=now) == 1
    assert Application.objects.get(pk=lapsed.pk).status == Status.EXPIRED
    assert Application.objects.get(pk=fresh.pk).status == Status.OFFERED


def test_every_lapsed_offer_is_counted(cohort):
    past = timezone.now() - dt.timedelta(minutes=1)
    _offered(cohort, past), _offered(cohort, past)
    assert services.offers_expire() == 2


def test_places_freed_by_lapsed_offers_are_offered_on_with_a_deadline_from_the_time_given(cohort):
    cohort.capacity = 1
    cohort.save(update_fields=["capacity"])
    at = timezone.now() + dt.timedelta(hours=5)
    _offered(cohort, at - dt.timedelta(hours=1))
    waiting = _waiting(cohort)
    assert services.offers_expire(now=at) == 1
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED
    assert waiting.offer_expires_at == at + dt.timedelta(days=cohort.offer_days)


def test_a_note_leaves_a_decision_made_meanwhile_alone(cohort, organiser):
    application = ApplicationFactory(cohort=cohort)
    stale = Application.objects.get(pk=application.pk)
    services.application_decide(application=application, by=organiser, decision="accept")
    services.application_note_set(application=stale, by=organiser, notes="Телефон аркылуу сүйлөштүк.")
    application.refresh_from_db()
    assert (application.status, application.notes) == (Status.ACCEPTED, "Телефон аркылуу сүйлөштүк.")


def test_the_offer_clock_leaves_cohorts_without_a_lapsed_offer_alone(cohort):
    now = timezone.now()
    _offered(cohort, now + dt.timedelta(hours=1))
    waiting = _waiting(
        cohort
    )  # a place is free (capacity 2): only a lapsed offer or a withdrawal moves the list
    assert services.offers_expire(now=now) == 0
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


def test_a_decision_on_several_applications_returns_them_in_the_order_they_came(cohort, organiser):
    later = ApplicationFactory(cohort=cohort, submitted_at=timezone.now())
    earlier = ApplicationFactory(cohort=cohort, submitted_at=timezone.now() - dt.timedelta(days=1))
    decided = services.applications_decide(
        cohort=cohort, application_ids=[later.pk, earlier.pk], by=organiser, decision="reject"
    )
    assert decided == [earlier, later]


def test_an_accepted_application_does_not_get_a_place_on_the_waiting_list(cohort, organiser):
    application = ApplicationFactory(cohort=cohort)
    services.applications_decide(
        cohort=cohort, application_ids=[application.pk], by=organiser, decision="accept"
    )
    application.refresh_from_db()
    assert (application.status, application.waitlisted_at) == (Status.ACCEPTED, None)


def test_a_full_cohort_says_no_place_is_left(cohort, organiser):
    from django.utils import translation

    from core.errors import Conflict

    for _ in range(cohort.capacity):
        ApplicationFactory(cohort=cohort, status=Status.CONFIRMED)
    late = ApplicationFactory(cohort=cohort)
    with translation.override("en"), pytest.raises(Conflict) as exc:
        services.applications_decide(
            cohort=cohort, application_ids=[late.pk], by=organiser, decision="accept"
        )
    assert exc.value.message == f"Not enough places: 0 left of {cohort.capacity}, 1 asked for."
