"""Paths a branch-coverage report showed untested: the organiser's page for one application (its facts, notes and
a single decision, each refusal), confirming a place through the API, and role_revoke."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import roles
from accounts.services import role_grant, role_revoke
from camps.models import Consent, Question, Status, StatusChange
from tests.factories import ApplicationFactory, QuestionFactory, StudentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _page(pk, lang="ru"):
    return f"/{lang}/camps/organise/applications/{pk}/"


@pytest.fixture
def application(cohort):
    multiple = QuestionFactory(
        cohort=cohort, text="Кайсы темалар?", kind=Question.Kind.MULTIPLE_CHOICE, choices="Шайлоо\nУкук"
    )
    single = QuestionFactory(cohort=cohort, text="Эмне үчүн?")
    application = ApplicationFactory(
        cohort=cohort,
        full_name="Нурлан Сапаров",
        school="Нарын гимназиясы",
        answers={str(multiple.pk): ["Шайлоо", "Укук"], str(single.pk): "Билим алуу үчүн"},
    )
    Consent.objects.create(
        application=application, kind=Consent.Kind.PHOTOS, given_by="Нурлан Сапаров", text_version="1"
    )
    return application


def test_the_organiser_sees_one_application_with_its_answers_consents_and_history(
    client, organiser, application
):
    StatusChange.objects.create(application=application, from_status="", to_status=Status.SUBMITTED)
    client.force_login(organiser)
    response = client.get(_page(application.pk))
    assert response.status_code == 200
    html = response.content.decode()
    for fact in ("Нурлан Сапаров", "Нарын гимназиясы", "Шайлоо; Укук", "Билим алуу үчүн", "Кайсы темалар?"):
        assert fact in html
    assert "Подана" in html  # the history, in Russian


@pytest.mark.parametrize("who", ["other_organiser", "applicant", "student"])
def test_nobody_else_sees_the_organiser_s_page(client, application, other_organiser, who):
    client.force_login(
        {"other_organiser": other_organiser, "applicant": application.applicant}.get(who) or StudentFactory()
    )
    assert client.get(_page(application.pk)).status_code == 403
    assert client.post(_page(application.pk), {"notes": "Чет"}).status_code == 403
    application.refresh_from_db()
    assert application.notes == ""


def test_the_anonymous_are_sent_to_log_in(client, application):
    response = client.get(_page(application.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_application_is_not_found(client, organiser):
    client.force_login(organiser)
    assert client.get(_page(987654)).status_code == 404


def test_notes_are_saved_from_the_page(client, organiser, application):
    client.force_login(organiser)
    response = client.post(_page(application.pk), {"notes": "Жакшы талапкер"}, follow=True)
    assert response.redirect_chain == [(_page(application.pk), 302)]
    assert "Заметки сохранены." in response.content.decode()
    application.refresh_from_db()
    assert application.notes == "Жакшы талапкер"


def test_notes_too_long_are_refused_on_the_page(client, organiser, application):
    client.force_login(organiser)
    response = client.post(_page(application.pk), {"notes": "ж" * 5001})
    assert response.status_code == 200
    assert response.context["notes_form"].errors["notes"]
    application.refresh_from_db()
    assert application.notes == ""


def test_a_single_decision_with_a_message_from_the_page(client, organiser, application):
    client.force_login(organiser)
    response = client.post(
        _page(application.pk), {"decision": "accept", "message": "Куттуктайбыз"}, follow=True
    )
    assert response.redirect_chain == [(_page(application.pk), 302)]
    assert "Обновлено заявок: 1." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    change = StatusChange.objects.get(application=application)
    assert (change.to_status, change.changed_by, change.message) == (
        Status.ACCEPTED,
        organiser,
        "Куттуктайбыз",
    )


def test_a_decision_the_table_forbids_is_shown_and_changes_nothing(client, organiser, application):
    application.status = Status.CONFIRMED
    application.save()
    client.force_login(organiser)
    response = client.post(_page(application.pk), {"decision": "reject"}, follow=True)
    assert response.redirect_chain == [(_page(application.pk), 302)]
    html = response.content.decode()
    assert "Нурлан Сапаров" in html and "Обновлено заявок" not in html
    # The refusal names the application (its wording is being reviewed, so only the name is asserted).
    assert any("Нурлан Сапаров" in str(m) for m in response.context["messages"])
    application.refresh_from_db()
    assert application.status == Status.CONFIRMED
    assert not StatusChange.objects.exists()


def test_an_unknown_decision_is_a_form_error(client, organiser, application):
    client.force_login(organiser)
    response = client.post(_page(application.pk), {"decision": "admit"})
    assert response.status_code == 200
    assert "Выберите корректный вариант. admit нет среди допустимых значений." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


# -- The API's confirm -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.ACCEPTED, Status.OFFERED])
def test_the_applicant_confirms_a_place_through_the_api(cohort, status):
    application = ApplicationFactory(
        cohort=cohort,
        status=status,
        offer_expires_at=timezone.now() + dt.timedelta(days=1) if status == Status.OFFERED else None,
    )
    client = APIClient()
    client.force_authenticate(application.applicant)
    response = client.post(f"/api/v1/applications/{application.pk}/confirm/?lang=ru")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["id"], body["status"]) == (application.pk, Status.CONFIRMED)
    assert "notes" not in body  # the applicant's shape, not the organiser's
    application.refresh_from_db()
    assert application.status == Status.CONFIRMED and application.offer_expires_at is None
    change = StatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.changed_by) == (
        status,
        Status.CONFIRMED,
        application.applicant,
    )


def test_someone_else_s_application_cannot_be_confirmed_through_the_api(cohort):
    application = ApplicationFactory(cohort=cohort, status=Status.ACCEPTED)
    client = APIClient()
    client.force_authenticate(StudentFactory())
    response = client.post(f"/api/v1/applications/{application.pk}/confirm/")
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED


# -- Roles ---------------------------------------------------------------------------------------------------


def test_a_revoked_role_is_gone_and_the_others_stay():
    user = UserFactory(roles=(roles.STUDENT, roles.ORGANISER))
    assert user.has_role(roles.ORGANISER)  # read once: the answer is cached on the object
    role_revoke(user=user, role=roles.ORGANISER)
    assert not user.has_role(roles.ORGANISER) and user.has_role(roles.STUDENT)
    user.refresh_from_db()
    assert sorted(user.groups.values_list("name", flat=True)) == [roles.group_name(roles.STUDENT)]
    role_revoke(user=user, role=roles.ORGANISER)  # twice is harmless
    role_grant(user=user, role=roles.ORGANISER)
    assert user.has_role(roles.ORGANISER)


# -- Branches of the services a coverage report showed untested -------------------------------------------------


@pytest.fixture
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def _questions(cohort):
    return {
        "multiple": QuestionFactory(
            cohort=cohort, kind=Question.Kind.MULTIPLE_CHOICE, choices="Шайлоо\nУкук", required=True
        ),
        "single": QuestionFactory(
            cohort=cohort, kind=Question.Kind.SINGLE_CHOICE, choices="Ооба\nЖок", required=False
        ),
        "short": QuestionFactory(cohort=cohort, kind=Question.Kind.SHORT_TEXT, required=False),
        "long": QuestionFactory(cohort=cohort, kind=Question.Kind.LONG_TEXT, required=False),
    }


@pytest.mark.parametrize(
    ("question", "answer", "message"),
    [
        ("multiple", ["Шайлоо", "Салык"], "Choose from the given options."),
        ("multiple", [], "This question needs an answer."),
        ("single", ["Ооба"], "Give one answer."),
        ("single", "Балким", "Choose from the given options."),
        ("short", "ж" * 301, "The answer is too long (at most 300 characters)."),
        ("long", "ж" * 5001, "The answer is too long (at most 5000 characters)."),
    ],
)
def test_each_answer_rule_names_its_question(cohort, english, question, answer, message):
    from django.core.exceptions import ValidationError

    from camps.services.applications import answers_clean

    questions = _questions(cohort)
    answers = {str(questions["multiple"].pk): ["Укук"], str(questions[question].pk): answer}
    with pytest.raises(ValidationError) as error:
        answers_clean(cohort=cohort, answers=answers)
    assert error.value.message_dict == {f"answers.{questions[question].pk}": [message]}


def test_answers_at_their_limits_are_kept(cohort):
    from camps.services.applications import answers_clean

    q = _questions(cohort)
    cleaned = answers_clean(
        cohort=cohort,
        answers={
            str(q["multiple"].pk): "Укук",  # one choice given as text
            str(q["single"].pk): " Ооба ",
            str(q["short"].pk): "ж" * 300,
            str(q["long"].pk): "ж" * 5000,
        },
    )
    assert cleaned == {
        str(q["multiple"].pk): ["Укук"],
        str(q["single"].pk): "Ооба",
        str(q["short"].pk): "ж" * 300,
        str(q["long"].pk): "ж" * 5000,
    }
    assert answers_clean(cohort=cohort, answers={str(q["multiple"].pk): ["Шайлоо"]})[str(q["long"].pk)] == ""


def test_each_personal_data_rule_names_its_field(cohort, english):
    from django.core.exceptions import ValidationError

    from camps.services.applications import personal_data_clean

    with pytest.raises(ValidationError) as error:
        personal_data_clean(
            cohort=cohort,
            data={"full_name": "  ", "region": "moon", "contact_phone": " ", "date_of_birth": "2008-01-01"},
        )
    assert error.value.message_dict == {
        "full_name": ["Please give your full name."],
        "region": ["Choose a region."],
        "contact_phone": ["Give a phone number or an email address."],
        "date_of_birth": ["Give your date of birth."],
    }


def test_erasing_a_graduate_revokes_the_certificate_and_clears_every_note(cohort, organiser):
    from camps import services
    from camps.models import Attendance, Certificate

    application = ApplicationFactory(cohort=cohort, status=Status.ATTENDED, full_name="Нурлан Сапаров")
    Attendance.objects.create(application=application, day=cohort.starts_on, note="Кечикти")
    StatusChange.objects.create(application=application, to_status=Status.ATTENDED, message="Жакшы катышты")
    certificate = Certificate.objects.create(
        application=application, holder_name="Нурлан Сапаров", language="ky"
    )
    assert services.applications_erase(user=application.applicant) == 1
    certificate.refresh_from_db()
    assert certificate.holder_name == "—" and certificate.revoked_at is not None
    assert list(Attendance.objects.values_list("note", flat=True)) == [""]
    assert list(StatusChange.objects.values_list("message", flat=True)) == [""]
    application.refresh_from_db()
    assert application.status == Status.ATTENDED  # a finished camp is not withdrawn, only anonymised


def test_the_retention_purge_waits_for_the_whole_retention_period(organiser):
    from camps import services
    from tests.factories import CohortFactory

    ended = CohortFactory(
        organisers=[organiser],
        starts_on=timezone.localdate() - dt.timedelta(days=20),
        ends_on=timezone.localdate() - dt.timedelta(days=10),
        applications_open_at=timezone.now() - dt.timedelta(days=60),
        applications_close_at=timezone.now() - dt.timedelta(days=30),
        retention_days=10,
    )
    application = ApplicationFactory(cohort=ended, guardian_name="Ата-эне")
    assert services.personal_data_purge_expired(now=timezone.now() - dt.timedelta(days=1)) == 0
    application.refresh_from_db()
    assert application.guardian_name == "Ата-эне"
    assert services.personal_data_purge_expired() == 1
    application.refresh_from_db()
    assert application.guardian_name == ""
