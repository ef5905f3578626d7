"""Personal data across the platform: every model that points at a person is covered or exempted with a
reason, the export holds every app's data, and erasure (only with the password) removes the learning records."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from knox.models import AuthToken
from rest_framework.test import APIClient

from camps.models import Application, Status
from core import personal_data as privacy
from core.registry import app_modules
from courses import services as course_services
from courses.h5p import demo as h5p_demo
from courses.h5p import services as h5p_services
from courses.h5p.models import H5PState, XAPIStatement
from courses.h5p.xapi import statement_parse
from courses.models import LessonProgress, QuizAnswer, QuizAttempt
from tests.factories import PASSWORD, ApplicationFactory, CohortFactory, OrganiserFactory, StudentFactory
from tests.factories.courses import RIGHT_ANSWERS, QuizFactory, course_tree

pytestmark = pytest.mark.django_db


def test_every_model_pointing_at_a_person_is_covered_or_exempted_with_a_reason():
    covered, exempt = privacy.privacy_coverage()
    pointing = privacy.user_foreign_key_models()
    forgotten = sorted(set(pointing) - set(covered) - set(exempt))
    assert not forgotten, (
        f"no privacy.py covers or exempts these models with a foreign key to the user: {forgotten}"
    )
    assert all(reason.strip() for reason in exempt.values())
    assert not set(covered) & set(exempt), "a model is both covered and exempted"
    # Names that are not models (a typo, a model that was removed) would cover nothing.
    assert not (set(covered) | set(exempt)) - set(pointing)
    # The learning records are among those that point at the person, and they are covered.
    assert {"courses.QuizAttempt", "courses.LessonProgress", "h5p.H5PState", "h5p.XAPIStatement"} <= set(
        covered
    )


def test_every_privacy_module_keeps_the_contract():
    modules = app_modules("privacy")
    assert {config.name for config, _module in modules} >= {
        "accounts",
        "courses",
        "courses.h5p",
        "camps",
        "alumni",
    }
    for config, module in modules:
        assert callable(module.export) and callable(module.erase), config.name
        assert isinstance(module.COVERS, list) and isinstance(module.EXEMPT, dict), config.name


@pytest.fixture
def learner(settings, tmp_path):
    """A student with something in every app: a camp application, lesson progress, a quiz attempt, an H5P
    resume state and an xAPI statement."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    user = StudentFactory()
    quiz = QuizFactory()
    _module, lessons = course_tree(lessons=2, quiz=quiz)
    course_services.lesson_progress_visit(user=user, lesson=lessons[0])
    course_services.quiz_attempt_submit(user=user, quiz=quiz, answers=RIGHT_ANSWERS)
    package = h5p_demo.seed_packages(stdout=io.StringIO())["ky"]
    h5p_services.h5p_state_save(user=user, package=package, data={"progress": 3})
    statement = statement_parse(
        {
            "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
            "object": {"id": f"http://testserver/h5p/{package.uuid}/"},
            "result": {"score": {"raw": 4, "min": 0, "max": 5}, "completion": True},
        }
    )
    h5p_services.xapi_statement_record(user=user, package=package, statement=statement)
    cohort = CohortFactory(organisers=[OrganiserFactory()])
    ApplicationFactory(cohort=cohort, applicant=user, answers={"1": "менин жообум"})
    return user


def _learning_counts(user) -> dict[str, int]:
    return {
        "attempts": QuizAttempt.objects.filter(user=user).count(),
        "answers": QuizAnswer.objects.filter(attempt__user=user).count(),
        "progress": LessonProgress.objects.filter(user=user).count(),
        "states": H5PState.objects.filter(user=user).count(),
        "statements": XAPIStatement.objects.filter(user=user).count(),
    }


