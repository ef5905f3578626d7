"""An admin panel for a translation field (name_ru, venue_en, ...): it shows the field with a warning when the
translation is missing, so editors see at a glance which languages still show the Kyrgyz original."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

MISSING = _("Missing translation: the Kyrgyz text is shown in this language.")


class TranslationPanel(FieldPanel):
    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.bound_field is None:
                return
            value = self.bound_field.value()
            self.missing = not (value or "").strip()
            if self.missing:
                self.help_text = f"⚠ {MISSING}"

        def classes(self):
            classes = super().classes()
            return [*classes, "translation-missing"] if getattr(self, "missing", False) else classes
