"""H5P packages: validated uploads, playback with h5p-standalone, xAPI results and resume state."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class H5PConfig(AppConfig):
    name = "courses.h5p"
    label = "h5p"
    verbose_name = _("H5P activities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .integration import register_activities

        register_activities()
