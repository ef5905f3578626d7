"""Load demo content and demo users (idempotent). Each app contributes a `demo.seed(stdout=...)` function."""

import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

DEMO_USERS = ("admin", "student1", "teacher1", "organiser1", "alumnus1")


class Command(BaseCommand):
    help = "Create demo pages, users and data in all three languages. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with production settings.")
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo log-ins.")

    def handle(self, *args, force=False, quiet_logins=False, **options):
        if getattr(settings, "CIVIC_PRODUCTION", False) and not force:
            raise CommandError(
                _("Refusing to load demo data with production settings. Use --force if you mean it.")
            )
        for app_config in apps.get_app_configs():
            if app_config.name not in (
                "accounts",
                "cms",
                "courses",
                "camps",
                "alumni",
                "courses.h5p",
                "courses.classrooms",
            ):
                continue
            try:
                module = importlib.import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app_config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        if not quiet_logins:
            self.stdout.write(f"Demo log-ins (password: {settings.CIVIC_DEMO_PASSWORD}):")
            for username in DEMO_USERS:
                self.stdout.write(f"  {username}")
