"""Account pages: sign-up, profile, and Django's own log-in and password views with our templates."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import lockout, roles, services
from .forms import LoginForm, ProfileForm, SignupForm


class LoginView(auth_views.LoginView):
    """Django's log-in page; a log-in refused for the address answers 429 with Retry-After, and the form says
    why."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "address_locked"):
            response.status_code = 429
            retry_after = lockout.address_retry_after(self.request)
            if retry_after:
                response["Retry-After"] = str(retry_after)
        return response


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignupForm(request.POST or None, initial={"preferred_language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        user = services.user_signup(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
            email=form.cleaned_data.get("email", ""),
            first_name=form.cleaned_data.get("first_name", ""),
            last_name=form.cleaned_data.get("last_name", ""),
            preferred_language=form.cleaned_data["preferred_language"],
        )
        login(request, user, backend="accounts.backends.RolesModelBackend")
        messages.success(request, _("Welcome to Civic! Your account is ready."))
        return redirect("accounts:profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/signup.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            user = services.user_profile_update(user=request.user, **form.cleaned_data)
            # Switch the site to the language the person just chose.
            with translation.override(user.preferred_language):
                messages.success(request, _("Your profile has been saved."))
                response = redirect(reverse("accounts:profile"))
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.preferred_language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
            return response
        status = 400
    else:
        status = 200
    context = {"form": form, "roles": [roles.role_label(r) for r in request.user.role_slugs]}
    return render(request, "accounts/profile.html", context, status=status)
