"""Classrooms: teachers' classes, join codes, pupils' accounts, assignments, results and reminders."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassroomsConfig(AppConfig):
    name = "courses.classrooms"
    label = "classrooms"
    verbose_name = _("Classrooms")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
