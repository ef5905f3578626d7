"""The site's snippets in the Wagtail admin, scoped like every other admin viewset (core.admin)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from core.admin import ScopedSnippetViewSet

from .models import FooterText


class FooterTextViewSet(ScopedSnippetViewSet):
    model = FooterText
    icon = "doc-full"
    menu_label = _("Footer texts")


register_snippet(FooterTextViewSet)
