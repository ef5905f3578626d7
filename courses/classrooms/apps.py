"""Classrooms: teachers' classes, join codes, pupils' accounts, assignments, results and reminders."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassroomsConfig(AppConfig):
    name = "courses.classrooms"
    label = "classrooms"
    verbose_name = _("Classrooms")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The API index lists our resources (until the platform's registry reads api/urls.py itself).
        from config.api.views import API_RESOURCES

        from . import signals  # noqa: F401
        from .api.urls import API_RESOURCES as OURS

        for name, url_name in OURS.items():
            API_RESOURCES.setdefault(name, url_name)
