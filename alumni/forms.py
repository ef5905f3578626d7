"""Forms of the alumni pages; they only parse input, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Audience, Interest, Region


class DateInput(forms.DateInput):
    input_type = "date"


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Name shown"), max_length=200)
    region = forms.ChoiceField(label=_("Region"), choices=[("", "—"), *Region.choices], required=False)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        widget=DateInput,
        required=False,
        help_text=_("Never shown to others; the directory lists alumni aged 18 or over."),
    )
    interests = forms.MultipleChoiceField(
        label=_("Interests"), choices=Interest.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    bio = forms.CharField(
        label=_("About me"), max_length=600, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    contact_note = forms.CharField(
        label=_("How to contact me"),
        max_length=300,
        required=False,
        help_text=_("For example: which languages you answer in, or what you are glad to help with."),
    )
    accepts_messages = forms.BooleanField(
        label=_("Other alumni may write to me through Civic"), required=False
    )
    directory_visible = forms.BooleanField(
        label=_("Show me in the alumni directory"),
        required=False,
        help_text=_("Only signed-in alumni see the directory. Your email address is never shown."),
    )
    photo = forms.ImageField(label=_("Photo"), required=False)
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    @classmethod
    def initial_from(cls, profile) -> dict:
        return {
            "display_name": profile.display_name,
            "region": profile.region,
            "date_of_birth": profile.date_of_birth,
            "interests": profile.interest_list,
            "bio": profile.bio,
            "contact_note": profile.contact_note,
            "accepts_messages": profile.accepts_messages,
            "directory_visible": profile.directory_visible,
        }

    def profile_data(self) -> dict:
        keys = ("display_name", "region", "date_of_birth", "bio", "contact_note", "accepts_messages")
        data = {k: self.cleaned_data[k] for k in keys}
        data["directory_visible"] = self.cleaned_data["directory_visible"]
        return data


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("Region"), required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    cohort = forms.TypedChoiceField(label=_("Cohort"), required=False, coerce=int, empty_value=None)
    interest = forms.ChoiceField(label=_("Interest"), required=False)

    def __init__(self, *args, programmes, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("All"))]
        self.fields["region"].choices = everyone + list(Region.choices)
        self.fields["programme"].choices = everyone + list(programmes)
        self.fields["cohort"].choices = everyone + list(cohorts)
        self.fields["interest"].choices = everyone + list(Interest.choices)


class ContactForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Civic mails it on; neither of you sees the other's address. Be kind: every message can be reported."
        ),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    dry_run = forms.BooleanField(label=_("Check only (save nothing)"), required=False, initial=True)


class RegistrationForm(forms.Form):
    """The optional questions an event asks; the rest of registering is one click."""

    dietary_needs = forms.CharField(label=_("Dietary needs"), max_length=300, required=False)
    needs_travel_support = forms.BooleanField(label=_("I need support with travel costs"), required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        if not event.ask_dietary:
            del self.fields["dietary_needs"]
        if not event.ask_travel:
            del self.fields["needs_travel_support"]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EventMessageForm(forms.Form):
    audience = forms.ChoiceField(label=_("To"), choices=Audience.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
