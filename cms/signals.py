"""Move the cms generation on (cms.cache: the site, its settings, page versions, menus, footers and the privacy
page's URL, kept per generation) whenever a page, a site, its settings, a footer, a view restriction or a locale
changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import cache as cms_cache
from .models import FooterText, SiteSettings


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_delete, sender=SiteSettings)
@receiver(post_save, sender=FooterText)
@receiver(post_delete, sender=FooterText)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_save, sender=Locale)
@receiver(post_delete, sender=Locale)
def _site_changed(sender, **kwargs):
    cms_cache.changed()


@receiver(post_save, sender=SiteSettings)
def _site_settings_saved(sender, created, **kwargs):
    # Made on first use with its defaults (SiteSettings.for_site), a row changes nothing any page showed; the
    # settings form saves it again with what an editor wrote.
    if not created:
        cms_cache.changed()


@receiver(post_save)
@receiver(post_delete)
def _any_page_saved(sender, instance, **kwargs):
    # Pages are saved as their own classes (LessonPage...), which a sender=Page receiver would not hear; a page
    # saved without being published (a slug, a title, live set in code) changes what is kept, too.
    if isinstance(instance, Page):
        cms_cache.changed()
