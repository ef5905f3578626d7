"""H5P inside courses: the lesson body's ``h5p`` block is an activity (courses.activities), done when the
player reported completion; recording a completion refreshes the progress of the lessons that use the package."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import ReferenceIndex

from courses import activities
from courses.models import LessonPage
from courses.services import lesson_progress_refresh

from .selectors import packages_completed


def _h5p_activity(value):
    package = value.get("package") if hasattr(value, "get") else None
    return activities.Activity("h5p", str(package.pk), package) if package is not None else None


def _h5p_done(*, user, activities) -> set[str]:
    ids = {int(a.key) for a in activities}
    return {str(pk) for pk in packages_completed(user=user, package_ids=ids)}


def register_activities() -> None:
    activities.ACTIVITY_BLOCKS["h5p"] = _h5p_activity
    activities.ACTIVITY_DONE["h5p"] = _h5p_done


def lessons_using(package):
    """Live lesson pages whose body holds this package (found through Wagtail's reference index)."""
    page_ids = (
        ReferenceIndex.get_references_to(package)
        .filter(content_type=ContentType.objects.get_for_model(LessonPage))
        .values_list("object_id", flat=True)
    )
    ids = [int(pk) for pk in page_ids if str(pk).isdigit()]
    return list(LessonPage.objects.live().filter(pk__in=ids))


def lesson_progress_after_completion(*, user, package) -> None:
    for lesson in lessons_using(package):
        lesson_progress_refresh(user=user, lesson=lesson)
