"""Forms of the classroom pages: they parse input only; the services decide."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AssignmentKind, EmailFrequency, academic_year_now


class ClassroomForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the class"), max_length=100, widget=forms.TextInput(attrs={"autofocus": True})
    )
    grade = forms.IntegerField(label=_("Grade"), min_value=1, max_value=12, required=False)
    school = forms.CharField(label=_("School"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language of the class"), choices=settings.LANGUAGES)
    academic_year = forms.IntegerField(
        label=_("School year begins in"), min_value=2000, max_value=2100, initial=academic_year_now
    )
    join_requires_approval = forms.BooleanField(
        label=_("I approve each pupil who joins by code"), required=False
    )


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Join code"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9 -]*"}),
        help_text=_("The 8 digits your teacher gave you."),
    )


class UsernameForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)


class RosterForm(forms.Form):
    names = forms.CharField(
        label=_("Names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One pupil per line: first name, then last name."),
    )
    file = forms.FileField(
        label=_("Or a list as CSV or XLSX"),
        required=False,
        help_text=_(
            "A header row with first_name and last_name (or name), optionally username and email. "
            "A OneRoster users.csv works too."
        ),
    )

    def clean(self):
        data = super().clean()
        if not data.get("names", "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Type the names or choose a file."))
        return data


def _local_datetime(value):
    return timezone.make_aware(value) if value is not None and timezone.is_naive(value) else value


class DateTimeLocalField(forms.DateTimeField):
    """A date and time in the site's time zone (Asia/Bishkek), as a phone's date-time picker sends it."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]

    def to_python(self, value):
        return _local_datetime(super().to_python(value))


class AssignmentForm(forms.Form):
    content = forms.ChoiceField(label=_("What to assign"))
    students = forms.MultipleChoiceField(
        label=_("Pupils"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none for the whole class."),
    )
    starts_at = DateTimeLocalField(label=_("Opens"), required=False, help_text=_("Empty: at once."))
    due_at = DateTimeLocalField(label=_("Due"), required=False)
    note = forms.CharField(
        label=_("Note to pupils"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, choices, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content"].choices = choices
        self.fields["students"].choices = students

    def content_parts(self) -> tuple[str, int]:
        kind, _sep, pk = self.cleaned_data["content"].partition(":")
        return kind, int(pk)

    @staticmethod
    def content_choices(options) -> list:
        """Optgroups: modules, lessons (under their module's title), quizzes."""
        groups = [
            (str(_("Modules")), [(f"{AssignmentKind.MODULE}:{m.pk}", m.title) for m, _l in options.modules])
        ]
        for module, lessons in options.modules:
            groups.append((module.title, [(f"{AssignmentKind.LESSON}:{x.pk}", x.title) for x in lessons]))
        groups.append(
            (
                str(_("Quizzes")),
                [
                    (f"{AssignmentKind.QUIZ}:{q.pk}", f"{q.title} ({lesson.title})")
                    for q, lesson in options.quizzes
                ],
            )
        )
        return [("", "—"), *[g for g in groups if g[1]]]


class ReteachForm(forms.Form):
    questions = forms.MultipleChoiceField(
        label=_("Questions to practise"), widget=forms.CheckboxSelectMultiple
    )
    due_at = DateTimeLocalField(label=_("Due"), required=False)
    note = forms.CharField(
        label=_("Note to pupils"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].choices = questions


class PasswordSetForm(forms.Form):
    password = forms.CharField(
        label=_("New password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password_again = forms.CharField(
        label=_("The new password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )


class EmailFrequencyForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label=_("E-mail about assignments"), choices=EmailFrequency.choices, widget=forms.RadioSelect
    )
