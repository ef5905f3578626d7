"""Invalidate cached menus when the page tree changes."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import FooterText
from .navigation import menu_invalidate


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def _page_changed(sender, **kwargs):
    menu_invalidate()


@receiver(post_delete, sender=Page)
def _page_deleted(sender, **kwargs):
    menu_invalidate()


@receiver(post_save, sender=FooterText)
@receiver(post_delete, sender=FooterText)
def _footer_changed(sender, instance, **kwargs):
    from .templatetags.civic_footer import CACHE_KEY

    cache.delete(CACHE_KEY.format(lang=instance.locale.language_code))
