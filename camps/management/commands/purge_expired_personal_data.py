"""Purge answers and guardian data of cohorts past their retention period. Safe to run daily (idempotent)."""

from django.core.management.base import BaseCommand

from camps.services import personal_data_purge_expired


class Command(BaseCommand):
    help = "Purge applicants' answers and guardian data of cohorts whose retention period has passed."

    def handle(self, *args, **options):
        count = personal_data_purge_expired()
        self.stdout.write(f"Cohorts purged: {count}")
