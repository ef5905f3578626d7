"""Wagtail admin: quizzes as translatable snippets (pages are edited in the page tree)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from core.admin import ScopedSnippetViewSet

from .models import Quiz


class QuizViewSet(ScopedSnippetViewSet):
    model = Quiz
    icon = "form"
    menu_label = _("Quizzes")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["title", "locale", "pass_mark", "max_attempts", "show_answers", "updated_at"]
    list_filter = ["locale", "show_answers"]
    search_fields = ["title"]


register_snippet(QuizViewSet)
