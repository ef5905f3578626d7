"""Organisers run their cohorts themselves, on the admin pages and through the API: they create one (it is theirs),
edit it and its questions, reach the pages from the site header. An end before the start, applications closing
before they open, ages upside down and a capacity below the places held are refused in the organiser's language
on the field concerned, and nothing is saved."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import Locale

from accounts.services import roles_ensure
from camps import services
from camps.models import Cohort
from core.models import ScopedLogEntry
from tests.factories import ApplicationFactory, programme_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _roles(db):
    roles_ensure()


def _form(programme, *, starts, ends, capacity=12, name="Демократия лагери — Талас", **extra):
    now = timezone.localtime()
    body = {
        "programme": programme.pk,
        "name": name,
        "name_ru": "Лагерь демократии — Талас",
        "name_en": "",
        "region": "talas",
        "venue": "Талас шаары",
        "venue_ru": "",
        "venue_en": "",
        "starts_on": starts.isoformat(),
        "ends_on": ends.isoformat(),
        "applications_open_at": now.strftime("%Y-%m-%d %H:%M"),
        "applications_close_at": (now + dt.timedelta(days=10)).strftime("%Y-%m-%d %H:%M"),
        "capacity": capacity,
        "min_age": 14,
        "max_age": 25,
        "language": "ky",
        "offer_days": 3,
        "retention_days": 365,
        "questions-TOTAL_FORMS": 1,
        "questions-INITIAL_FORMS": 0,
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 1000,
        "questions-0-id": "",
        "questions-0-ORDER": 1,
        "questions-0-DELETE": "",
        "questions-0-text": "Эмне үчүн катышкыңыз келет?",
        "questions-0-text_ru": "Почему вы хотите участвовать?",
        "questions-0-text_en": "",
        "questions-0-kind": "long_text",
        "questions-0-choices": "",
        "questions-0-choices_ru": "",
        "questions-0-choices_en": "",
        "questions-0-required": "on",
    }
    body.update(extra)
    return body


def test_an_organiser_creates_a_cohort_with_questions_and_runs_it(client, organiser):
    client.force_login(organiser)
    home = client.get("/ru/camps/organise/").content.decode()
    assert 'href="/admin/cohorts/new/"' in home
    assert 'href="/ru/camps/organise/"' in client.get("/ru/camps/my/").content.decode()  # in the site header
    start = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(
        "/admin/cohorts/new/", _form(programme_page(), starts=start, ends=start + dt.timedelta(days=5))
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cohort = Cohort.objects.get(name="Демократия лагери — Талас")
    assert list(cohort.organisers.all()) == [organiser]  # theirs to run
    assert cohort.questions.get().text_ru == "Почему вы хотите участвовать?"
    assert client.get(f"/ru/camps/organise/cohorts/{cohort.pk}/").status_code == 200
    assert client.get(f"/admin/cohorts/edit/{cohort.pk}/").status_code == 200


# Each rule on a cohort's values, as the organiser breaks it, the field it is shown on and its Russian words.
def _ends_before_start(body):
    body["ends_on"] = (dt.date.fromisoformat(body["starts_on"]) - dt.timedelta(days=1)).isoformat()


def _closes_before_opening(body):
    opens = dt.datetime.fromisoformat(body["applications_open_at"])
    body["applications_close_at"] = (opens - dt.timedelta(hours=1)).isoformat(sep=" ", timespec="minutes")


def _ages_upside_down(body):
    body["min_age"], body["max_age"] = 18, 16


BROKEN = [
    pytest.param(
        _ends_before_start, "ends_on", "Поток не может закончиться раньше, чем начнётся.", id="dates"
    ),
    pytest.param(
        _closes_before_opening,
        "applications_close_at",
        "Приём заявок не может закончиться раньше",
        id="window",
    ),
    pytest.param(
        _ages_upside_down, "max_age", "Максимальный возраст не может быть меньше минимального.", id="ages"
    ),
]


@pytest.mark.parametrize(("breaks", "field", "message"), BROKEN)
def test_a_cohort_that_breaks_a_rule_is_refused_on_the_page(client, organiser, breaks, field, message):
    client.force_login(organiser)
    start = timezone.localdate() + dt.timedelta(days=30)
    body = _form(programme_page(), starts=start, ends=start + dt.timedelta(days=5))
    breaks(body)
    response = client.post("/admin/cohorts/new/", body)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Cohort.objects.exists()


def test_the_capacity_cannot_drop_below_the_places_held(client, cohort, organiser):
    for _ in range(2):
        services.application_decide(
            application=ApplicationFactory(cohort=cohort), by=organiser, decision="accept"
        )
    client.force_login(organiser)
    body = _form(
        cohort.programme,
        starts=cohort.starts_on,
        ends=cohort.ends_on,
        capacity=1,
        name=cohort.name,
        **{"questions-TOTAL_FORMS": 0},
    )
    response = client.post(f"/admin/cohorts/edit/{cohort.pk}/", body)
    assert response.status_code == 200
    assert "Уже занято мест: 2; число мест не может быть меньше." in response.content.decode()
    cohort.refresh_from_db()
    assert cohort.capacity == 2 and cohort.name_ru == ""
    # The same rule under the lock, for a place taken while the form was open.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.cohort_capacity_check(cohort_id=cohort.pk, capacity=1)
    assert "capacity" in exc.value.message_dict


# The same through the API ------------------------------------------------------------------------------------


def _api_body(programme, **extra):
    start = timezone.localdate() + dt.timedelta(days=30)
    now = timezone.localtime()
    body = {
        "programme": programme.pk,
        "name": "Демократия лагери — Талас",
        "name_ru": "Лагерь демократии — Талас",
        "region": "talas",
        "venue": "Талас шаары",
        "starts_on": start.isoformat(),
        "ends_on": (start + dt.timedelta(days=5)).isoformat(),
        "applications_open_at": now.isoformat(),
        "applications_close_at": (now + dt.timedelta(days=10)).isoformat(),
        "capacity": 12,
        "min_age": 14,
        "max_age": 25,
    }
    body.update(extra)
    return body


def _api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_organiser_creates_and_changes_a_cohort_through_the_api(organiser_api, organiser):
    created = organiser_api.post("/api/v1/cohorts/?lang=ru", _api_body(programme_page()), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["name"] == "Лагерь демократии — Талас" and body["places_left"] == 12
    cohort = Cohort.objects.get(pk=body["id"])
    assert list(cohort.organisers.all()) == [organiser]  # theirs to run
    changed = organiser_api.patch(
        f"/api/v1/cohorts/{cohort.pk}/?lang=en",
        {"name_en": "Democracy Camp — Talas", "capacity": 20},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["name"], changed.json()["capacity"]) == ("Democracy Camp — Talas", 20)
    cohort.refresh_from_db()
    assert (cohort.name_en, cohort.capacity, cohort.name) == (
        "Democracy Camp — Talas",
        20,
        "Демократия лагери — Талас",
    )
    history = ScopedLogEntry.objects.filter(object_id=str(cohort.pk)).order_by("pk")
    assert [(e.action, e.user_id) for e in history] == [
        ("wagtail.create", organiser.pk),
        ("wagtail.edit", organiser.pk),
    ]


def test_only_organisers_create_cohorts_and_only_theirs_they_change(cohort, other_organiser):
    from tests.factories import StudentFactory

    student = _api(StudentFactory())
    refused = student.post("/api/v1/cohorts/", _api_body(programme_page()), format="json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    stranger = _api(other_organiser).patch(f"/api/v1/cohorts/{cohort.pk}/", {"capacity": 50}, format="json")
    assert stranger.status_code == 403
    cohort.refresh_from_db()
    assert cohort.capacity == 2 and Cohort.objects.count() == 1


def _api_error(response, field):
    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert error["code"] == "invalid", error
    return " ".join(error["fields"][field])


@pytest.mark.parametrize(("breaks", "field", "message"), BROKEN)
def test_a_cohort_that_breaks_a_rule_is_refused_by_the_api(organiser_api, breaks, field, message):
    body = _api_body(programme_page())
    body["applications_open_at"] = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    body["applications_close_at"] = (timezone.localtime() + dt.timedelta(days=10)).strftime("%Y-%m-%d %H:%M")
    breaks(body)
    response = organiser_api.post("/api/v1/cohorts/?lang=ru", body, format="json")
    assert message in _api_error(response, field)
    assert not Cohort.objects.exists()


@pytest.mark.parametrize(("breaks", "field", "message"), BROKEN)
def test_a_change_that_breaks_a_rule_is_refused_by_the_api_and_saves_nothing(
    cohort, organiser_api, breaks, field, message
):
    body = {
        "name_ru": "Новое имя",
        "starts_on": cohort.starts_on.isoformat(),
        "applications_open_at": timezone.localtime(cohort.applications_open_at).strftime("%Y-%m-%d %H:%M"),
        "min_age": cohort.min_age,
    }
    breaks(body)
    before = Cohort.objects.filter(pk=cohort.pk).values().get()
    response = organiser_api.patch(f"/api/v1/cohorts/{cohort.pk}/?lang=ru", body, format="json")
    assert message in _api_error(response, field)
    assert Cohort.objects.filter(pk=cohort.pk).values().get() == before


def test_the_api_refuses_a_capacity_below_the_places_held(cohort, organiser, organiser_api):
    for _ in range(2):
        services.application_decide(
            application=ApplicationFactory(cohort=cohort), by=organiser, decision="accept"
        )
    response = organiser_api.patch(
        f"/api/v1/cohorts/{cohort.pk}/?lang=ru", {"capacity": 1, "name_ru": "Новое имя"}, format="json"
    )
    assert _api_error(response, "capacity") == "Уже занято мест: 2; число мест не может быть меньше."
    cohort.refresh_from_db()
    assert (cohort.capacity, cohort.name_ru) == (2, "")


def test_a_cohort_of_an_unknown_programme_is_refused_by_the_api(organiser_api):
    body = _api_body(programme_page())
    body["programme"] += 1000
    response = organiser_api.post("/api/v1/cohorts/?lang=ru", body, format="json")
    assert _api_error(response, "programme") == "Такой программы нет."
    assert not Cohort.objects.exists()


@pytest.mark.parametrize("when", ["0001-01-01", "0001-01-01T00:00:00+05:00"])
def test_a_time_at_the_edge_of_the_calendar_is_refused_by_the_api(organiser_api, when):
    body = _api_body(programme_page(), applications_open_at=when)
    response = organiser_api.post("/api/v1/cohorts/?lang=ru", body, format="json")
    assert (
        _api_error(response, "applications_open_at") == "Значение даты и времени вне допустимого диапазона."
    )
    assert not Cohort.objects.exists()


def test_a_cohort_made_from_a_translated_programme_page_belongs_to_the_original(organiser_api):
    original = programme_page()
    russian = original.copy_for_translation(
        Locale.objects.get_or_create(language_code="ru")[0], copy_parents=True
    )
    body = _api_body(original)
    body["programme"] = russian.pk
    response = organiser_api.post("/api/v1/cohorts/", body, format="json")
    assert response.status_code == 201, response.json()
    assert Cohort.objects.get().programme_id == original.pk != russian.pk


QUESTIONS = [
    {"text": "Эмне үчүн катышкыңыз келет?", "text_ru": "Почему вы хотите участвовать?", "kind": "long_text"},
    {
        "text": "Кайсы тилде сүйлөйсүз?",
        "text_ru": "На каком языке вы говорите?",
        "kind": "single_choice",
        "choices": "Кыргызча\nОрусча",
        "choices_ru": "Кыргызский\nРусский",
        "required": False,
    },
]


def test_an_organiser_creates_a_cohort_with_its_questions_through_the_api(organiser_api):
    body = _api_body(programme_page(), questions=QUESTIONS)
    response = organiser_api.post("/api/v1/cohorts/?lang=ru", body, format="json")
    assert response.status_code == 201, response.json()
    asked = [
        (q["text"], q["kind"], q["choices"], q["choice_labels"], q["required"])
        for q in response.json()["questions"]
    ]
    assert asked == [
        ("Почему вы хотите участвовать?", "long_text", [], [], True),
        (
            "На каком языке вы говорите?",
            "single_choice",
            ["Кыргызча", "Орусча"],
            ["Кыргызский", "Русский"],
            False,
        ),
    ]


def test_a_question_whose_translated_choices_do_not_match_saves_no_cohort(organiser_api):
    questions = [QUESTIONS[0], {**QUESTIONS[1], "choices_ru": "Кыргызский"}]
    body = _api_body(programme_page(), questions=questions)
    response = organiser_api.post("/api/v1/cohorts/?lang=ru", body, format="json")
    assert _api_error(response, "questions.1.choices_ru") == (
        "Укажите столько же вариантов, сколько на кыргызском (2), по одному в строке и в том же порядке."
    )
    assert not Cohort.objects.exists()
