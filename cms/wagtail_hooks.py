"""The site in the Wagtail admin: its snippets, scoped like every other admin viewset (core.admin); and a
page that only mirrors another language's page is served as untranslated."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from core.admin import ScopedSnippetViewSet

from .models import FooterText
from .selectors import page_is_untranslated_alias, page_versions


class FooterTextViewSet(ScopedSnippetViewSet):
    model = FooterText
    icon = "doc-full"
    menu_label = _("Footer texts")


register_snippet(FooterTextViewSet)


@hooks.register("before_serve_page")
def untranslated_alias_notice(page, request, serve_args, serve_kwargs):
    """An alias in another language's tree is that language's reader's "not yet translated" notice, never the
    other language's text passed off as theirs."""
    if not page_is_untranslated_alias(page):
        return None
    from .views import untranslated_response

    versions = page_versions(page=page)
    if not versions:
        return None
    return untranslated_response(request, page=next(iter(versions.values())), versions=versions)
