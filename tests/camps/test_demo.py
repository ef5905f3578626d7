from io import StringIO

import pytest

from accounts import demo as accounts_demo
from alumni.models import AlumniRecord
from camps import demo
from camps.models import Application, Certificate, Cohort, Consent, ProgrammePage, Status
from cms import demo as cms_demo

pytestmark = pytest.mark.django_db


def _seed():
    accounts_demo.seed(stdout=StringIO())
    cms_demo.seed(stdout=StringIO())
    demo.seed(stdout=StringIO())


def _counts():
    return (
        ProgrammePage.objects.count(),
        Cohort.objects.count(),
        Application.objects.count(),
        Certificate.objects.count(),
        AlumniRecord.objects.count(),
    )


def test_demo_has_programmes_cohorts_and_applications_and_is_idempotent():
    _seed()
    first = _counts()
    _seed()
    assert _counts() == first
    assert ProgrammePage.objects.filter(locale__language_code="ky").count() == 2
    assert {p.locale.language_code for p in ProgrammePage.objects.select_related("locale")} == {
        "ky",
        "ru",
        "en",
    }
    assert not ProgrammePage.objects.filter(alias_of__isnull=False).exists()
    assert set(Application.objects.values_list("status", flat=True)) == set(Status.values)
    assert Cohort.objects.filter(organisers__username="organiser1").count() == Cohort.objects.count() >= 3
    assert len(set(Cohort.objects.values_list("region", flat=True))) >= 3
    awaiting = Application.objects.get(status=Status.AWAITING_GUARDIAN)
    assert awaiting.guardian_name and not awaiting.consents.exists()
    paper = Consent.objects.get(method=Consent.Method.PAPER)
    assert paper.scan and paper.recorded_by.username == "organiser1" and paper.text
    assert paper.application.status == Status.SUBMITTED
    full = Cohort.objects.get(name_en="Democracy Camp — Talas")
    assert full.applications.places_held() == full.capacity
    late = list(full.applications.with_waiting_position().filter(status=Status.WAITLISTED).order_by("pk"))
    assert [a.waiting_position for a in late] == [1, 2]
    assert all(a.status_changes.get().from_status == "" for a in late)  # joined the list as they applied
    assert not Cohort.objects.filter(name_ru="").exists() and not Cohort.objects.filter(name_en="").exists()
    graduate = Application.objects.get(applicant__username="alumnus1")
    assert graduate.status == Status.GRADUATED and graduate.certificate.code
    assert AlumniRecord.objects.filter(user__username="alumnus1").exists()
