"""Admin forms for H5P: the upload form (validation happens in services.package_import)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import H5PPackage


class PackageUploadForm(forms.ModelForm):
    file = forms.FileField(
        label=_("H5P file"),
        help_text=_("A .h5p package. New or changed libraries need the permission to install libraries."),
        widget=forms.ClearableFileInput(attrs={"accept": ".h5p,application/zip"}),
    )

    class Meta:
        model = H5PPackage
        fields: list[str] = []


class PackageEditForm(forms.ModelForm):
    class Meta:
        model = H5PPackage
        fields = ["title", "language"]
