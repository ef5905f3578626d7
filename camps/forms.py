"""Forms of the camp pages; they only parse input, the services decide."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Question, Region, Status
from .services.applications import PERSONAL_FIELDS, PHOTO_CONSENT_TEXT


class DateInput(forms.DateInput):
    input_type = "date"


class ApplicationForm(forms.Form):
    """Personal data, how to reach the guardian of a minor, and the cohort's own questions."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DateInput)
    region = forms.ChoiceField(label=_("Region"), choices=[("", "—"), *Region.choices])
    school = forms.CharField(label=_("School or university"), max_length=300, required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    contact_email = forms.EmailField(label=_("Email"), required=False)
    guardian_name = forms.CharField(
        label=_("Parent or guardian's name"),
        max_length=200,
        required=False,
        help_text=_("Required if you are under 18 when the camp starts."),
    )
    guardian_contact = forms.CharField(
        label=_("Parent or guardian's phone or email"),
        max_length=200,
        required=False,
        help_text=_(
            "We send them a link to give their consent; your application is considered once they do."
        ),
    )
    guardian_language = forms.ChoiceField(
        label=_("Language of the message to your parent or guardian"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        required=False,
    )
    photo_consent = forms.BooleanField(
        label=PHOTO_CONSENT_TEXT,
        required=False,
        help_text=_("If you are under 18, your parent or guardian decides on photos."),
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(cohort.questions.all())
        for q in self.questions:
            name = f"q_{q.pk}"
            if q.kind == Question.Kind.LONG_TEXT:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
            elif q.kind == Question.Kind.SINGLE_CHOICE:
                field = forms.ChoiceField(choices=q.choices_in(), widget=forms.RadioSelect)
            elif q.kind == Question.Kind.MULTIPLE_CHOICE:
                field = forms.MultipleChoiceField(choices=q.choices_in(), widget=forms.CheckboxSelectMultiple)
            else:
                field = forms.CharField(max_length=300)
            field.label = q.text_in()
            field.required = q.required
            self.fields[name] = field

    def personal_data(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in PERSONAL_FIELDS}

    def answers(self) -> dict:
        return {str(q.pk): self.cleaned_data.get(f"q_{q.pk}") for q in self.questions}

    @staticmethod
    def initial_from(application) -> dict:
        initial = {k: getattr(application, k) for k in PERSONAL_FIELDS}
        kinds = {c.kind for c in application.consents.all() if c.withdrawn_at is None}
        initial["photo_consent"] = "photos" in kinds
        for key, value in (application.answers or {}).items():
            initial[f"q_{key}"] = value
        return initial


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *Status.choices], required=False)
    region = forms.ChoiceField(label=_("Region"), choices=[("", _("All")), *Region.choices], required=False)
    min_age = forms.IntegerField(label=_("Age from"), min_value=0, max_value=120, required=False)
    max_age = forms.IntegerField(label=_("Age to"), min_value=0, max_value=120, required=False)
    answer = forms.CharField(label=_("Answers contain"), max_length=100, required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("waitlist", _("Wait-list")), ("reject", _("Reject"))],
    )
    message = forms.CharField(
        label=_("Message to the applicant (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Organisers' notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    dry_run = forms.BooleanField(
        label=_("Dry run: only check the rows, save nothing"), required=False, initial=True
    )


class GuardianConsentForm(forms.Form):
    """The guardian's answer on the link's page: their name, participation (required) and photos (apart)."""

    given_by = forms.CharField(label=_("Your full name"), max_length=200)
    participation = forms.BooleanField(
        label=_("I give my consent to take part, as written above."),
        error_messages={"required": _("Tick this box to give your consent.")},
    )
    photos = forms.BooleanField(label=_("I also agree to photos, as written above."), required=False)


class PaperConsentForm(forms.Form):
    """An organiser records a consent signed on paper."""

    given_by = forms.CharField(label=_("Signed by (parent or guardian's name)"), max_length=200)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput, required=False)
    photos = forms.BooleanField(label=_("The form also consents to photos"), required=False)
    scan = forms.FileField(label=_("Scan of the signed form (PDF, JPEG or PNG)"))
