"""Cohorts and their questions in every language: each text in the language of the page, the mail or the PDF,
the Kyrgyz original where a translation is missing, and missing translations flagged to editors."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from camps import services
from camps.models import Question, Status
from tests.factories import ApplicationFactory, CohortFactory, OrganiserFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated(organiser):
    cohort = CohortFactory(
        organisers=[organiser],
        name="Жаш жарандар мектеби — Бишкек",
        name_ru="Школа молодых граждан — Бишкек",
        name_en="",  # not translated yet
        venue="Бишкек шаары, Жаштар борбору",
        venue_ru="г. Бишкек, Молодёжный центр",
    )
    QuestionFactory(
        cohort=cohort,
        text="Кайсы тема сизге эң кызыктуу?",
        text_ru="Какая тема вам интереснее всего?",
        kind=Question.Kind.SINGLE_CHOICE,
        choices="Шайлоо\nМедиа сабаттуулук",
        choices_ru="Выборы\nМедиаграмотность",
        choices_en="Elections",  # one line short: the Kyrgyz choices are shown
    )
    return cohort


def test_each_language_shows_its_words_and_falls_back_to_kyrgyz(translated):
    question = translated.questions.get()
    assert translated.name_in("ru") == "Школа молодых граждан — Бишкек"
    assert translated.name_in("en") == translated.name_in("ky") == "Жаш жарандар мектеби — Бишкек"
    assert translated.venue_in("en") == "Бишкек шаары, Жаштар борбору"
    assert question.text_in("en") == question.text == "Кайсы тема сизге эң кызыктуу?"
    assert question.choices_in("ru") == [("Шайлоо", "Выборы"), ("Медиа сабаттуулук", "Медиаграмотность")]
    assert question.choices_in("en") == [("Шайлоо", "Шайлоо"), ("Медиа сабаттуулук", "Медиа сабаттуулук")]
    assert question.answer_in("Шайлоо", "ru") == "Выборы"


def test_pages_and_api_speak_the_visitors_language_and_answers_keep_one_value(client, translated, student):
    question = translated.questions.get()
    page = client.get(f"/ru/camps/cohorts/{translated.pk}/").content.decode()
    assert "Школа молодых граждан — Бишкек" in page and "Молодёжный центр" in page
    assert "Жаш жарандар" not in page
    client.force_login(student)
    form = client.get(f"/ru/camps/cohorts/{translated.pk}/apply/").content.decode()
    assert "Какая тема вам интереснее всего?" in form and "Медиаграмотность" in form
    api = client.get(f"/api/v1/cohorts/{translated.pk}/?lang=ru").json()
    assert api["name"] == "Школа молодых граждан — Бишкек"
    assert api["questions"][0]["choices"] == ["Шайлоо", "Медиа сабаттуулук"]
    assert api["questions"][0]["choice_labels"] == ["Выборы", "Медиаграмотность"]
    english = client.get(f"/api/v1/cohorts/{translated.pk}/?lang=en").json()
    assert english["name"] == "Жаш жарандар мектеби — Бишкек"  # the fallback
    client.post(
        f"/ru/camps/cohorts/{translated.pk}/apply/",
        {
            "full_name": "Тимур Ким",
            "date_of_birth": "2004-01-01",
            "region": "bishkek",
            "contact_email": "timur@example.org",
            f"q_{question.pk}": "Медиа сабаттуулук",
        },
    )
    application = student.camp_applications.get()
    assert application.answers == {str(question.pk): "Медиа сабаттуулук"}  # the stored value, in Kyrgyz


def test_a_russian_graduation_mail_names_the_cohort_in_russian(
    translated, organiser, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(
        cohort=translated, status=Status.ATTENDED, applicant__preferred_language="ru"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.cohort_graduate(cohort=translated, by=organiser, application_ids=[application.pk])
    [message] = mail.outbox
    assert "Школа молодых граждан — Бишкек" in message.body
    assert "Жаш жарандар мектеби — Бишкек" not in message.body


def test_translated_choices_must_match_the_kyrgyz_ones(translated):
    question = translated.questions.get()
    with pytest.raises(ValidationError) as exc:
        question.full_clean()
    assert set(exc.value.message_dict) == {"choices_en"}


def test_the_admin_form_shows_every_language_and_flags_the_missing_ones(client, translated):
    admin = OrganiserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    html = client.get(f"/admin/cohorts/edit/{translated.pk}/").content.decode()
    assert 'name="name_ru"' in html and 'name="name_en"' in html and 'name="venue_en"' in html
    assert 'value="Школа молодых граждан — Бишкек"' in html
    assert html.count("translation-missing") >= 2  # name_en and venue_en
