"""Keep the lesson → quiz index and the course caches' generation in step with publishing."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import generation_bump
from .models import LessonPage, Quiz
from .services import lesson_quiz_sync


@receiver(page_published)
def _page_published(sender, instance, **kwargs):
    if isinstance(instance, LessonPage):
        lesson_quiz_sync(lesson=instance)
    generation_bump()


@receiver(page_unpublished)
@receiver(post_page_move)
def _page_changed(sender, **kwargs):
    generation_bump()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_save, sender=Quiz)
@receiver(post_delete, sender=Quiz)
def _quiz_changed(sender, **kwargs):
    generation_bump()


@receiver(post_delete, sender=Page)
def _page_deleted(sender, **kwargs):
    generation_bump()
