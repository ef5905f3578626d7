"""Alumni pages: one's own profile, the directory and its relay form, the report link, the import for admins.

Views parse input, call one service or selector and render; every queryset is scoped to who asks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.errors import DomainError, Invalid, NotFound

from . import selectors, services
from .forms import ContactForm, DirectoryFilterForm, ImportForm, ProfileForm
from .permissions import can_see_directory, is_alumni_admin, is_alumnus

DIRECTORY_PAGE_SIZE = 24


def errors_to_form(form, exc: Invalid) -> None:
    """A service's refusal on the form: each field's messages under it, the rest on top."""
    if not exc.fields:
        form.add_error(None, exc.message)
    for name, errors in exc.fields.items():
        form.add_error(name if name in form.fields else None, errors)


def _alumnus_required(request) -> None:
    if not is_alumnus(request.user):
        raise PermissionDenied


@login_required
def my_profile(request):
    _alumnus_required(request)
    profile = selectors.profile_of(user=request.user) or services.profile_ensure(user=request.user)
    form = ProfileForm(request.POST or None, request.FILES or None, initial=ProfileForm.initial_from(profile))
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(
                profile=profile,
                by=request.user,
                data=form.profile_data(),
                interests=form.cleaned_data["interests"],
            )
            if form.cleaned_data["photo"]:
                services.profile_photo_set(
                    profile=profile, by=request.user, upload=form.cleaned_data["photo"]
                )
            elif form.cleaned_data["remove_photo"]:
                services.profile_photo_remove(profile=profile, by=request.user)
        except Invalid as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("alumni:my_profile")
    return render(
        request,
        "alumni/my_profile.html",
        {"form": form, "profile": profile, "records": selectors.alumni_records_for(user=request.user)},
    )


@login_required
def directory(request):
    if not can_see_directory(request.user):
        raise PermissionDenied
    choices = selectors.directory_choices(language=get_language())
    filters = DirectoryFilterForm(request.GET or None, **choices)
    criteria = {k: v for k, v in (filters.cleaned_data if filters.is_valid() else {}).items() if v}
    page = Paginator(selectors.directory_search(**criteria), DIRECTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "alumni/directory.html",
        {
            "filters": filters,
            "page_obj": page,
            "extra": "&" + query.urlencode() if query else "",
            "mine": selectors.profile_of(user=request.user),
        },
    )


@login_required
def contact(request, pk):
    _alumnus_required(request)
    profile = selectors.directory_profile(pk=pk)
    if profile is None:
        raise Http404
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_send(sender=request.user, recipient=profile, body=form.cleaned_data["body"])
        except Invalid as exc:
            errors_to_form(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("alumni:directory")
        else:
            messages.success(request, _("Your message has been sent. Any answer will come to your email."))
            return redirect("alumni:directory")
    return render(request, "alumni/contact.html", {"form": form, "profile": profile})


def report(request, token):
    """From the link in a relayed message: a GET shows a button (mail scanners follow links), a POST reports."""
    if request.method == "POST":
        try:
            services.contact_report(token=token)
        except NotFound as exc:
            return render(request, "alumni/report.html", {"invalid": True, "error": exc.message}, status=404)
        return render(request, "alumni/report.html", {"done": True})
    return render(request, "alumni/report.html", {})


@login_required
def alumni_import(request):
    if not is_alumni_admin(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        from camps.services import rows_read
        from core.errors import ValidationError

        upload = form.cleaned_data["file"]
        try:
            rows = rows_read(content=upload.read(), filename=upload.name)
            result = services.alumni_import(by=request.user, rows=rows, dry_run=form.cleaned_data["dry_run"])
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            if result.saved:
                messages.success(request, _("%(count)s alumni imported.") % {"count": len(result.rows)})
                return redirect("alumni:import")
    return render(
        request,
        "alumni/import.html",
        {"form": form, "result": result, "columns": services.importing.COLUMNS},
    )
