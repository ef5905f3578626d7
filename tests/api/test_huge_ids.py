"""Ids too large for a 64-bit integer (SQLite raises OverflowError on them) are a 404 in a path and a 400 in a
query string or body; never a 500."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from rest_framework.test import APIClient

from camps.models import Application, Attendance, Status
from tests.factories import ApplicationFactory, CohortFactory, OrganiserFactory, StudentFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
JUST_TOO_BIG = str(2**63)


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


OUR_APPS = ("accounts.", "alumni.", "camps.", "cms.", "config.", "core.", "courses.")


def test_no_route_takes_an_unbounded_int():
    unbounded = []
    for route, entry in _patterns(get_resolver()):
        if route.startswith(("admin/", "django-admin/")) or not getattr(
            entry.callback, "__module__", ""
        ).startswith(OUR_APPS):
            continue  # Wagtail's and Django's admin: staff only, their own routes
        converters = getattr(entry.pattern, "converters", {})
        if any(type(c) is IntConverter for c in converters.values()):
            unbounded.append(route)
    assert unbounded == [], "use <id:...> (core.converters) for ids"


@pytest.mark.parametrize("big", [HUGE, JUST_TOO_BIG])
@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/api/v1/lessons/{}/"),
        ("get", "/api/v1/modules/{}/"),
        ("post", "/api/v1/lessons/{}/done/"),
        ("get", "/api/v1/quizzes/{}/"),
        ("get", "/api/v1/cohorts/{}/"),
        ("post", "/api/v1/cohorts/{}/graduate/"),
        ("get", "/api/v1/applications/{}/"),
        ("post", "/api/v1/applications/{}/withdraw/"),
        ("get", "/api/v1/h5p/{}/state/"),
        ("get", "/ky/learning/lessons/{}/done/"),
        ("get", "/ky/camps/cohorts/{}/"),
        ("get", "/ky/camps/organise/cohorts/{}/"),
        ("get", "/ky/h5p/{}/"),
    ],
)
def test_a_huge_id_in_a_path_is_404(method, path, big):
    client = _client(OrganiserFactory())
    assert getattr(client, method)(path.format(big)).status_code == 404


@pytest.mark.parametrize("query", [f"cohort={HUGE}", "cohort=-1", "cohort=²"])
def test_a_huge_cohort_filter_is_400(query):
    ApplicationFactory()
    response = _client(StudentFactory()).get(f"/api/v1/applications/?{query}")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["cohort"]


def test_a_huge_programme_filter_is_400():
    CohortFactory()
    response = APIClient().get(f"/api/v1/cohorts/?programme={HUGE}")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["programme"]


def test_huge_application_ids_to_graduate_are_400_and_change_nothing():
    organiser = OrganiserFactory()
    cohort = CohortFactory(organisers=[organiser])
    attended = ApplicationFactory(cohort=cohort, status=Status.ATTENDED)
    response = _client(organiser).post(
        f"/api/v1/cohorts/{cohort.pk}/graduate/",
        {"applications": [attended.pk, int(HUGE)]},
        format="json",
    )
    assert response.status_code == 400
    assert "applications" in response.json()["error"]["fields"]
    assert Application.objects.get(pk=attended.pk).status == Status.ATTENDED


def test_huge_ids_posted_to_organiser_pages_select_nothing(client):
    organiser = OrganiserFactory()
    cohort = CohortFactory(organisers=[organiser])
    confirmed = ApplicationFactory(cohort=cohort, status=Status.CONFIRMED)
    client.force_login(organiser)
    base = f"/ru/camps/organise/cohorts/{cohort.pk}/"
    day = cohort.starts_on.isoformat()
    for url, data in (
        (base, {"applications": [HUGE, "²"], "decision": "accept"}),
        (base + "attendance/", {"day": day, "present": [HUGE, confirmed.pk], f"note_{HUGE}": "x"}),
        (base + "graduate/", {"applications": [HUGE]}),
    ):
        assert client.post(url, data).status_code == 302, url
    assert Attendance.objects.get().application_id == confirmed.pk
    # Marked present (the attendance service moves a confirmed participant to attended), not graduated.
    assert Application.objects.get(pk=confirmed.pk).status == Status.ATTENDED
