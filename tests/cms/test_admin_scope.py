"""Every URL of every admin viewset of the project shows a person only what is theirs.

The walk introspects Wagtail's viewset registry, so a viewset added later is walked too: it needs an object in
the ``objects`` fixture (the walk fails, naming the model, when it has none).
"""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.viewsets import viewsets
from wagtail.coreutils import resolve_model_string
from wagtail.permissions import policy_registry

from accounts import roles
from alumni.models import ContactMessage
from camps.models import Application, Certificate, Cohort
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    ForumEventFactory,
    OrganiserFactory,
    QuizFactory,
    UserFactory,
    graduate,
)

pytestmark = pytest.mark.django_db

CAMPS_MODELS = (Cohort, Application, Certificate)
REFUSED = (302, 403, 404, 405)
REACH_ACTIONS = ("add", "change", "delete", "view")
VENV = str(Path(settings.BASE_DIR) / ".venv")


def _project_app_labels():
    base = str(settings.BASE_DIR)
    return {
        config.label
        for config in apps.get_app_configs()
        if config.path.startswith(base) and not config.path.startswith(VENV)
    }


def project_viewsets():
    reverse("wagtailadmin_home")  # loads the admin's URLs, which fills the registry
    labels = _project_app_labels()
    found = []
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if not model:
            continue
        model = resolve_model_string(model)
        if model._meta.app_label in labels:
            found.append((viewset, model))
    return found


def viewset_urls(viewset, obj):
    """(url, view class) for every pattern the viewset registers, with the object's id where it takes one."""
    urls = []
    for pattern in viewset.get_urlpatterns():
        params = set(pattern.pattern.converters)
        if params - {"pk"}:
            pytest.fail(f"{viewset.url_namespace}:{pattern.name} takes {params}; teach the walk about it")
        kwargs = {"pk": obj.pk} if "pk" in params else {}
        url = reverse(viewset.get_url_name(pattern.name), kwargs=kwargs)
        view_class = pattern.callback.view_class
        urls.append((url, view_class, bool(params)))
        if not params and pattern.name in ("index", "list", "index_results", "list_results"):
            urls += [(f"{url}?export=csv", view_class, False), (f"{url}?export=xlsx", view_class, False)]
    return urls


@pytest.fixture
def organiser(db):
    return OrganiserFactory()


