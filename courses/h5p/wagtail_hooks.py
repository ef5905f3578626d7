"""H5P in the Wagtail admin: upload packages (validated like the API and import_h5p), list and inspect them."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup

from core.admin import ScopedModelViewSet

from .forms import PackageEditForm, PackageUploadForm
from .models import H5PLibrary, H5PPackage
from .package import PackageError
from .player import h5p_reverse
from .services import package_import


class PackageCreateView(generic.CreateView):
    def form_valid(self, form):
        self.form = form
        try:
            self.object = package_import(source=form.cleaned_data["file"], user=self.request.user)
        except PackageError as exc:
            form.add_error("file", str(exc))
            self.produced_error_message = str(exc)
            return self.form_invalid(form)
        return self.save_action()


class LinksColumn(Column):
    """Links to the package's play page and to its results (learners completed, score spread)."""

    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            h5p_reverse("play", instance.pk),
            _("Play"),
            h5p_reverse("results", instance.pk),
            _("Results"),
        )


class H5PPackageViewSet(ScopedModelViewSet):
    model = H5PPackage
    icon = "form"
    menu_label = _("H5P packages")
    add_view_class = PackageCreateView
    list_display = ["title", "language", "main_library", "created_at", LinksColumn("links", label=_("Links"))]
    list_filter = ["language"]
    search_fields = ["title"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "title",
        "language",
        "main_library",
        "file_count",
        "total_size",
        "uploaded_by",
        "created_at",
    ]

    def get_form_class(self, for_update=False):
        return PackageEditForm if for_update else PackageUploadForm


class H5PLibraryViewSet(ScopedModelViewSet):
    model = H5PLibrary
    icon = "code"
    menu_label = _("H5P libraries")
    list_display = ["machine_name", "major_version", "minor_version", "patch_version", "installed_at"]
    search_fields = ["machine_name", "title"]
    inspect_view_enabled = True
    form_fields = ["title"]


class H5PViewSetGroup(ViewSetGroup):
    menu_label = _("H5P")
    menu_icon = "form"
    items = (H5PPackageViewSet("h5p_packages"), H5PLibraryViewSet("h5p_libraries"))


@hooks.register("register_admin_viewset")
def register_h5p_viewsets():
    return H5PViewSetGroup()


@hooks.register("register_admin_viewset")
def register_h5p_chooser():
    from .choosers import h5p_package_chooser_viewset

    return h5p_package_chooser_viewset
