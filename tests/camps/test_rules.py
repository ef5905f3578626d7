"""One test per camps rule: every pair of statuses against the lifecycle table (allowed and refused), no offers
once a camp has begun, who may call each service, what site admins see, attendance of non-participants and
decisions on another cohort's applications. Each test fails if its rule is taken out."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from accounts import roles
from camps import selectors, services
from camps.models import (
    NEW,
    TRANSITIONS,
    Application,
    Attendance,
    Consent,
    Status,
    StatusChange,
    can_transition,
)
from camps.permissions import can_manage_cohort
from core.errors import Conflict
from tests.factories import ApplicationFactory, CohortFactory, StudentFactory, UserFactory

pytestmark = pytest.mark.django_db

FROM_STATUSES = [NEW, *Status.values]
EVERY_PAIR = [(f, t) for f in FROM_STATUSES for t in Status.values]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _application(cohort, status, **fields):
    """An application in `status` as the services leave it (an offer carries its deadline)."""
    if status == Status.OFFERED:
        fields.setdefault("offer_expires_at", timezone.now() + dt.timedelta(days=3))
    return ApplicationFactory(cohort=cohort, status=status, **fields)


def _label(status: str) -> str:
    return str(Status(status).label) if status else "—"


# -- The lifecycle table -------------------------------------------------------------------------------------


def test_every_status_is_in_the_table_once():
    assert set(TRANSITIONS) == set(FROM_STATUSES)


@pytest.mark.parametrize(
    ("from_status", "to_status"), EVERY_PAIR, ids=[f"{f or 'new'}->{t}" for f, t in EVERY_PAIR]
)
def test_every_status_change_follows_the_table(cohort, from_status, to_status):
    """Allowed pairs are logged (who, from, to); every other pair is refused with its reason, logging nothing."""
    application = _application(cohort, from_status or Status.SUBMITTED)
    allowed = to_status in TRANSITIONS[from_status]
    assert can_transition(from_status, to_status) is allowed
    if allowed:
        change = services.status_log(
            application=application,
            to_status=to_status,
            by=cohort.organisers.first(),
            from_status=from_status,
        )
        assert (change.from_status, change.to_status, change.changed_by) == (
            from_status,
            to_status,
            cohort.organisers.first(),
        )
    else:
        with pytest.raises(Conflict) as error:
            services.status_log(
                application=application, to_status=to_status, by=None, from_status=from_status
            )
        assert (
            str(error.value) == f"An application cannot go from {_label(from_status)} to {_label(to_status)}."
        )
        assert not StatusChange.objects.filter(application=application).exists()


def test_an_unknown_status_can_become_nothing():
    assert not can_transition("archived", Status.SUBMITTED)


def test_the_table_s_refusal_rolls_back_the_status_saved_before_it(cohort, organiser):
    """status_set saves the status, then the log refuses it: the caller's transaction keeps neither."""
    application = ApplicationFactory(cohort=cohort, status=Status.GRADUATED)
    with pytest.raises(Conflict):
        services.applications_decide(
            cohort=cohort, application_ids=[application.pk], by=organiser, decision=services.ACCEPT
        )
    application.refresh_from_db()
    assert application.status == Status.GRADUATED


# -- No offers once the camp has begun -------------------------------------------------------------------------


def _freed_place(cohort_starts_on, organiser):
    cohort = CohortFactory(organisers=[organiser], capacity=1, starts_on=cohort_starts_on)
    holder = ApplicationFactory(cohort=cohort, status=Status.ACCEPTED)
    waiting = ApplicationFactory(cohort=cohort, status=Status.WAITLISTED, waitlisted_at=timezone.now())
    services.application_withdraw(application=holder, by=holder.applicant)
    waiting.refresh_from_db()
    return waiting


def test_a_freed_place_is_not_offered_once_the_camp_has_begun(organiser):
    waiting = _freed_place(timezone.localdate(), organiser)
    assert waiting.status == Status.WAITLISTED and waiting.offer_expires_at is None
    assert not StatusChange.objects.filter(application=waiting, to_status=Status.OFFERED).exists()


