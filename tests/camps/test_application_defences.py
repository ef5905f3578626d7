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
