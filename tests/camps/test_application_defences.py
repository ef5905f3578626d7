"""The applicant's side, one promise a test: who counts as a minor, whose name a consent carries, which consents
are written and how, and the empty message of a change nobody explained."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from camps import services
from camps.models import Consent, Status, StatusChange
from camps.services.applications import CONSENT_VERSION, consents_record, personal_data_clean
from tests.factories import ApplicationFactory, StudentFactory, birth_date_for_age


def _data(cohort, age, **extra):
    return {
        "full_name": "Айгерим Токтогулова",
        "date_of_birth": birth_date_for_age(age, cohort.starts_on),
        "region": "osh",
        "contact_email": "aigerim@example.org",
        **extra,
    }


def test_someone_who_is_18_at_the_start_applies_without_a_guardian(cohort):
    application = services.application_submit(
        cohort=cohort, applicant=StudentFactory(), data=_data(cohort, 18), answers={}
    )
    assert application.status == Status.SUBMITTED


def test_a_submission_is_logged_without_a_message(cohort):
    application = services.application_submit(
        cohort=cohort, applicant=StudentFactory(), data=_data(cohort, 20), answers={}
    )
    assert StatusChange.objects.get(application=application).message == ""


def test_an_offer_of_a_freed_place_is_logged_without_a_message(cohort):
    waiting = ApplicationFactory(cohort=cohort, status=Status.WAITLISTED, waitlisted_at=timezone.now())
    services.cohort_offer_next(cohort=cohort)
    assert StatusChange.objects.get(application=waiting, to_status=Status.OFFERED).message == ""


def test_an_adults_photo_consent_is_given_in_their_own_name(cohort):
    application = services.application_submit(
        cohort=cohort, applicant=StudentFactory(), data=_data(cohort, 20), answers={}, photo_consent=True
    )
    assert list(application.consents.values_list("kind", "given_by")) == [
        (Consent.Kind.PHOTOS, "Айгерим Токтогулова")
    ]


def test_an_adult_has_no_guardians_consent_to_record(cohort):
    application = ApplicationFactory(cohort=cohort)
    consents_record(
        application=application, minor=False, guardian_consent=True, photo_consent=False, new=True
    )
    assert not application.consents.exists()


def test_a_consent_records_how_when_and_to_which_text_it_was_given(cohort):
    application = ApplicationFactory(cohort=cohort, guardian_name="Бакыт Токтогулов")
    signed = timezone.now() - dt.timedelta(days=3)
    consents_record(
        application=application,
        minor=True,
        guardian_consent=True,
        photo_consent=False,
        new=True,
        method=Consent.Method.PAPER,
        given_at=signed,
    )
    consent = application.consents.get()
    assert (consent.kind, consent.given_by, consent.method, consent.text_version, consent.given_at) == (
        Consent.Kind.PARTICIPATION,
        "Бакыт Токтогулов",
        Consent.Method.PAPER,
        CONSENT_VERSION,
        signed,
    )


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "age, extra, errors",
    [
        (20, {"full_name": None}, {"full_name": ["Please give your full name."]}),
        (20, {"guardian_language": "de"}, {"guardian_language": ["Choose a language."]}),
        (
            13,
            {},
            {"date_of_birth": ["This cohort is for people aged 14 to 25 at its start; you will be 13."]},
        ),
        (
            26,
            {},
            {"date_of_birth": ["This cohort is for people aged 14 to 25 at its start; you will be 26."]},
        ),
        (
            16,
            {"guardian_contact": "+996 700 123 456"},
            {"guardian_name": ["Applicants under 18 need their parent or guardian's name."]},
        ),
        (
            16,
            {"guardian_name": "Бакыт Токтогулов"},
            {"guardian_contact": ["Applicants under 18 need their parent or guardian's phone or email."]},
        ),
    ],
    ids=[
        "no-name",
        "unknown-language",
        "too-young",
        "too-old",
        "minor-without-guardian",
        "guardian-unreachable",
    ],
)
def test_each_personal_data_refusal_in_the_applicants_words(cohort, english, age, extra, errors):
    with pytest.raises(ValidationError) as exc:
        personal_data_clean(cohort=cohort, data=_data(cohort, age, **extra))
    assert exc.value.message_dict == errors


@pytest.mark.parametrize("age", [14, 25])
def test_the_youngest_and_oldest_allowed_may_apply(cohort, age):
    extra = {"guardian_name": "Бакыт Токтогулов", "guardian_contact": "+996 700 123 456"} if age < 18 else {}
    assert (
        personal_data_clean(cohort=cohort, data=_data(cohort, age, **extra))["full_name"]
        == "Айгерим Токтогулова"
    )


def test_a_guardian_language_left_empty_is_the_sites_default(cohort):
    assert (
        personal_data_clean(cohort=cohort, data=_data(cohort, 20, guardian_language=""))["guardian_language"]
        == "ky"
    )


def test_an_answer_to_no_question_of_the_cohort_is_refused(cohort, question, english):
    from camps.services.applications import answers_clean

    with pytest.raises(ValidationError) as exc:
        answers_clean(cohort=cohort, answers={str(question.pk): "Билим алуу үчүн", "999999": "?"})
    assert exc.value.message_dict == {"answers.999999": ["There is no such question in this cohort."]}


def test_answers_may_be_keyed_by_the_questions_number(cohort, question):
    from camps.services.applications import answers_clean

    assert answers_clean(cohort=cohort, answers={question.pk: " Билим алуу үчүн "}) == {
        str(question.pk): "Билим алуу үчүн"
    }


def test_an_optional_multiple_choice_left_empty_is_no_choice(cohort):
    from camps.models import Question
    from camps.services.applications import answers_clean
    from tests.factories import QuestionFactory

    optional = QuestionFactory(
        cohort=cohort, kind=Question.Kind.MULTIPLE_CHOICE, choices="Шайлоо\nУкук", required=False
    )
    assert answers_clean(cohort=cohort, answers={str(optional.pk): ""}) == {str(optional.pk): []}


def test_every_question_is_checked_after_one_given_a_list(cohort, english):
    from camps.services.applications import answers_clean
    from tests.factories import QuestionFactory

    first, second = QuestionFactory(cohort=cohort), QuestionFactory(cohort=cohort)
    with pytest.raises(ValidationError) as exc:
        answers_clean(cohort=cohort, answers={str(first.pk): ["бир", "эки"]})
    assert exc.value.message_dict == {
        f"answers.{first.pk}": ["Give one answer."],
        f"answers.{second.pk}": ["This question needs an answer."],
    }


def test_a_guardian_who_cannot_be_reached_is_refused(cohort, english):
    data = _data(cohort, 16, guardian_name="Бакыт Токтогулов", guardian_contact="апасына айтам")
    with pytest.raises(ValidationError) as exc:
        personal_data_clean(cohort=cohort, data=data)
    assert exc.value.message_dict == {
        "guardian_contact": ["Give a phone number (for example +996 700 123 456) or an email address."]
    }


# ---- the applicant's own changes: editing, confirming, withdrawing, a consent withdrawn ------------------------

GUARDIAN = {"guardian_name": "Бакыт Токтогулов", "guardian_contact": "+996 700 123 456"}


def _application(cohort, age=20, status=Status.SUBMITTED, **fields):
    extra = GUARDIAN if age < 18 else {}
    return ApplicationFactory(
        cohort=cohort,
        status=status,
        date_of_birth=birth_date_for_age(age, cohort.starts_on),
        waitlisted_at=timezone.now() if status == Status.WAITLISTED else None,
        **{**extra, **fields},
    )


def _conflict(service, **kwargs):
    from core.errors import Conflict

    with translation.override("en"), pytest.raises(Conflict) as exc:
        service(**kwargs)
    return exc.value.message


def _live(application):
    return set(application.consents.filter(withdrawn_at__isnull=True).values_list("kind", flat=True))


def test_an_edit_after_the_window_closed_is_refused_in_words(cohort):
    application = _application(cohort)
    cohort.applications_open_at = timezone.now() - dt.timedelta(days=2)
    cohort.applications_close_at = timezone.now() - dt.timedelta(seconds=1)
    cohort.save()
    message = _conflict(
        services.application_update, application=application, by=application.applicant, data={"school": "Х"}
    )
    assert message == "The application window has closed; the application can no longer be changed."


@pytest.mark.parametrize("status", [Status.REJECTED, Status.WITHDRAWN, Status.EXPIRED])
def test_a_decided_application_is_no_longer_edited(cohort, status):
    application = _application(cohort, status=status)
    message = _conflict(
        services.application_update, application=application, by=application.applicant, data={"school": "Х"}
    )
    assert message == "This application can no longer be changed."
    application.refresh_from_db()
    assert application.school != "Х"


@pytest.mark.parametrize("photos", [True, False])
def test_an_edit_that_does_not_mention_the_photo_consent_leaves_it_as_it_was(cohort, photos):
    application = _application(cohort)
    consents_record(
        application=application, minor=False, guardian_consent=False, photo_consent=photos, new=True
    )
    services.application_update(application=application, by=application.applicant, data={"school": "Жаңы"})
    assert _live(application) == ({Consent.Kind.PHOTOS} if photos else set())
    assert not application.consents.filter(withdrawn_at__isnull=False).exists()


def test_an_adult_gives_and_withdraws_the_photo_consent_by_editing_in_their_own_name(cohort):
    application = _application(cohort, full_name="Айгерим Токтогулова")
    services.application_update(
        application=application, by=application.applicant, data={}, photo_consent=True
    )
    assert list(application.consents.values_list("kind", "given_by")) == [
        (Consent.Kind.PHOTOS, "Айгерим Токтогулова")
    ]
    services.application_update(
        application=application, by=application.applicant, data={}, photo_consent=False
    )
    assert _live(application) == set() and application.consents.count() == 1


def test_answers_change_only_when_given(cohort, question):
    application = _application(cohort, answers={str(question.pk): "Биринчи"})
    services.application_update(application=application, by=application.applicant, data={"school": "Жаңы"})
    application.refresh_from_db()
    assert application.answers == {str(question.pk): "Биринчи"}
    services.application_update(
        application=application, by=application.applicant, data={}, answers={question.pk: " Экинчи "}
    )
    application.refresh_from_db()
    assert application.answers == {str(question.pk): "Экинчи"}


def test_an_adults_edit_keeps_no_guardian(cohort):
    application = _application(cohort)
    services.application_update(application=application, by=application.applicant, data=GUARDIAN)
    application.refresh_from_db()
    assert (application.guardian_name, application.guardian_contact, application.status) == (
        "",
        "",
        Status.SUBMITTED,
    )


def test_a_minors_edit_of_another_field_keeps_the_guardian_and_sends_no_new_link(cohort):
    application = _application(cohort, age=16, status=Status.AWAITING_GUARDIAN)
    services.application_update(application=application, by=application.applicant, data={"school": "Жаңы"})
    application.refresh_from_db()
    assert (application.guardian_name, application.guardian_contact) == (
        GUARDIAN["guardian_name"],
        GUARDIAN["guardian_contact"],
    )
    assert (application.status, application.guardian_link_version) == (Status.AWAITING_GUARDIAN, 0)


@pytest.mark.parametrize(
    "change",
    [
        {"guardian_contact": "+996 555 000 111"},
        {"guardian_name": "Асел Токтогулова"},
        {"guardian_language": "ru"},
    ],
    ids=["contact", "name", "language"],
)
def test_a_minor_awaiting_consent_whose_guardian_details_change_sends_the_guardian_a_new_link(cohort, change):
    application = _application(cohort, age=16, status=Status.AWAITING_GUARDIAN)
    services.application_update(application=application, by=application.applicant, data=change)
    application.refresh_from_db()
    assert (application.status, application.guardian_link_version) == (Status.AWAITING_GUARDIAN, 1)


def test_a_minor_whose_guardian_has_consented_sends_no_new_link(cohort):
    application = _application(cohort, age=16)
    consents_record(application=application, minor=True, guardian_consent=True, photo_consent=False, new=True)
    services.application_update(
        application=application, by=application.applicant, data={"guardian_contact": "+996 555 000 111"}
    )
    application.refresh_from_db()
    assert (application.status, application.guardian_link_version) == (Status.SUBMITTED, 0)


def test_someone_on_the_waiting_list_who_turns_out_to_be_a_minor_waits_for_their_guardian(cohort):
    application = _application(cohort, status=Status.WAITLISTED)
    data = {"date_of_birth": birth_date_for_age(16, cohort.starts_on), **GUARDIAN}
    services.application_update(application=application, by=application.applicant, data=data)
    application.refresh_from_db()
    assert (application.status, application.waitlisted_at, application.guardian_link_version) == (
        Status.AWAITING_GUARDIAN,
        None,
        1,
    )
    change = StatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.changed_by) == (
        Status.WAITLISTED,
        Status.AWAITING_GUARDIAN,
        application.applicant,
    )


def test_someone_awaiting_a_guardian_who_turns_out_to_be_an_adult_is_submitted_in_their_own_name(cohort):
    application = _application(cohort, age=16, status=Status.AWAITING_GUARDIAN)
    data = {"date_of_birth": birth_date_for_age(20, cohort.starts_on)}
    services.application_update(application=application, by=application.applicant, data=data)
    application.refresh_from_db()
    assert (application.status, application.guardian_name, application.guardian_link_version) == (
        Status.SUBMITTED,
        "",
        0,
    )
    change = StatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.changed_by) == (
        Status.AWAITING_GUARDIAN,
        Status.SUBMITTED,
        application.applicant,
    )


def test_an_applicants_change_request_writes_their_answers_and_photo_consent(cohort, question):
    application = _application(cohort)
    services.application_change(
        application=application,
        by=application.applicant,
        data={},
        answers={question.pk: "Жооп"},
        photo_consent=True,
    )
    application.refresh_from_db()
    assert application.answers == {str(question.pk): "Жооп"}
    assert _live(application) == {Consent.Kind.PHOTOS}


def test_an_organisers_notes_sent_with_the_applicants_answers_change_nothing(cohort, organiser, question):
    from django.core.exceptions import PermissionDenied

    application = _application(cohort, answers={str(question.pk): "Биринчи"})
    with pytest.raises(PermissionDenied):
        services.application_change(
            application=application, by=organiser, data={}, answers={question.pk: "Башка"}, notes="Жакшы"
        )
    application.refresh_from_db()
    assert (application.notes, application.answers) == ("", {str(question.pk): "Биринчи"})


def test_an_offer_confirmed_in_its_last_moment_is_confirmed(cohort):
    import time_machine

    deadline = timezone.now() + dt.timedelta(hours=1)
    application = _application(cohort, status=Status.OFFERED, offer_expires_at=deadline)
    with time_machine.travel(deadline, tick=False):
        services.application_confirm(application=application, by=application.applicant)
    application.refresh_from_db()
    assert (application.status, application.offer_expires_at) == (Status.CONFIRMED, None)


@pytest.mark.parametrize(
    "status, expires, message",
    [
        (Status.OFFERED, -1, "The offer has expired."),
        (Status.EXPIRED, None, "The offer has expired."),
        (Status.SUBMITTED, None, "Only an accepted or offered place can be confirmed."),
        (Status.WAITLISTED, None, "Only an accepted or offered place can be confirmed."),
    ],
    ids=["offer-lapsed", "expired", "submitted", "waitlisted"],
)
def test_each_reason_a_place_cannot_be_confirmed(cohort, status, expires, message):
    deadline = None if expires is None else timezone.now() + dt.timedelta(minutes=expires)
    application = _application(cohort, status=status, offer_expires_at=deadline)
    assert (
        _conflict(services.application_confirm, application=application, by=application.applicant) == message
    )
    application.refresh_from_db()
    assert application.status == status


def test_a_withdrawal_is_logged_by_the_applicant_with_their_reason_or_none(cohort):
    first, second = _application(cohort), _application(cohort)
    services.application_withdraw(application=first, by=first.applicant)
    services.application_withdraw(application=second, by=second.applicant, message="Ооруп калдым")
    assert [
        (c.from_status, c.to_status, c.changed_by, c.message)
        for c in StatusChange.objects.filter(application__in=[first, second]).order_by("application_id")
    ] == [
        (Status.SUBMITTED, Status.WITHDRAWN, first.applicant, ""),
        (Status.SUBMITTED, Status.WITHDRAWN, second.applicant, "Ооруп калдым"),
    ]


def test_withdrawing_an_offer_ends_its_deadline(cohort):
    application = _application(
        cohort, status=Status.OFFERED, offer_expires_at=timezone.now() + dt.timedelta(days=1)
    )
    services.application_withdraw(application=application, by=application.applicant)
    application.refresh_from_db()
    assert (application.status, application.offer_expires_at) == (Status.WITHDRAWN, None)


@pytest.mark.parametrize("status", [Status.WITHDRAWN, Status.REJECTED, Status.EXPIRED])
def test_an_application_that_has_ended_cannot_be_withdrawn(cohort, status):
    application = _application(cohort, status=status)
    message = _conflict(services.application_withdraw, application=application, by=application.applicant)
    assert message == "This application can no longer be withdrawn."


def test_withdrawing_a_consent_withdraws_that_one_only(cohort):
    other, application = _application(cohort, age=16), _application(cohort, age=16)
    for each in (other, application):  # the other application's consents come first
        consents_record(application=each, minor=True, guardian_consent=True, photo_consent=True, new=True)
    before = timezone.now()
    consent = services.consent_withdraw(
        application=application, by=application.applicant, kind=Consent.Kind.PHOTOS
    )
    consent.refresh_from_db()
    assert (consent.application, consent.kind) == (application, Consent.Kind.PHOTOS)
    assert consent.withdrawn_at >= before
    assert _live(application) == {Consent.Kind.PARTICIPATION}
    assert _live(other) == {Consent.Kind.PARTICIPATION, Consent.Kind.PHOTOS}


def test_a_consent_not_given_or_already_withdrawn_cannot_be_withdrawn(cohort):
    application = _application(cohort)
    consents_record(
        application=application, minor=False, guardian_consent=False, photo_consent=True, new=True
    )
    services.consent_withdraw(application=application, by=application.applicant, kind=Consent.Kind.PHOTOS)
    for kind in (Consent.Kind.PHOTOS, Consent.Kind.PARTICIPATION):
        message = _conflict(
            services.consent_withdraw, application=application, by=application.applicant, kind=kind
        )
        assert message == "There is no such consent to withdraw."
    assert application.consents.get().withdrawn_at is not None


def test_applying_to_a_closed_cohort_is_refused_in_words(cohort):
    cohort.applications_open_at = timezone.now() - dt.timedelta(days=2)
    cohort.applications_close_at = timezone.now() - dt.timedelta(seconds=1)
    cohort.save()
    message = _conflict(
        services.application_submit,
        cohort=cohort,
        applicant=StudentFactory(),
        data=_data(cohort, 20),
        answers={},
    )
    assert message == "Applications for this cohort are closed."


def test_a_second_application_to_the_same_cohort_is_refused_before_its_data_is_checked(cohort):
    applicant = StudentFactory()
    services.application_submit(cohort=cohort, applicant=applicant, data=_data(cohort, 20), answers={})
    message = _conflict(
        services.application_submit, cohort=cohort, applicant=applicant, data={"full_name": ""}, answers={}
    )
    assert message == "You have already applied to this cohort."


def test_an_application_to_one_cohort_does_not_stop_one_to_another(cohort):
    from tests.factories import CohortFactory

    applicant, other = StudentFactory(), CohortFactory()
    services.application_submit(cohort=cohort, applicant=applicant, data=_data(cohort, 20), answers={})
    second = services.application_submit(cohort=other, applicant=applicant, data=_data(other, 20), answers={})
    assert second.cohort == other


def test_two_applications_racing_past_the_check_are_decided_by_the_database(cohort, monkeypatch):
    from camps.models import Application, ApplicationQuerySet

    applicant = StudentFactory()
    services.application_submit(cohort=cohort, applicant=applicant, data=_data(cohort, 20), answers={})
    monkeypatch.setattr(ApplicationQuerySet, "active", lambda self: self.none())  # the check sees nothing
    message = _conflict(
        services.application_submit, cohort=cohort, applicant=applicant, data=_data(cohort, 20), answers={}
    )
    assert message == "You have already applied to this cohort."
    assert Application.objects.filter(applicant=applicant).count() == 1


def test_an_adult_applies_without_a_guardian_or_a_photo_consent_unless_given(cohort):
    application = services.application_submit(
        cohort=cohort, applicant=StudentFactory(), data=_data(cohort, 20, **GUARDIAN), answers={}
    )
    application.refresh_from_db()
    assert (application.guardian_name, application.guardian_contact) == ("", "")
    assert not application.consents.exists()


def test_a_late_applicant_waits_from_the_moment_they_applied(cohort):
    for _ in range(cohort.capacity):
        _application(cohort, status=Status.CONFIRMED)
    application = services.application_submit(
        cohort=cohort, applicant=StudentFactory(), data=_data(cohort, 20), answers={}
    )
    application.refresh_from_db()
    assert application.status == Status.WAITLISTED
    assert application.submitted_at == application.waitlisted_at
