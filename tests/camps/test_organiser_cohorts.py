"""Organisers run their cohorts themselves: they create one (it is theirs), edit it and its questions, reach the
pages from the site header; impossible dates and a capacity below the places held are refused, nothing saved."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.services import roles_ensure
from camps import services
from camps.models import Cohort
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


def test_a_cohort_that_ends_before_it_starts_is_refused(client, organiser):
    client.force_login(organiser)
    start = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(
        "/admin/cohorts/new/",
        _form(programme_page(), starts=start, ends=start - dt.timedelta(days=1)),
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 200
    assert not Cohort.objects.exists()
    assert "before it starts" in response.content.decode() or "раньше" in response.content.decode()


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
    cohort.refresh_from_db()
    assert cohort.capacity == 2 and cohort.name_ru == ""
    # The same rule under the lock, for a place taken while the form was open.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.cohort_capacity_check(cohort_id=cohort.pk, capacity=1)
    assert "capacity" in exc.value.message_dict
