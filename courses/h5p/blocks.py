"""The H5P block for lesson bodies: the activity is played only when the learner opens it."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .choosers import H5PPackageChooserBlock
from .player import player_context


class H5PBlock(blocks.StructBlock):
    package = H5PPackageChooserBlock(label=_("H5P package"))
    heading = blocks.CharBlock(
        label=_("Heading"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the package's title."),
    )

    class Meta:
        icon = "form"
        label = _("H5P activity")
        template = "h5p/blocks/h5p.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        package = value.get("package")
        if package is not None:
            context.update(player_context(package, (parent_context or {}).get("request")))
        return context

    def get_api_representation(self, value, context=None):
        package = value.get("package")
        return {
            "package": package.pk if package else None,
            "title": package.title if package else "",
            "heading": value.get("heading") or "",
        }