def test_a_freed_place_is_offered_the_day_before_the_camp_begins(organiser):
    waiting = _freed_place(timezone.localdate() + dt.timedelta(days=1), organiser)
    assert waiting.status == Status.OFFERED
    assert waiting.offer_expires_at > timezone.now()


def test_an_expired_offer_is_not_passed_on_once_the_camp_has_begun(organiser):
    cohort = CohortFactory(organisers=[organiser], capacity=1, starts_on=timezone.localdate())
    lapsed = ApplicationFactory(
        cohort=cohort, status=Status.OFFERED, offer_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    waiting = ApplicationFactory(cohort=cohort, status=Status.WAITLISTED, waitlisted_at=timezone.now())
    assert services.offers_expire() == 1
    lapsed.refresh_from_db()
    waiting.refresh_from_db()
    assert (lapsed.status, waiting.status) == (Status.EXPIRED, Status.WAITLISTED)


def test_an_offer_is_not_expired_before_its_deadline(organiser):
    cohort = CohortFactory(organisers=[organiser], capacity=1)
    offer = ApplicationFactory(
        cohort=cohort, status=Status.OFFERED, offer_expires_at=timezone.now() + dt.timedelta(minutes=1)
    )
    assert services.offers_expire() == 0
    offer.refresh_from_db()
    assert offer.status == Status.OFFERED


def test_offers_go_to_the_longest_waiting_first_and_only_as_many_as_are_free(organiser):
    cohort = CohortFactory(organisers=[organiser], capacity=3)
    ApplicationFactory(cohort=cohort, status=Status.ACCEPTED)
    now = timezone.now()
    later = ApplicationFactory(cohort=cohort, status=Status.WAITLISTED, waitlisted_at=now)
    first = ApplicationFactory(
        cohort=cohort, status=Status.WAITLISTED, waitlisted_at=now - dt.timedelta(hours=2)
    )
    second = ApplicationFactory(
        cohort=cohort, status=Status.WAITLISTED, waitlisted_at=now - dt.timedelta(hours=1)
    )
    offered = services.cohort_offer_next(cohort=cohort, now=now)
    assert offered == [first, second]
    later.refresh_from_db()
    assert later.status == Status.WAITLISTED
    first.refresh_from_db()
    assert first.offer_expires_at == now + dt.timedelta(days=cohort.offer_days)


def test_no_offer_when_no_place_is_free(organiser):
    cohort = CohortFactory(organisers=[organiser], capacity=1)
    ApplicationFactory(cohort=cohort, status=Status.CONFIRMED)
    waiting = ApplicationFactory(cohort=cohort, status=Status.WAITLISTED, waitlisted_at=timezone.now())
    assert services.cohort_offer_next(cohort=cohort) == []
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


# -- Who may call each service ---------------------------------------------------------------------------------


def _someone_else():
    return StudentFactory()


APPLICANT_ONLY = {
    "update": lambda a, by: services.application_update(application=a, by=by, data={"school": "Бөтөн"}),
    "withdraw": lambda a, by: services.application_withdraw(application=a, by=by),
    "confirm": lambda a, by: services.application_confirm(application=a, by=by),
    "consent_withdraw": lambda a, by: services.consent_withdraw(
        application=a, by=by, kind=Consent.Kind.PHOTOS
    ),
    "change_own_fields": lambda a, by: services.application_change(
        application=a, by=by, data={"school": "Бөтөн"}
    ),
}


@pytest.mark.parametrize("action", APPLICANT_ONLY)
def test_only_the_applicant_may_act_on_their_application(cohort, organiser, action):
    """Not another young person, and not the cohort's own organiser either."""
    application = ApplicationFactory(cohort=cohort, status=Status.ACCEPTED, school="Мектеп")
    Consent.objects.create(application=application, kind=Consent.Kind.PHOTOS, given_by="x", text_version="1")
    for intruder in (_someone_else(), organiser):
        with pytest.raises(PermissionDenied):
            APPLICANT_ONLY[action](application, intruder)
    application.refresh_from_db()
    assert (application.status, application.school) == (Status.ACCEPTED, "Мектеп")
    assert application.consents.filter(withdrawn_at__isnull=True).count() == 1
    assert not StatusChange.objects.filter(application=application).exists()


def test_the_applicant_may_act_on_their_own(cohort):
    application = ApplicationFactory(cohort=cohort, status=Status.ACCEPTED)
    services.application_confirm(application=application, by=application.applicant)
    application.refresh_from_db()
    assert application.status == Status.CONFIRMED


ORGANISER_ONLY = {
    "decide": lambda c, a, by: services.applications_decide(
        cohort=c, application_ids=[a.pk], by=by, decision=services.REJECT
    ),
    "note": lambda c, a, by: services.application_note_set(application=a, by=by, notes="Жакшы"),
    "change_notes": lambda c, a, by: services.application_change(
        application=a, by=by, data={}, notes="Жакшы"
    ),
    "attendance": lambda c, a, by: services.attendance_mark(
        cohort=c, by=by, day=c.starts_on, present_ids={a.pk}
    ),
    "graduate": lambda c, a, by: services.cohort_graduate(cohort=c, by=by, application_ids=[a.pk]),
}
ORGANISER_ACTION_FROM = {
    "decide": Status.SUBMITTED,
    "note": Status.SUBMITTED,
    "change_notes": Status.SUBMITTED,
    "attendance": Status.CONFIRMED,
    "graduate": Status.ATTENDED,
}


ADMIN_DID = {
    "decide": lambda a: a.status == Status.REJECTED,
    "note": lambda a: a.notes == "Жакшы",
    "change_notes": lambda a: a.notes == "Жакшы",
    "attendance": lambda a: a.status == Status.ATTENDED and a.attendance.get().present,
    "graduate": lambda a: a.status == Status.GRADUATED and a.certificate.holder_name == a.full_name,
}


@pytest.mark.parametrize("action", ORGANISER_ONLY)
def test_only_the_cohort_s_organisers_and_site_admins_may_manage_it(cohort, other_organiser, action):
    application = ApplicationFactory(cohort=cohort, status=ORGANISER_ACTION_FROM[action])
    for intruder in (other_organiser, application.applicant):
        with pytest.raises(PermissionDenied):
            ORGANISER_ONLY[action](cohort, application, intruder)
    application.refresh_from_db()
    assert (application.status, application.notes) == (ORGANISER_ACTION_FROM[action], "")
    assert not Attendance.objects.exists() and not StatusChange.objects.exists()
    admin = UserFactory(roles=(roles.SITE_ADMIN,))
    ORGANISER_ONLY[action](cohort, application, admin)
    application.refresh_from_db()
    assert ADMIN_DID[action](application)


def test_notes_and_own_fields_together_need_both_rights(cohort, organiser):
    """An organiser who also applied to their own cohort may change both; anyone else changes neither."""
    application = ApplicationFactory(cohort=cohort, applicant=organiser, school="Мектеп")
    services.application_change(application=application, by=organiser, data={"school": "Лицей"}, notes="Өзүм")
    application.refresh_from_db()
    assert (application.school, application.notes) == ("Лицей", "Өзүм")


# -- What site admins and organisers see -----------------------------------------------------------------------


def test_site_admins_manage_every_cohort_organisers_only_theirs(cohort, organiser, other_organiser):
    theirs = CohortFactory(organisers=[other_organiser])
    admin = UserFactory(roles=(roles.SITE_ADMIN,))
    superuser = UserFactory(is_superuser=True)
    from django.contrib.auth.models import AnonymousUser

    assert [can_manage_cohort(u, cohort) for u in (organiser, other_organiser, admin, superuser)] == [
        True,
        False,
        True,
        True,
    ]
    assert can_manage_cohort(AnonymousUser(), cohort) is False
    assert set(selectors.cohorts_managed_by(user=admin)) == {cohort, theirs}
    assert list(selectors.cohorts_managed_by(user=organiser)) == [cohort]
    assert list(selectors.cohorts_managed_by(user=StudentFactory())) == []
    assert list(selectors.cohorts_managed_by(user=AnonymousUser())) == []


def test_applications_are_seen_by_their_applicant_their_organisers_and_site_admins(
    cohort, organiser, other_organiser
):
    mine = ApplicationFactory(cohort=cohort)
    elsewhere = ApplicationFactory(cohort=CohortFactory(organisers=[other_organiser]))
    admin = UserFactory(roles=(roles.SITE_ADMIN,))
    from django.contrib.auth.models import AnonymousUser

    assert set(selectors.applications_visible_to(user=admin)) == {mine, elsewhere}
    assert list(selectors.applications_visible_to(user=organiser)) == [mine]
    assert list(selectors.applications_visible_to(user=mine.applicant)) == [mine]
    assert list(selectors.applications_visible_to(user=AnonymousUser())) == []


# -- Attendance and decisions stay inside the cohort -----------------------------------------------------------


@pytest.mark.parametrize(
    "status", [Status.SUBMITTED, Status.WAITLISTED, Status.REJECTED, Status.OFFERED, Status.WITHDRAWN]
)
def test_attendance_of_someone_not_taking_part_is_refused(cohort, organiser, status):
    participant = ApplicationFactory(cohort=cohort, status=Status.CONFIRMED)
    outsider = _application(cohort, status)
    with pytest.raises(ValidationError) as error:
        services.attendance_mark(
            cohort=cohort, by=organiser, day=cohort.starts_on, present_ids={participant.pk, outsider.pk}
        )
    assert error.value.message_dict == {
        "present": ["Some of these people are not participants of this cohort."]
    }
    assert not Attendance.objects.exists()
    participant.refresh_from_db()
    assert participant.status == Status.CONFIRMED


def test_attendance_of_another_cohort_s_participant_is_refused(cohort, organiser):
    stranger = ApplicationFactory(cohort=CohortFactory(organisers=[organiser]), status=Status.CONFIRMED)
    with pytest.raises(ValidationError):
        services.attendance_mark(cohort=cohort, by=organiser, day=cohort.starts_on, present_ids={stranger.pk})
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("offset", [-1, 5])
def test_attendance_outside_the_camp_s_days_is_refused(cohort, organiser, offset):
    participant = ApplicationFactory(cohort=cohort, status=Status.CONFIRMED)
    day = cohort.starts_on + dt.timedelta(days=offset)  # the day before, the day after the last (5 days long)
    with pytest.raises(ValidationError) as error:
        services.attendance_mark(cohort=cohort, by=organiser, day=day, present_ids={participant.pk})
    assert error.value.message_dict == {"day": ["This day is not one of the camp's days."]}


def test_attendance_on_the_first_and_last_day_marks_everyone_taking_part(cohort, organiser):
    here = ApplicationFactory(cohort=cohort, status=Status.CONFIRMED)
    away = ApplicationFactory(cohort=cohort, status=Status.ACCEPTED)
    ApplicationFactory(cohort=cohort, status=Status.WAITLISTED)
    for day in (cohort.starts_on, cohort.ends_on):
        services.attendance_mark(
            cohort=cohort, by=organiser, day=day, present_ids={here.pk}, notes={away.pk: "ооруп"}
        )
    marks = {(a.application_id, a.day): (a.present, a.note) for a in Attendance.objects.all()}
    assert marks == {
        (here.pk, cohort.starts_on): (True, ""),
        (away.pk, cohort.starts_on): (False, "ооруп"),
        (here.pk, cohort.ends_on): (True, ""),
        (away.pk, cohort.ends_on): (False, "ооруп"),
    }
    here.refresh_from_db()
    away.refresh_from_db()
    assert (here.status, away.status) == (Status.ATTENDED, Status.ACCEPTED)


def test_a_decision_on_another_cohort_s_application_is_refused(cohort, organiser):
    own = ApplicationFactory(cohort=cohort)
    other = ApplicationFactory(cohort=CohortFactory(organisers=[organiser]))
    with pytest.raises(ValidationError) as error:
        services.applications_decide(
            cohort=cohort, application_ids=[own.pk, other.pk], by=organiser, decision=services.ACCEPT
        )
    assert error.value.message_dict == {
        "applications": ["Some of these applications are not in this cohort."]
    }
    assert set(Application.objects.values_list("status", flat=True)) == {Status.SUBMITTED}
    assert not StatusChange.objects.exists()


def test_a_decision_needs_a_known_decision_and_at_least_one_application(cohort, organiser):
    own = ApplicationFactory(cohort=cohort)
    with pytest.raises(ValidationError) as error:
        services.applications_decide(cohort=cohort, application_ids=[own.pk], by=organiser, decision="admit")
    assert error.value.message_dict == {"decision": ["Choose accept, waitlist or reject."]}
    with pytest.raises(ValidationError) as error:
        services.applications_decide(
            cohort=cohort, application_ids=[], by=organiser, decision=services.ACCEPT
        )
    assert error.value.message_dict == {"applications": ["Choose at least one application."]}


def test_the_same_application_twice_in_one_decision_counts_once(cohort, organiser):
    own = ApplicationFactory(cohort=cohort)
    [decided] = services.applications_decide(
        cohort=cohort,
        application_ids=[own.pk, own.pk],
        by=organiser,
        decision=services.WAITLIST,
        message="Күтүңүз",
    )
    assert decided.status == Status.WAITLISTED and decided.waitlisted_at is not None
    assert StatusChange.objects.get(application=own).message == "Күтүңүз"


def test_a_decision_from_a_status_the_table_forbids_names_the_application(cohort, organiser):
    confirmed = ApplicationFactory(cohort=cohort, status=Status.CONFIRMED, full_name="Айгүл Асанова")
    with pytest.raises(Conflict) as error:
        services.applications_decide(
            cohort=cohort, application_ids=[confirmed.pk], by=organiser, decision=services.REJECT
        )
    assert str(error.value) == "Айгүл Асанова's application is confirmed and cannot be changed this way."


def test_accepting_exactly_the_free_places_is_allowed_one_more_is_not(organiser):
    cohort = CohortFactory(organisers=[organiser], capacity=3)
    _application(cohort, Status.OFFERED)
    pending = [ApplicationFactory(cohort=cohort) for _ in range(3)]
    with pytest.raises(Conflict) as error:
        services.applications_decide(
            cohort=cohort, application_ids=[a.pk for a in pending], by=organiser, decision=services.ACCEPT
        )
    assert str(error.value) == "Not enough places: 2 left of 3, 3 asked for."
    accepted = services.applications_decide(
        cohort=cohort, application_ids=[a.pk for a in pending[:2]], by=organiser, decision=services.ACCEPT
    )
    assert [a.status for a in accepted] == [Status.ACCEPTED, Status.ACCEPTED]


def test_graduation_of_another_cohort_s_participant_is_refused(cohort, organiser):
    other = ApplicationFactory(cohort=CohortFactory(organisers=[organiser]), status=Status.ATTENDED)
    with pytest.raises(ValidationError) as error:
        services.cohort_graduate(cohort=cohort, by=organiser, application_ids=[other.pk])
    assert error.value.message_dict == {
        "applications": ["Some of these applications are not in this cohort."]
    }
    other.refresh_from_db()
    assert other.status == Status.ATTENDED


def test_graduation_of_someone_who_did_not_attend_is_refused(cohort, organiser):
    attended = ApplicationFactory(cohort=cohort, status=Status.ATTENDED)
    absent = ApplicationFactory(cohort=cohort, status=Status.CONFIRMED, full_name="Бакыт Жумабеков")
    with pytest.raises(Conflict) as error:
        services.cohort_graduate(cohort=cohort, by=organiser, application_ids=[attended.pk, absent.pk])
    assert str(error.value) == "Бакыт Жумабеков has not attended the camp and cannot graduate."
    attended.refresh_from_db()
    assert attended.status == Status.ATTENDED and not hasattr(attended, "certificate")


def test_graduation_needs_at_least_one_application(cohort, organiser):
    with pytest.raises(ValidationError):
        services.cohort_graduate(cohort=cohort, by=organiser, application_ids=[])
