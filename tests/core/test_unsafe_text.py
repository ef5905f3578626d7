"""Pages refuse control characters in what a form or a query string sends: a translated 400 page that names
the field, and nothing saved. Every form is covered, including views that read request.POST by hand."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from camps.models import Attendance, Status
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    OrganiserFactory,
    QuestionFactory,
    StudentFactory,
)

pytestmark = pytest.mark.django_db

# What an older row may hold: SQLite keeps a lone surrogate inside JSON, PostgreSQL refuses one (and NUL).
STORABLE_BAD = "\ud800" if connection.vendor == "sqlite" else "\x01"


def _title(lang):
    """The page's title as people read it (text, not gettext: a missing catalogue fails here)."""
    return {
        "ky": "Текстти сактоого болбойт",
        "ru": "Текст нельзя сохранить",
        "en": "The text cannot be saved",
    }[lang]


def test_a_form_with_a_control_character_is_a_translated_400_and_saves_nothing(client):
    student = StudentFactory(first_name="Айбек", last_name="Асанов")
    client.force_login(student)
    response = client.post(
        "/ky/accounts/profile/",
        {
            "first_name": "Ай\x0bбек",
            "last_name": "Осмонов",
            "email": student.email,
            "preferred_language": "ky",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert _title("ky") in page and "first_name" in page
    student.refresh_from_db()
    assert (student.first_name, student.last_name) == ("Айбек", "Асанов")


def test_a_hand_read_form_is_covered_too(client):
    organiser = OrganiserFactory()
    cohort = CohortFactory(organisers=[organiser])
    application = ApplicationFactory(cohort=cohort, status=Status.CONFIRMED)
    client.force_login(organiser)
    response = client.post(
        f"/ru/camps/organise/cohorts/{cohort.pk}/attendance/",
        {"day": cohort.starts_on.isoformat(), "present": [application.pk], f"note_{application.pk}": "\x01"},
    )
    assert response.status_code == 400 and _title("ru") in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_query_string_with_nul_is_a_400_page(client, site):
    response = client.get("/en/search/", {"q": "civic\x00"})
    assert response.status_code == 400 and "q" in response.content.decode()
    assert client.get("/en/search/", {"q": "civic\tlife"}).status_code == 200


def test_text_scrub_makes_stored_text_showable_again(client):
    organiser = OrganiserFactory()
    cohort = CohortFactory(organisers=[organiser])
    question = QuestionFactory(cohort=cohort)
    application = ApplicationFactory(
        cohort=cohort, full_name="Ай\x01гүл", answers={str(question.pk): [f"жооп{STORABLE_BAD}"], "\x01": "x"}
    )
    client.force_login(organiser)
    page = f"/ru/camps/organise/applications/{application.pk}/"
    out = io.StringIO()
    call_command("text_scrub", "--dry-run", stdout=out)
    assert "camps.Application: 1 row(s)" in out.getvalue()
    application.refresh_from_db()
    assert application.full_name == "Ай\x01гүл"

    call_command("text_scrub", stdout=io.StringIO())
    application.refresh_from_db()
    assert application.full_name == "Ай\ufffdгүл"
    assert application.answers == {str(question.pk): ["жооп\ufffd"], "\ufffd": "x"}
    assert client.get(page).status_code == 200
    out = io.StringIO()
    call_command("text_scrub", stdout=out)
    assert "changed 0 row(s)" in out.getvalue()
