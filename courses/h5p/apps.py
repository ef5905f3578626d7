"""H5P packages: validated uploads, playback with h5p-standalone, xAPI results and resume state."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class H5PConfig(AppConfig):
    name = "courses.h5p"
    label = "h5p"
    verbose_name = _("H5P activities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .signals import grant_role_permissions

        post_migrate.connect(grant_role_permissions, sender=self, dispatch_uid="h5p_grant_role_permissions")

        from .integration import register_activities

        register_activities()

        # The API index lists our resources too (config/api/views.py invites apps to add theirs).
        from config.api.views import API_RESOURCES

        API_RESOURCES.setdefault("h5p_upload", "api:h5p-upload")
        API_RESOURCES.setdefault("xapi_statements", "api:xapi-statements")
