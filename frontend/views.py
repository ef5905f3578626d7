"""Pages of the front end itself: the style guide that shows every component, and the service worker."""

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

# The colours of the design system, as named in civic.css (the style guide shows each one).
SWATCHES = [
    "ink",
    "muted",
    "brand",
    "brand-dark",
    "brand-soft",
    "accent",
    "sun",
    "ok",
    "warn",
    "err",
    "soft",
    "line",
]


class SampleForm(forms.Form):
    """Every kind of form control, one of them with an error, as the site's forms render them."""

    name = forms.CharField(label=_("Name"), help_text=_("As it appears on your certificate."))
    email = forms.EmailField(label=_("Email address"))
    region = forms.ChoiceField(
        label=_("Region"), choices=[("bishkek", _("Bishkek city")), ("osh", _("Osh city"))]
    )
    about = forms.CharField(label=_("About you"), widget=forms.Textarea, required=False)
    agree = forms.BooleanField(label=_("I agree"))


def styleguide(request):
    """Staff only: the components on one page, in the current language, to check them on a phone."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_staff:
        raise PermissionDenied
    form = SampleForm(data={"name": "Айзада", "email": "not-an-address", "region": "osh"})
    form.is_valid()
    return render(request, "styleguide.html", {"form": form, "swatches": SWATCHES})


@require_GET
def service_worker(request):
    """The service worker at the site's root, so it may serve every page (its file lives in our static files)."""
    path = finders.find("js/sw.js")
    with open(path, encoding="utf-8") as handle:
        response = HttpResponse(handle.read(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
