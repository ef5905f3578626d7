"""Core's pages: the person's own data (a readable summary, the JSON download, erasure with their password)."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import personal_data as privacy
from .errors import Invalid
from .forms import ErasureForm, form_error_show


@login_required
def account_data(request):
    data = privacy.personal_data_export(user=request.user)
    return render(
        request,
        "core/account_data.html",
        {"sections": privacy.personal_data_sections(data=data), "form": ErasureForm()},
    )


@login_required
def account_data_export(request):
    data = privacy.personal_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="civic-my-data.json"'
    return response


@login_required
@require_POST
def account_data_erase(request):
    form = ErasureForm(request.POST)
    if form.is_valid():
        try:
            privacy.personal_data_erase_confirmed(user=request.user, password=form.cleaned_data["password"])
        except Invalid as exc:
            form_error_show(form, exc)
        else:
            logout(request)
            messages.success(request, _("Your personal data has been erased and your account closed."))
            return redirect("/")
    data = privacy.personal_data_export(user=request.user)
    return render(
        request,
        "core/account_data.html",
        {"sections": privacy.personal_data_sections(data=data), "form": form},
        status=400,
    )
