"""Keep the role groups in step with the code after every migrate."""

from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def ensure_roles(sender, **kwargs):
    if getattr(sender, "name", "") != "accounts":
        return
    from .services import roles_ensure

    roles_ensure()
