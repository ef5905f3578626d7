"""Registering for forum events: one step, one live registration, capacity, waiting list, offers and their clock,
cancelling, approval by hand, eligibility."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation

from alumni import services
from alumni.models import RS, Registration, RegistrationChange
from alumni.selectors import waitlist_position
from core.errors import Conflict, NotAllowed
from tests.factories import CohortFactory, ForumEventFactory, OrganiserFactory, StudentFactory, graduate

pytestmark = pytest.mark.django_db


def register(event, user, **answers):
    return services.registration_create(event=event, user=user, **answers)[0]


def test_an_alumnus_registers_in_one_step_and_a_second_attempt_returns_the_same():
    event = ForumEventFactory()
    user = graduate()
    registration, created = services.registration_create(event=event, user=user)
    assert created and registration.status == RS.CONFIRMED
    again, created = services.registration_create(event=event, user=user)
    assert (again, created) == (registration, False)
    assert Registration.objects.count() == 1
    assert list(RegistrationChange.objects.values_list("from_status", "to_status")) == [("", "confirmed")]


def test_the_database_allows_one_live_registration_per_person():
    from django.db import IntegrityError, transaction

    event = ForumEventFactory()
    user = graduate()
    register(event, user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event, user=user, status=RS.WAITLISTED, waitlisted_at=timezone.now()
        )


def test_past_capacity_people_wait_in_order_and_see_their_position():
    event = ForumEventFactory(capacity=2)
    people = [graduate() for _ in range(5)]
    registrations = [register(event, p) for p in people]
    assert [r.status for r in registrations] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
        "waitlisted",
    ]
    assert [waitlist_position(registration=r) for r in registrations] == [None, None, 1, 2, 3]


def test_a_cancelled_place_is_offered_to_the_next_with_the_events_window(django_capture_on_commit_callbacks):
    event = ForumEventFactory(capacity=1, offer_hours=48)
    first, second, third = (graduate() for _ in range(3))
    mine = register(event, first)
    waiting = register(event, second)
    register(event, third)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=mine, by=first)
    waiting.refresh_from_db()
    assert waiting.status == RS.OFFERED
    assert (
        dt.timedelta(hours=47, minutes=59)
        < waiting.offer_expires_at - before
        <= dt.timedelta(hours=48, seconds=5)
    )
    offered_mail = [m for m in mail.outbox if second.email in m.to]
    assert offered_mail and "сиз үчүн орун бошоду" in offered_mail[-1].subject  # in their language (ky)
    assert Registration.objects.get(user=third).status == RS.WAITLISTED
    services.offer_confirm(registration=waiting, by=second)
    waiting.refresh_from_db()
    assert waiting.status == RS.CONFIRMED and waiting.offer_expires_at is None


def test_a_lapsed_offer_moves_on_by_itself_and_cannot_be_confirmed():
    event = ForumEventFactory(capacity=1, offer_hours=24)
    first, second, third = (graduate() for _ in range(3))
    mine = register(event, first)
    offered = register(event, second)
    later = register(event, third)
    services.registration_cancel(registration=mine, by=first)
    assert services.offers_expire(now=timezone.now() + dt.timedelta(hours=23)) == 0
    assert services.offers_expire(now=timezone.now() + dt.timedelta(hours=25)) == 1
    offered.refresh_from_db()
    later.refresh_from_db()
    assert (offered.status, later.status) == (RS.EXPIRED, RS.OFFERED)
    with pytest.raises(Conflict) as exc:
        services.offer_confirm(registration=offered, by=second)
    assert exc.value.code == "offer_expired"
    offered.refresh_from_db()
    assert offered.status == RS.EXPIRED


def test_confirming_an_offer_after_its_deadline_before_the_clock_ran_is_refused():
    event = ForumEventFactory(capacity=1)
    first, second = graduate(), graduate()
    mine = register(event, first)
    offered = register(event, second)
    services.registration_cancel(registration=mine, by=first)
    offered.refresh_from_db()
    with pytest.raises(Conflict):
        services.offer_confirm(
            registration=offered, by=second, now=offered.offer_expires_at + dt.timedelta(seconds=1)
        )
    offered.refresh_from_db()
    assert offered.status == RS.OFFERED


def test_anyone_can_leave_the_waiting_list_and_positions_move_up():
    event = ForumEventFactory(capacity=1)
    register(event, graduate())
    a, b = graduate(), graduate()
    ra, rb = register(event, a), register(event, b)
    services.registration_cancel(registration=ra, by=a)
    rb.refresh_from_db()
    assert waitlist_position(registration=rb) == 1
    assert Registration.objects.get(pk=ra.pk).status == RS.CANCELLED


def test_cancelling_after_the_start_is_refused_and_changes_nothing():
    event = ForumEventFactory()
    user = graduate()
    registration = register(event, user)
    with pytest.raises(Conflict) as exc:
        services.registration_cancel(
            registration=registration, by=user, now=event.starts_at + dt.timedelta(minutes=1)
        )
    assert exc.value.code == "event_started"
    registration.refresh_from_db()
    assert registration.status == RS.CONFIRMED


def test_someone_else_cannot_cancel_my_registration():
    event = ForumEventFactory()
    owner = graduate()
    registration = register(event, owner)
    with pytest.raises(NotAllowed):
        services.registration_cancel(registration=registration, by=graduate())


def test_registering_outside_the_window_or_for_a_past_event_is_refused():
    user = graduate()
    early = ForumEventFactory(registration_opens_at=timezone.now() + dt.timedelta(days=1))
    closed = ForumEventFactory(
        registration_opens_at=timezone.now() - dt.timedelta(days=5),
        registration_closes_at=timezone.now() - dt.timedelta(days=1),
    )
    past = ForumEventFactory(
        starts_at=timezone.now() - dt.timedelta(days=3),
        registration_opens_at=timezone.now() - dt.timedelta(days=10),
        registration_closes_at=timezone.now() - dt.timedelta(days=4),
    )
    codes = []
    for event in (early, closed, past):
        with pytest.raises(Conflict) as exc:
            services.registration_create(event=event, user=user)
        codes.append(exc.value.code)
    assert codes == ["registration_not_open", "registration_closed", "event_started"]
    assert not Registration.objects.exists()


def test_non_alumni_are_not_eligible():
    with pytest.raises(NotAllowed) as exc:
        services.registration_create(event=ForumEventFactory(), user=StudentFactory())
    assert exc.value.code == "not_eligible"
    assert not Registration.objects.exists()


def test_eligibility_by_cohort_year_region_and_age():
    cohort = CohortFactory()
    insider = graduate(cohort=cohort, region="osh", age=20)
    outsider = graduate(region="talas", age=30)
    event = ForumEventFactory(
        eligible_years=[cohort.ends_on.year], eligible_regions=["osh"], min_age=18, max_age=25
    )
    event.eligible_cohorts.add(cohort)
    assert register(event, insider).status == RS.CONFIRMED
    with translation.override("en"), pytest.raises(NotAllowed) as exc:
        services.registration_create(event=event, user=outsider)
    assert exc.value.message == "This event is for alumni of other cohorts."


def test_eligibility_by_programme_uses_any_translation_of_it():
    user = graduate()
    event = ForumEventFactory()
    event.eligible_programmes.add(user.alumni_records.get().programme)
    assert register(event, user).status == RS.CONFIRMED
    other = ForumEventFactory()
    from tests.factories import programme_page

    other.eligible_programmes.add(programme_page(title="Жаш жарандар мектеби", slug="ycs"))
    with pytest.raises(NotAllowed):
        services.registration_create(event=other, user=user)


def test_eligibility_by_age_needs_a_birth_date_in_range():
    young = graduate(age=17)
    event = ForumEventFactory(min_age=18)
    with pytest.raises(NotAllowed) as exc:
        services.registration_create(event=event, user=young)
    assert "18" in exc.value.message


def test_eligibility_by_a_finished_module():
    from courses.models import LessonProgress
    from tests.factories import course_tree

    module, (lesson,) = course_tree(lessons=1)
    event = ForumEventFactory(eligible_module=module)
    user = graduate()
    with pytest.raises(NotAllowed):
        services.registration_create(event=event, user=user)
    LessonProgress.objects.create(
        user=user,
        lesson=lesson,
        lesson_key=lesson.translation_key,
        module_key=module.translation_key,
        completed_at=timezone.now(),
        last_seen_at=timezone.now(),
    )
    assert register(event, user).status == RS.CONFIRMED


def test_organisers_approve_by_hand_where_the_event_asks_and_a_turned_down_place_moves_on():
    organiser = OrganiserFactory()
    event = ForumEventFactory(capacity=1, requires_approval=True, organisers=[organiser])
    a, b = graduate(), graduate()
    ra, rb = register(event, a), register(event, b)
    assert (ra.status, rb.status) == (RS.PENDING, RS.WAITLISTED)
    with pytest.raises(NotAllowed):
        services.registration_decide(registration=ra, by=OrganiserFactory(), approve=True)
    services.registration_decide(registration=ra, by=organiser, approve=False)
    rb.refresh_from_db()
    assert rb.status == RS.OFFERED
    services.offer_confirm(registration=rb, by=b)
    rb.refresh_from_db()
    assert rb.status == RS.PENDING
    services.registration_decide(registration=rb, by=organiser, approve=True)
    rb.refresh_from_db()
    assert rb.status == RS.CONFIRMED
    with pytest.raises(Conflict):
        services.registration_decide(registration=rb, by=organiser, approve=False)


def test_optional_questions_are_kept_only_when_the_event_asks():
    asking = ForumEventFactory(ask_dietary=True, ask_travel=True)
    silent = ForumEventFactory()
    user = graduate()
    r1 = register(asking, user, dietary_needs="Вегетариан", needs_travel_support=True)
    r2 = register(silent, user, dietary_needs="Вегетариан", needs_travel_support=True)
    assert (r1.dietary_needs, r1.needs_travel_support) == ("Вегетариан", True)
    assert (r2.dietary_needs, r2.needs_travel_support) == ("", False)


def test_after_cancelling_one_may_register_again():
    event = ForumEventFactory()
    user = graduate()
    first = register(event, user)
    services.registration_cancel(registration=first, by=user)
    second, created = services.registration_create(event=event, user=user)
    assert created and second.pk != first.pk


def test_the_clock_runs_offers_expire_as_a_periodic_task():
    from alumni.tasks import PERIODIC_TASKS, offers_expire

    assert (offers_expire, 300) in PERIODIC_TASKS
    event = ForumEventFactory(capacity=1, offer_hours=1)
    a, b = graduate(), graduate()
    ra = register(event, a)
    rb = register(event, b)
    services.registration_cancel(registration=ra, by=a)
    Registration.objects.filter(pk=rb.pk).update(offer_expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert offers_expire.call() == 1
    assert Registration.objects.get(pk=rb.pk).status == RS.EXPIRED


# ---- each refusal in the words the alumnus reads (English here), and the edges of the window -----------------


def _refusal_of(event, user=None, **kwargs):
    from core.errors import Invalid

    with translation.override("en"), pytest.raises((Conflict, Invalid)) as exc:
        services.registration_create(event=event, user=user or graduate(), **kwargs)
    return exc.value.message, exc.value.code, getattr(exc.value, "fields", {})


def test_a_cancelled_event_takes_no_registration():
    event = ForumEventFactory(cancelled_at=timezone.now())
    assert _refusal_of(event) == ("This event has been cancelled.", "event_cancelled", {})


def test_an_event_that_has_started_takes_no_registration_even_with_its_window_open():
    event = ForumEventFactory(
        starts_at=timezone.now() - dt.timedelta(minutes=1),
        registration_opens_at=timezone.now() - dt.timedelta(days=5),
        registration_closes_at=timezone.now() + dt.timedelta(days=1),
    )
    assert _refusal_of(event) == (
        "This event has already started; registration is closed.",
        "event_started",
        {},
    )


def test_a_registration_before_the_window_says_when_it_opens():
    opens = timezone.make_aware(dt.datetime(2031, 3, 4, 10, 30))
    event = ForumEventFactory(
        starts_at=opens + dt.timedelta(days=30),
        registration_opens_at=opens,
        registration_closes_at=opens + dt.timedelta(days=20),
    )
    message, code, _fields = _refusal_of(event)
    assert (message, code) == ("Registration opens on March 4, 2031, 10:30 a.m..", "registration_not_open")


def test_a_registration_after_the_window_is_refused():
    event = ForumEventFactory(
        registration_opens_at=timezone.now() - dt.timedelta(days=5),
        registration_closes_at=timezone.now() - dt.timedelta(minutes=1),
    )
    assert _refusal_of(event) == ("Registration for this event has closed.", "registration_closed", {})


def test_the_window_includes_its_first_and_last_moment():
    event = ForumEventFactory()
    first, last = graduate(), graduate()
    assert services.registration_create(event=event, user=first, now=event.registration_opens_at)[1]
    assert services.registration_create(event=event, user=last, now=event.registration_closes_at)[1]


def test_the_time_given_decides_whether_the_window_is_open():
    event = ForumEventFactory(registration_opens_at=timezone.now() + dt.timedelta(days=1))
    registration, created = services.registration_create(
        event=event, user=graduate(), now=timezone.now() + dt.timedelta(days=2)
    )
    assert created and registration.status == RS.CONFIRMED


def test_long_dietary_needs_are_refused_and_needs_at_the_limit_are_kept_tidied():
    event = ForumEventFactory(ask_dietary=True)
    assert _refusal_of(event, dietary_needs="ж" * 301) == (
        "Please correct the registration.",
        "invalid",
        {"dietary_needs": ["At most 300 characters."]},
    )
    registration = register(event, graduate(), dietary_needs=" " + "ж" * 300 + " ")
    assert registration.dietary_needs == "ж" * 300
    assert register(ForumEventFactory(ask_dietary=True), graduate(), dietary_needs=None).dietary_needs == ""


def test_travel_support_is_kept_only_when_asked_for_and_wanted():
    event = ForumEventFactory(ask_travel=True)
    assert register(event, graduate(), needs_travel_support=False).needs_travel_support is False
    assert register(event, graduate(), needs_travel_support=True).needs_travel_support is True


def test_a_new_registration_is_logged_from_nothing_by_the_person():
    user = graduate()
    registration = register(ForumEventFactory(), user)
    change = RegistrationChange.objects.get(registration=registration)
    assert (change.from_status, change.to_status, change.changed_by) == ("", RS.CONFIRMED, user)


def test_a_leave_link_finds_its_registration_for_a_year_and_no_longer():
    import time_machine

    from alumni.services.registration import leave_token, registration_by_leave_token
    from core.errors import NotFound

    registration = register(ForumEventFactory(), graduate())
    assert registration_by_leave_token(token=leave_token(registration)) == registration
    with time_machine.travel(timezone.now() - dt.timedelta(days=365, hours=12)):
        old = leave_token(registration)
    refusals = []
    for token in (old, leave_token(registration)[:-2] + "xx"):
        with translation.override("en"), pytest.raises(NotFound) as exc:
            registration_by_leave_token(token=token)
        refusals.append(exc.value.message)
    token = leave_token(registration)
    Registration.objects.filter(pk=registration.pk).delete()
    with translation.override("en"), pytest.raises(NotFound) as exc:
        registration_by_leave_token(token=token)
    assert [*refusals, exc.value.message] == ["This link is not valid."] * 3


# ---- places offered on: which event, how many, to whom first, until when -------------------------------------


def _waiting(event, at=None, user=None):
    return Registration.objects.create(
        event=event, user=user or graduate(), status=RS.WAITLISTED, waitlisted_at=at or timezone.now()
    )


def _offered(event, expires_at):
    return Registration.objects.create(
        event=event,
        user=graduate(),
        status=RS.OFFERED,
        offer_expires_at=expires_at,
        waitlisted_at=timezone.now(),
    )


def _held(event, n):
    for _ in range(n):
        Registration.objects.create(event=event, user=graduate(), status=RS.CONFIRMED)


def test_a_cancellation_is_logged_with_who_cancelled():
    user = graduate()
    registration = register(ForumEventFactory(), user)
    services.registration_cancel(registration=registration, by=user)
    change = RegistrationChange.objects.filter(registration=registration).latest("pk")
    assert (change.from_status, change.to_status, change.changed_by) == (RS.CONFIRMED, RS.CANCELLED, user)


def test_registering_at_a_time_after_the_start_is_refused():
    event = ForumEventFactory()
    with pytest.raises(Conflict) as exc:
        services.registration_create(
            event=event, user=graduate(), now=event.starts_at + dt.timedelta(minutes=1)
        )
    assert exc.value.code == "event_started"


def test_a_registration_without_answers_asks_for_nothing():
    registration = register(ForumEventFactory(ask_dietary=True, ask_travel=True), graduate())
    assert (registration.dietary_needs, registration.needs_travel_support) == ("", False)


def test_places_held_at_other_events_do_not_count():
    event, other = ForumEventFactory(capacity=1), ForumEventFactory(capacity=5)
    _held(other, 3)
    waiting = _waiting(event)
    assert services.event_offer_next(event=event) == [waiting]


def test_exactly_the_free_places_are_offered_to_this_events_waiting_list_in_the_order_people_came():
    event = ForumEventFactory(capacity=3)
    _held(event, 1)
    _waiting(ForumEventFactory(), at=timezone.now() - dt.timedelta(days=3))
    later = _waiting(event, at=timezone.now() - dt.timedelta(hours=1))
    earlier = _waiting(event, at=timezone.now() - dt.timedelta(days=1))
    last = _waiting(event, at=timezone.now())
    assert services.event_offer_next(event=event) == [earlier, later]
    last.refresh_from_db()
    assert last.status == RS.WAITLISTED


@pytest.mark.parametrize("why", ["cancelled", "started"])
def test_no_offers_for_a_cancelled_event_or_once_it_has_started_at_the_time_given(why):
    event = ForumEventFactory(cancelled_at=timezone.now() if why == "cancelled" else None)
    waiting = _waiting(event)
    now = event.starts_at + dt.timedelta(minutes=1) if why == "started" else None
    assert services.event_offer_next(event=event, now=now) == []
    waiting.refresh_from_db()
    assert waiting.status == RS.WAITLISTED


def test_only_offers_past_their_deadline_lapse_and_each_is_counted_once():
    event = ForumEventFactory(capacity=5)
    now = timezone.now()
    lapsed = [_offered(event, now - dt.timedelta(minutes=1)) for _ in range(2)]
    fresh = _offered(event, now + dt.timedelta(hours=1))
    assert services.offers_expire(now=now) == 2
    assert [Registration.objects.get(pk=r.pk).status for r in (*lapsed, fresh)] == [
        RS.EXPIRED,
        RS.EXPIRED,
        RS.OFFERED,
    ]
    _offered(event, now - dt.timedelta(minutes=1))
    assert services.offers_expire(now=now) == 1  # an offer that lapsed before is not expired again
    assert RegistrationChange.objects.filter(registration=lapsed[0], to_status=RS.EXPIRED).count() == 1


def test_a_place_freed_by_a_lapsed_offer_is_offered_on_with_a_deadline_from_the_time_given():
    event = ForumEventFactory(capacity=1, offer_hours=24, starts_at=timezone.now() + dt.timedelta(days=20))
    at = timezone.now() + dt.timedelta(hours=5)
    _offered(event, at - dt.timedelta(hours=1))
    waiting = _waiting(event)
    assert services.offers_expire(now=at) == 1
    waiting.refresh_from_db()
    assert (waiting.status, waiting.offer_expires_at) == (RS.OFFERED, at + dt.timedelta(hours=24))


def test_the_offer_clock_leaves_events_without_a_lapsed_offer_alone():
    event = ForumEventFactory(capacity=5)
    now = timezone.now()
    _offered(event, now + dt.timedelta(hours=1))
    old = _offered(event, now - dt.timedelta(days=1))
    Registration.objects.filter(pk=old.pk).update(status=RS.EXPIRED)  # as the clock left it
    waiting = _waiting(event)  # places are free: only a lapsed offer or a cancellation moves the list
    assert services.offers_expire(now=now) == 0
    waiting.refresh_from_db()
    assert waiting.status == RS.WAITLISTED


def test_a_second_attempt_after_the_window_closed_finds_the_registration():
    event = ForumEventFactory()
    user = graduate()
    registration = register(event, user)
    later = event.registration_closes_at + dt.timedelta(minutes=1)
    assert services.registration_create(event=event, user=user, now=later) == (registration, False)


def test_a_registration_is_dated_at_the_time_given():
    event = ForumEventFactory()
    at = timezone.now() - dt.timedelta(hours=3)
    registration, _created = services.registration_create(event=event, user=graduate(), now=at)
    assert Registration.objects.get(pk=registration.pk).created_at == at


def test_a_decision_by_a_stranger_or_on_a_place_not_awaiting_approval_is_refused_in_words():
    organiser = OrganiserFactory()
    event = ForumEventFactory(requires_approval=True, organisers=[organiser])
    registration = register(event, graduate())
    with translation.override("en"), pytest.raises(NotAllowed) as exc:
        services.registration_decide(registration=registration, by=OrganiserFactory(), approve=True)
    assert exc.value.message == "Only this event's organisers can decide on registrations."
    services.registration_decide(registration=registration, by=organiser, approve=True)
    with translation.override("en"), pytest.raises(Conflict) as exc:
        services.registration_decide(registration=registration, by=organiser, approve=True)
    assert exc.value.message == "This registration is not awaiting approval."


@pytest.mark.parametrize("approve, status", [(True, RS.CONFIRMED), (False, RS.REJECTED)])
def test_a_decision_is_logged_as_the_organisers(approve, status):
    organiser = OrganiserFactory()
    event = ForumEventFactory(requires_approval=True, organisers=[organiser])
    registration = register(event, graduate())
    services.registration_decide(registration=registration, by=organiser, approve=approve)
    change = registration.changes.latest("pk")
    assert (change.from_status, change.to_status, change.changed_by) == (RS.PENDING, status, organiser)


def test_a_place_turned_down_is_offered_with_a_deadline_counted_from_the_time_of_the_decision():
    organiser = OrganiserFactory()
    event = ForumEventFactory(capacity=1, requires_approval=True, offer_hours=48, organisers=[organiser])
    turned_down, waiting = register(event, graduate()), register(event, graduate())
    at = timezone.now() + dt.timedelta(days=3)
    services.registration_decide(registration=turned_down, by=organiser, approve=False, now=at)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.offer_expires_at) == (RS.OFFERED, at + dt.timedelta(hours=48))


def _refused(error, service, **kwargs):
    with translation.override("en"), pytest.raises(error) as exc:
        service(**kwargs)
    return exc.value.message, exc.value.code


def _offer_for(event, user, deadline):
    return Registration.objects.create(event=event, user=user, status=RS.OFFERED, offer_expires_at=deadline)


def test_someone_elses_offer_or_registration_is_not_theirs_to_confirm_or_cancel():
    user = graduate()
    registration = _offer_for(ForumEventFactory(), user, timezone.now() + dt.timedelta(days=1))
    for service in (services.offer_confirm, services.registration_cancel):
        assert _refused(NotAllowed, service, registration=registration, by=graduate()) == (
            "This is not your registration.",
            "permission_denied",
        )
    registration.refresh_from_db()
    assert registration.status == RS.OFFERED


def test_an_offer_confirmed_in_its_last_moment_is_confirmed_in_the_persons_name():
    user = graduate()
    deadline = timezone.now() + dt.timedelta(hours=5)
    registration = _offer_for(ForumEventFactory(), user, deadline)
    services.offer_confirm(registration=registration, by=user, now=deadline)
    registration.refresh_from_db()
    assert (registration.status, registration.offer_expires_at) == (RS.CONFIRMED, None)
    change = registration.changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == (RS.OFFERED, RS.CONFIRMED, user)


def test_each_reason_an_offer_cannot_be_confirmed_in_words():
    user = graduate()
    deadline = timezone.now() + dt.timedelta(hours=5)
    registration = _offer_for(ForumEventFactory(), user, deadline)
    assert _refused(
        Conflict,
        services.offer_confirm,
        registration=registration,
        by=user,
        now=deadline + dt.timedelta(seconds=1),
    ) == ("The offer has expired.", "offer_expired")
    confirmed = register(ForumEventFactory(), user)
    assert _refused(Conflict, services.offer_confirm, registration=confirmed, by=user) == (
        "There is no offered place to confirm.",
        "conflict",
    )


def test_cancelling_after_the_start_or_twice_is_refused_in_words():
    user = graduate()
    event = ForumEventFactory()
    registration = register(event, user)
    started = event.starts_at + dt.timedelta(minutes=1)
    assert _refused(
        Conflict, services.registration_cancel, registration=registration, by=user, now=started
    ) == (
        "The event has started: the registration can no longer be cancelled.",
        "event_started",
    )
    services.registration_cancel(registration=registration, by=user)
    assert _refused(Conflict, services.registration_cancel, registration=registration, by=user) == (
        "This registration is already cancelled.",
        "conflict",
    )


def test_giving_up_an_offer_ends_its_deadline_and_offers_the_place_on_from_the_time_given():
    event = ForumEventFactory(capacity=1, offer_hours=24)
    user = graduate()
    registration = _offer_for(event, user, timezone.now() + dt.timedelta(hours=3))
    waiting = register(event, graduate())
    assert waiting.status == RS.WAITLISTED
    at = timezone.now() + dt.timedelta(days=2)
    services.registration_cancel(registration=registration, by=user, now=at)
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert (registration.status, registration.offer_expires_at) == (RS.CANCELLED, None)
    assert (waiting.status, waiting.offer_expires_at) == (RS.OFFERED, at + dt.timedelta(hours=24))
