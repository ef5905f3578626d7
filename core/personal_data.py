"""Personal data across the platform: one export and one erasure, collected from every app's `privacy.py`.

Each app's module offers `export(user) -> dict` (section name -> JSON-ready data), `erase(user)` (delete or
anonymise everything it keeps about the person), `COVERS` (the "app_label.ModelName"s with a foreign key to
the user that export and erase handle) and `EXEMPT` ("app_label.ModelName" -> why it is not erased).
`tests/core/test_privacy.py` checks that every model with a foreign key to the user is in one or the other.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.translation import gettext as _

from .errors import Invalid
from .registry import app_modules


def privacy_modules():
    return [(config, module) for config, module in app_modules("privacy")]


def personal_data_export(*, user) -> dict:
    """Everything Civic keeps about a person, section by section, as JSON-ready data."""
    data: dict = {}
    for config, module in privacy_modules():
        for section, value in module.export(user).items():
            if section in data:
                raise ImproperlyConfigured(
                    f"personal-data section {section!r} of {config.name} is used twice"
                )
            data[section] = value
    return data


def section_labels() -> dict:
    """Section name -> a label for people, from the optional `SECTION_LABELS` of each privacy module."""
    labels: dict = {}
    for _config, module in privacy_modules():
        labels.update(getattr(module, "SECTION_LABELS", {}))
    return labels


def _readable(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None or value == "":
        return "—"
    if isinstance(value, list | dict):
        return str(len(value))
    return str(value)


def personal_data_sections(*, data: dict) -> list[dict]:
    """The export as people read it: each section's label, how many entries, and each entry's fields."""
    labels = section_labels()
    sections = []
    for key, value in data.items():
        entries = value if isinstance(value, list) else [value]
        rows = [
            [(name, _readable(field)) for name, field in entry.items()]
            if isinstance(entry, dict)
            else [("", _readable(entry))]
            for entry in entries
        ]
        sections.append(
            {
                "key": key,
                "label": labels.get(key) or key.replace("_", " ").capitalize(),
                "count": len(value) if isinstance(value, list) else None,
                "entries": rows,
            }
        )
    return sections


@transaction.atomic
def personal_data_erase(*, user) -> None:
    """Erase a person everywhere, in one transaction. Apps go in reverse INSTALLED_APPS order, so the account
    itself (accounts, near the front) is closed last, after every app has let go of what it held."""
    for _config, module in reversed(privacy_modules()):
        module.erase(user)


def personal_data_erase_confirmed(*, user, password: str) -> None:
    """Erasure asked for by the person themself: only with their password, so that a stolen session or API
    token alone cannot close an account."""
    if not password or not user.check_password(password):
        raise Invalid(
            _("The password is not correct."),
            fields={"password": [_("Enter your password to confirm.")]},
            code="invalid_password",
        )
    personal_data_erase(user=user)


def user_foreign_key_models() -> dict[str, list[str]]:
    """ "app_label.ModelName" -> its fields that point at the user, for every concrete model that declares one
    itself (inherited fields count on the parent; many-to-many through tables count on the model that owns the
    relation)."""
    user_model = get_user_model()

    found: dict[str, list[str]] = {}
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.get_fields():
            if (
                field.is_relation
                and field.concrete
                and field.related_model is user_model
                and field.model is model
            ):
                found.setdefault(model._meta.label, []).append(field.name)
    return found


def privacy_coverage() -> tuple[dict[str, str], dict[str, str]]:
    """(covered label -> app, exempt label -> reason) over every app's privacy module."""
    covered: dict[str, str] = {}
    exempt: dict[str, str] = {}
    for config, module in privacy_modules():
        for label in getattr(module, "COVERS", []):
            covered[label] = config.name
        exempt.update(getattr(module, "EXEMPT", {}))
    return covered, exempt
