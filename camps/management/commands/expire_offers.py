"""Move expired waiting-list offers on to the next person. Safe to run every few minutes (cron)."""

from django.core.management.base import BaseCommand

from camps.services import offers_expire


class Command(BaseCommand):
    help = "Withdraw waiting-list offers past their deadline and offer the places to the next people."

    def handle(self, *args, **options):
        count = offers_expire()
        self.stdout.write(f"Expired offers: {count}")