def test_the_export_holds_every_app(learner):
    client = APIClient()
    client.force_authenticate(learner)
    response = client.get("/api/v1/me/data-export/")
    assert response.status_code == 200
    data = response.json()
    assert data["account"]["username"] == learner.username
    assert data["camp_applications"][0]["answers"] == {"1": "менин жообум"}
    # The visit to lesson 1, then the quiz in lesson 2 (which records progress there too).
    assert [row["lesson"] for row in data["lesson_progress"]] == ["Lesson 1", "Lesson 2"]
    (attempt,) = data["quiz_attempts"]
    assert (attempt["score"], attempt["max_score"], attempt["passed"]) == (5, 5, True)
    assert len(attempt["answers"]) == QuizAnswer.objects.filter(attempt__user=learner).count()
    assert data["h5p_states"][0]["state"] == {"progress": 3}
    assert data["xapi_statements"][0]["verb"] == "http://adlnet.gov/expapi/verbs/completed"
    assert data["alumni_records"] == [] and data["organised_cohorts"] == []


def test_erasure_removes_the_learning_records_and_closes_the_account(learner):
    assert set(_learning_counts(learner).values()) != {0}
    from django.core.cache import cache

    assert cache.get(f"courses:learner-last:{learner.pk}")  # the lesson opened last, kept by the visit
    AuthToken.objects.create(user=learner)
    client = APIClient()
    client.force_authenticate(learner)
    response = client.post("/api/v1/me/data-erasure/", {"password": PASSWORD}, format="json")
    assert response.status_code == 204
    assert _learning_counts(learner) == dict.fromkeys(_learning_counts(learner), 0)
    learner.refresh_from_db()
    assert (
        learner.username == f"erased-{learner.pk}"
        and not learner.is_active
        and not learner.has_usable_password()
    )
    assert not learner.groups.exists() and not AuthToken.objects.filter(user=learner).exists()
    from django.core.cache import cache

    assert not cache.get(f"courses:learner-last:{learner.pk}")  # nor which lesson they opened last
    application = Application.objects.get(applicant=learner)
    assert application.full_name == "—" and application.answers == {}
    # Withdrawn the way the applicant would withdraw: the audit trail records it, by the person, from its status.
    change = application.status_changes.order_by("pk").last()
    assert (change.from_status, change.to_status, change.changed_by_id) == (
        Status.SUBMITTED,
        Status.WITHDRAWN,
        learner.pk,
    )


@pytest.mark.parametrize("body", [{}, {"password": ""}, {"password": "not-the-password"}])
def test_a_token_alone_cannot_erase_an_account(learner, body):
    before = _learning_counts(learner)
    _instance, token = AuthToken.objects.create(user=learner)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.post("/api/v1/me/data-erasure/", body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_password" if body.get("password") else error["code"] == "invalid"
    assert "password" in error["fields"]
    learner.refresh_from_db()
    assert learner.is_active and learner.username.startswith("user")
    assert _learning_counts(learner) == before


def test_the_data_page_shows_a_summary_and_downloads_everything(client, learner):
    client.force_login(learner)
    page = client.get("/en/account/data/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Quiz attempts (1)" in html and "Camp applications (1)" in html and "Lesson progress (2)" in html
    download = client.get("/en/account/data/export.json")
    assert download["Content-Disposition"] == 'attachment; filename="civic-my-data.json"'
    assert json.loads(download.content)["account"]["username"] == learner.username


def test_the_data_page_erases_only_with_the_password(client, learner):
    client.force_login(learner)
    wrong = client.post("/ky/account/data/erase/", {"password": "not-the-password"})
    assert wrong.status_code == 400 and "password" in wrong.context["form"].errors
    learner.refresh_from_db()
    assert learner.is_active and QuizAttempt.objects.filter(user=learner).exists()
    right = client.post("/ky/account/data/erase/", {"password": PASSWORD})
    assert right.status_code == 302
    learner.refresh_from_db()
    assert not learner.is_active and not QuizAttempt.objects.filter(user=learner).exists()
    assert client.get("/ky/account/data/").status_code == 302  # logged out: the log-in page


def test_erasure_runs_in_one_transaction(learner, monkeypatch):
    """An app failing half-way leaves everything as it was: nothing is erased in part."""
    before = _learning_counts(learner)

    def broken(user):
        raise ValidationError("broken")

    monkeypatch.setattr("accounts.privacy.erase", broken)
    with pytest.raises(ValidationError):
        privacy.personal_data_erase(user=learner)
    assert _learning_counts(learner) == before
    assert Application.objects.get(applicant=learner).answers == {"1": "менин жообум"}
