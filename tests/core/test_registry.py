"""The registries: every app's permissions, API resources, demo data and periodic tasks are found and used."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured

from accounts import roles
from core import registry

pytestmark = pytest.mark.django_db


def test_each_role_group_carries_what_every_app_grants_it():
    granted = registry.role_permissions()
    assert "h5p.add_h5ppackage" in granted[roles.TEACHER]
    assert "camps.view_cohort" in granted[roles.ORGANISER]
    assert "cms.change_sitesettings" in granted[roles.SITE_ADMIN]
    for role, perms in granted.items():
        group = Group.objects.get(name=roles.group_name(role))
        held = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert set(perms) <= held, role


def test_every_granted_permission_exists():
    """A misspelt codename would grant nothing, silently."""
    existing = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    granted = {perm for perms in registry.role_permissions().values() for perm in perms}
    assert granted - existing == set()


def test_the_api_index_lists_every_apps_resources(api_client):
    expected = {}
    for _config, module in registry.app_modules("api.urls"):
        expected.update(module.API_RESOURCES)
    resources = api_client.get("/api/v1/").json()["resources"]
    assert set(expected) | {"schema", "docs"} == set(resources)
    assert {"token", "me", "modules", "h5p_upload", "programmes", "data_export"} <= set(resources)
    for name in expected:
        assert resources[name].startswith("http://testserver/api/v1/"), name


def test_a_resource_declared_by_two_apps_is_refused(monkeypatch):
    modules = registry.app_modules("api.urls")
    (_first, module_a), (_second, module_b) = modules[0], modules[1]
    monkeypatch.setattr(module_b, "API_RESOURCES", {**module_b.API_RESOURCES, **module_a.API_RESOURCES})
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        registry.api_resources()


def test_registries_ask_only_the_projects_apps():
    names = [config.name for config in registry.project_apps()]
    assert names[:4] == ["core", "accounts", "cms", "courses"]
    assert "rest_framework" not in names and "wagtail.admin" not in names
    assert [config.name for config, _module in registry.demo_modules()] == [
        "accounts",
        "cms",
        "courses",
        "courses.h5p",
        "courses.classrooms",
        "camps",
        "alumni",
    ]
