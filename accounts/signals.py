"""Keep the role groups in step with the code after every migrate."""

from django.apps import apps
from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def ensure_roles(sender, **kwargs):
    # After the last app: by then every app's permissions and Wagtail's root page and collection exist.
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is not last:
        return
    from .services import roles_ensure

    roles_ensure()
