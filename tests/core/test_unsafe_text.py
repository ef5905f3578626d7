"""Pages refuse control characters in what a form or a query string sends: a translated 400 page that names
the field, and nothing saved. Every form is covered, including views that read request.POST by hand."""

import pytest

from camps.models import Attendance, Status
from tests.factories import ApplicationFactory, CohortFactory, OrganiserFactory, StudentFactory

pytestmark = pytest.mark.django_db


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
