"""Invalidate cached menus when the page tree changes."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .navigation import menu_invalidate


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def _page_changed(sender, **kwargs):
    menu_invalidate()


@receiver(post_delete, sender=Page)
def _page_deleted(sender, **kwargs):
    menu_invalidate()
