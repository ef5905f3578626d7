"""Background tasks of camps; PERIODIC_TASKS are queued on time by `manage.py run_periodic` (the clock)."""

from django_tasks import task

from . import services


@task()
def offers_expire() -> int:
    """Offers past their deadline lapse and the places go to the next people waiting."""
    return services.offers_expire()


@task()
def personal_data_purge() -> int:
    """Answers and guardian data of cohorts past their retention period are purged."""
    return services.personal_data_purge_expired()


@task()
def reminders_send() -> int:
    """Offers lapsing within two days and guardians' consents missing a week before the window closes: each
    reminder once."""
    return services.reminders_send()


# (task, every N seconds) for the clock.
PERIODIC_TASKS = [
    (offers_expire, 5 * 60),
    (reminders_send, 60 * 60),
    (personal_data_purge, 24 * 60 * 60),
]
