"""The registries: each Civic app fills them from modules of its own, found here in INSTALLED_APPS order.

| module of an app      | what core takes from it                                   | collected by        |
|-----------------------|-----------------------------------------------------------|---------------------|
| `<app>/privacy.py`    | `export(user) -> dict`, `erase(user)`, `COVERS`, `EXEMPT` | `core.privacy`      |
| `<app>/permissions.py`| `ROLE_PERMISSIONS` (role slug -> "app_label.codename"s)   | `role_permissions`  |
| `<app>/api/urls.py`   | `urlpatterns` (under /api/v1/) and `API_RESOURCES`        | `api_url_modules`   |
| `<app>/demo.py`       | `seed(*, stdout)`                                          | `manage.py seed_demo` |
| `<app>/tasks.py`      | `PERIODIC_TASKS` = [(task, every N seconds)]               | `periodic_tasks`    |

Only the project's own apps are asked (third-party packages have modules of the same names, e.g. DRF's
`permissions`). An app without the module simply has nothing to add; a module that fails to import for
another reason fails loudly.
"""

import importlib
from functools import cache
from pathlib import Path
from types import ModuleType

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def project_apps() -> list[AppConfig]:
    """The installed apps whose code lives in this repository, in INSTALLED_APPS order."""
    base = Path(settings.BASE_DIR).resolve()
    found = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and "site-packages" not in path.parts:
            found.append(config)
    return found


@cache
def app_modules(name: str) -> tuple[tuple[AppConfig, ModuleType], ...]:
    """Each project app's `<app>.<name>` module, in INSTALLED_APPS order."""
    modules = []
    for config in project_apps():
        dotted = f"{config.name}.{name}"
        try:
            module = importlib.import_module(dotted)
        except ModuleNotFoundError as exc:
            if exc.name == dotted or dotted.startswith(
                f"{exc.name}."
            ):  # the module (or its package) is absent
                continue
            raise
        modules.append((config, module))
    return tuple(modules)


def role_permissions() -> dict[str, list[str]]:
    """Role slug -> the "app_label.codename" permissions its group carries, from every app's permissions.py."""
    merged: dict[str, list[str]] = {}
    for config, module in app_modules("permissions"):
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            for perm in perms:
                if "." not in perm:
                    raise ImproperlyConfigured(
                        f"{config.name}.permissions: {perm!r} is not 'app_label.codename'"
                    )
                bucket = merged.setdefault(role, [])
                if perm not in bucket:
                    bucket.append(perm)
    return merged


def api_url_modules() -> list[str]:
    """The dotted names of every app's `api.urls` module, to include under /api/v1/."""
    return [module.__name__ for _config, module in app_modules("api.urls")]


def api_resources() -> dict[str, str]:
    """Resource name -> URL name for the API index, from every app's `api/urls.py`; a name used twice is an
    error (one app would hide the other's resource)."""
    resources: dict[str, str] = {}
    for config, module in app_modules("api.urls"):
        for name, url_name in getattr(module, "API_RESOURCES", {}).items():
            if name in resources:
                raise ImproperlyConfigured(f"API resource {name!r} of {config.name} is declared twice")
            resources[name] = url_name
    return resources


def demo_modules() -> list[tuple[AppConfig, ModuleType]]:
    """Every app's demo module with a `seed(*, stdout)`, in INSTALLED_APPS order."""
    return [(config, module) for config, module in app_modules("demo") if hasattr(module, "seed")]


def periodic_tasks() -> list[tuple[object, int, str]]:
    """(task, every N seconds, app name) from every app's `tasks.PERIODIC_TASKS`."""
    return [
        (task, seconds, config.name)
        for config, module in app_modules("tasks")
        for task, seconds in getattr(module, "PERIODIC_TASKS", [])
    ]
