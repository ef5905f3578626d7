"""Django's, Wagtail's and DRF's own strings that Civic's pages show and whose upstream Kyrgyz is wrong or missing.

Marked here so `makemessages` keeps them in our catalogues: locale/ comes first in the search path
(settings.LOCALE_PATHS), so the ky (and ru) translations of these exact msgids are the ones readers see.
Django's ky catalogue garbles some ("…Алар экөө тең СезГичТүү болушу мүмкүн"), uses the informal imperative
where Civic says сиз, and names months with a capital; Wagtail ships no ky catalogue at all.
tests/test_i18n_upstream.py checks that every one is translated in ky.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

# django.contrib.auth: the log-in, sign-up and password pages.
DJANGO_AUTH = (
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
    ),
    gettext_noop("This account is inactive."),
    gettext_noop("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
    gettext_noop("A user with that username already exists."),
    gettext_noop(
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
    ),
    gettext_noop("Password confirmation"),
    gettext_noop("New password confirmation"),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("username"),
    gettext_noop("last name"),
    gettext_noop("email address"),
    gettext_noop("Email"),
)
DJANGO_AUTH_PLURAL = (
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %(min_length)d character.",
        "This password is too short. It must contain at least %(min_length)d characters.",
        "min_length",
    ),
)

# django.core: forms (the camp application, organiser filters) and the API's django-filter errors.
DJANGO_CORE = (
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid integer."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("noon"),
)
DJANGO_CORE_PLURAL = (
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
)

# Month names inside a date ("15-июль, 2026-ж.", config/formats/ky): lower-case in Kyrgyz.
MONTHS_ALT = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)

# Wagtail (no ky catalogue): the password form of a private page (its label "Password" is ours already).
WAGTAIL = (
    gettext_noop("Password required"),
    gettext_noop("You need a password to access this page."),
    gettext_noop("Continue"),
)

# DRF: the one message of a failed validation that config/api/drf_messages.py does not list.
DRF = (gettext_noop("Invalid input."),)
