"""Keep the role groups in step with the code after every migrate; count failed log-ins per address."""

from django.apps import apps
from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from . import lockout


@receiver(post_migrate)
def ensure_roles(sender, **kwargs):
    # After the last app: by then every app's permissions and Wagtail's root page and collection exist.
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is not last:
        return
    from .services import roles_ensure

    roles_ensure()


@receiver(user_login_failed)
def count_failure_per_address(sender, credentials, request=None, **kwargs):
    # A log-in refused for the address itself is not a new failure: the window it is in does not grow.
    if request is not None and not lockout.address_refused(request):
        lockout.address_failure_record(request)
