"""Forms of core's pages, and the one helper that shows a domain error on a page."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .errors import DomainError, Invalid


def error_message(exc: Exception) -> str:
    """The first message for people in a service's error: a domain error, Django's ValidationError, or an error
    that carries a DRF-style `detail` (nested dicts and lists of messages)."""
    if isinstance(exc, Invalid) and not exc.message and exc.fields:
        return error_message(ValidationError(exc.fields))
    if isinstance(exc, DomainError):
        return exc.message
    if isinstance(exc, ValidationError):
        return exc.messages[0] if exc.messages else ""
    detail = getattr(exc, "detail", str(exc))
    while isinstance(detail, dict | list) and detail:
        detail = next(iter(detail.values())) if isinstance(detail, dict) else detail[0]
    return str(detail)


def form_error_show(form: forms.Form, exc: DomainError | ValidationError) -> None:
    """A service's error on the page's form: its fields' messages next to the fields (when the form has them),
    the rest at the top. Every page shows domain errors this way, as the API shows them in its error shape."""
    if isinstance(exc, ValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {}
        message = "" if fields else " ".join(exc.messages)
    else:
        fields = getattr(exc, "fields", {}) if isinstance(exc, Invalid) else {}
        message = exc.message
    for name, messages in fields.items():
        for text in messages if isinstance(messages, list | tuple) else [messages]:
            form.add_error(name if name in form.fields else None, str(text))
    if message and not (fields and all(name in form.fields for name in fields)):
        form.add_error(None, message)


class ErasureForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Erasure closes your account, so we ask for your password first."),
    )
