"""Log-in, sign-up, profile and password-reset forms."""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.mail import mail_queue

from . import lockout
from .models import User
from .tasks import email_send


class LoginForm(auth_forms.AuthenticationForm):
    """Django's log-in form, saying so when the address itself is refused (too many failures from it)."""

    def get_invalid_login_error(self):
        if lockout.address_refused(self.request):
            return ValidationError(lockout.ADDRESS_LOCKED_MESSAGE, code="address_locked")
        return super().get_invalid_login_error()


class SignupForm(auth_forms.UserCreationForm):
    email = forms.EmailField(
        label=_("Email"), required=False, help_text=_("Needed to reset a forgotten password.")
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email", "preferred_language")


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", "preferred_language")
        labels = {
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "email": _("Email"),
            "preferred_language": _("Language"),
        }


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Writes to each person in their own language; the worker sends it (nothing here to wait for a commit)."""

    def save(self, **kwargs):
        # The link leads to the public site (PUBLIC_BASE_URL), never to whatever host the request named.
        public = urlsplit(settings.PUBLIC_BASE_URL)
        kwargs["domain_override"] = public.netloc
        kwargs["use_https"] = public.scheme == "https"
        return super().save(**kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
            html = (
                loader.render_to_string(html_email_template_name, context)
                if html_email_template_name
                else None
            )
        # As Django's own form does with a failing mail server: the page answers alike for every address (a
        # mail that cannot be queued is logged by mail_queue).
        mail_queue(
            email_send,
            what=f"the password reset email to {to_email}",
            subject=subject,
            body=body,
            to=[to_email],
            html=html,
            from_email=from_email,
        )
