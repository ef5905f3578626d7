"""The admin chooser for H5P packages (used by the lesson body's H5P block)."""

from django.utils.translation import gettext_lazy as _

from core.admin import ScopedChooserViewSet


class H5PPackageChooserViewSet(ScopedChooserViewSet):
    model = "h5p.H5PPackage"
    icon = "form"
    choose_one_text = _("Choose an H5P package")
    choose_another_text = _("Choose another H5P package")
    edit_item_text = _("Edit this H5P package")


h5p_package_chooser_viewset = H5PPackageChooserViewSet("h5p_package_chooser")
H5PPackageChooserBlock = h5p_package_chooser_viewset.get_block_class(
    name="H5PPackageChooserBlock", module_path="courses.h5p.choosers"
)