@pytest.fixture
def objects(site, organiser, settings, tmp_path):
    """One object of every model a project viewset shows, none of them belonging to the walkers below."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from courses.h5p.services import package_import
    from tests.h5p.helpers import demo_bytes

    cohort = CohortFactory(organisers=[organiser], name="Агым Ысык-Көл")
    application = ApplicationFactory(cohort=cohort, full_name="Айгерим Токтосунова")
    Certificate.objects.create(application=application, holder_name=application.full_name, language="ky")
    QuizFactory()
    package_import(source=demo_bytes("en"), user=UserFactory(is_superuser=True))
    # Alumni: the applicant graduated (record and profile under their name), wrote to another alumnus, and
    # the cohort's organiser runs a forum event.
    alumnus = graduate(cohort=cohort, display_name=application.full_name)
    ContactMessage.objects.create(sender=alumnus, recipient=graduate(), body=application.full_name)
    ForumEventFactory(name=cohort.name, organisers=[organiser])
    return application


@pytest.fixture
def walkers(db):
    """An organiser of another cohort, a teacher and a student: nothing in the fixture is theirs."""
    other_cohort = CohortFactory(organisers=[OrganiserFactory()])
    ApplicationFactory(cohort=other_cohort, full_name="Бакыт Осмонов")
    return {
        "other organiser": other_cohort.organisers.get(),
        "teacher": UserFactory(roles=[roles.TEACHER]),
        "student": UserFactory(roles=[roles.STUDENT]),
    }


def _body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def _instance(model):
    obj = model._default_manager.order_by("pk").first()
    if obj is None:
        pytest.fail(f"the admin shows {model._meta.label}: create one in the `objects` fixture")
    return obj


def _theirs(user, model, obj):
    """Camps records belong to their cohort's organisers only; content (quizzes, H5P) to whoever may reach the
    model at all."""
    if model in CAMPS_MODELS:
        return False
    return policy_registry.get_by_type(model).user_has_any_permission_for_instance(user, REACH_ACTIONS, obj)


@pytest.mark.parametrize("who", ["other organiser", "teacher", "student"])
def test_no_admin_url_shows_someone_elses_objects(client, objects, walkers, who):
    user = walkers[who]
    client.force_login(user)
    walked = 0
    for viewset, model in project_viewsets():
        obj = _instance(model)
        if _theirs(user, model, obj):
            continue
        for url, _view, takes_object in viewset_urls(viewset, obj):
            walked += 1
            response = client.get(url)
            body = _body(response)
            assert response.status_code != 500, url
            assert objects.full_name not in body, f"{who} reads the applicant's name at {url}"
            assert objects.cohort.name not in body, f"{who} reads the cohort at {url}"
            if takes_object:
                assert response.status_code in REFUSED, f"{who} opens {url}: {response.status_code}"
                response = client.post(url, {"notes": "x", "revoked_at": "2030-01-01 00:00"})
                assert response.status_code in REFUSED, f"{who} posts to {url}: {response.status_code}"
                assert model._default_manager.filter(pk=obj.pk).exists(), url
    assert walked > 30  # every viewset was walked, not skipped
    objects.refresh_from_db()
    assert objects.notes == ""
    assert objects.certificate.revoked_at is None


def _allowed(user, model, view_class):
    policy = policy_registry.get_by_type(model)
    required = getattr(view_class, "permission_required", None)
    any_required = getattr(view_class, "any_permission_required", None)
    if required and not policy.user_has_permission(user, required):
        return False
    return not any_required or policy.user_has_any_permission(user, any_required)


def test_the_cohorts_organiser_opens_every_view_their_permissions_allow(client, objects, organiser):
    client.force_login(organiser)
    opened = set()
    for viewset, model in project_viewsets():
        if model not in CAMPS_MODELS:
            continue
        obj = _instance(model)
        for url, view_class, _takes_object in viewset_urls(viewset, obj):
            response = client.get(url)
            if _allowed(organiser, model, view_class):
                assert response.status_code == 200, url
                opened.add(url.split("?")[0])
            else:
                assert response.status_code in REFUSED, url
    application = objects
    assert {
        f"/admin/applications/{view}/{application.pk}/" for view in ("edit", "inspect", "history", "usage")
    } <= opened
    assert objects.full_name in client.get(f"/admin/applications/inspect/{application.pk}/").content.decode()
    assert objects.full_name in client.get("/admin/applications/").content.decode()


def test_an_organiser_lists_only_their_cohorts_applications(client, objects, walkers):
    client.force_login(walkers["other organiser"])
    html = client.get("/admin/applications/").content.decode()
    assert "Бакыт Осмонов" in html
    assert objects.full_name not in html


def test_index_exports_are_scoped(objects, walkers, organiser):
    """A spreadsheet export of an index is the same scoped listing."""
    from camps.wagtail_hooks import ApplicationViewSet

    class ExportingApplications(ApplicationViewSet):
        list_export = ["full_name"]

    view = ExportingApplications("applications").index_view

    def export_for(user):
        request = RequestFactory().get("/", {"export": "csv"})
        request.user = user
        response = view(request)
        assert response.status_code == 200
        return b"".join(response.streaming_content).decode()

    assert objects.full_name in export_for(organiser)
    theirs = export_for(walkers["other organiser"])
    assert "Бакыт Осмонов" in theirs
    assert objects.full_name not in theirs


@pytest.fixture
def edited(objects, organiser):
    """The cohort's organiser edited the application in the admin (Wagtail logs it under its title)."""
    from wagtail.log_actions import log

    log(instance=objects, action="wagtail.edit", user=organiser)
    return objects


@pytest.mark.parametrize("who", ["other organiser", "teacher", "student"])
def test_site_history_hides_other_cohorts_applicants(client, edited, walkers, who):
    client.force_login(walkers[who])
    response = client.get("/admin/reports/site-history/")
    assert response.status_code in (200, *REFUSED)
    body = _body(response)
    assert edited.full_name not in body
    assert edited.cohort.name not in body


def test_site_history_shows_the_edit_to_the_cohorts_organiser_and_a_site_admin(client, edited, organiser):
    site_admin = UserFactory(roles=[roles.SITE_ADMIN])
    for user in (organiser, site_admin):
        client.force_login(user)
        response = client.get("/admin/reports/site-history/")
        assert response.status_code == 200
        assert edited.full_name in _body(response), user


def test_history_written_before_the_scoped_log_moves_there(objects):
    """The migration moves applications' existing entries out of Wagtail's log; other models' stay."""
    import importlib

    from django.apps import apps as live_apps
    from wagtail.models import ModelLogEntry

    from core.models import ScopedLogEntry

    migration = importlib.import_module("core.migrations.0002_scoped_log_entries_moved")
    quiz = QuizFactory()
    ModelLogEntry.objects.log_action(objects, "wagtail.edit")
    ModelLogEntry.objects.log_action(quiz, "wagtail.edit")
    migration.move(live_apps, None)
    moved = ScopedLogEntry.objects.get()
    assert (moved.object_id, moved.label, moved.action) == (str(objects.pk), str(objects), "wagtail.edit")
    assert list(ModelLogEntry.objects.values_list("object_id", flat=True)) == [str(quiz.pk)]
