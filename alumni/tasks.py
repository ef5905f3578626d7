"""Background tasks of alumni, queued on a schedule by `manage.py run_periodic` (PERIODIC_TASKS)."""

from django_tasks import task

from . import services


@task()
def offers_expire() -> int:
    """Offers of forum places past their confirmation window lapse and the places go to the next people waiting."""
    return services.offers_expire()


PERIODIC_TASKS = [(offers_expire, 5 * 60)]
