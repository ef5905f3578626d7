"""Background tasks of camps, queued on a schedule by `manage.py run_periodic` (see PERIODIC_TASKS in settings)."""

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
