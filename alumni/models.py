"""Alumni: graduation records, the profiles alumni keep, the relay that carries messages between them, and the
forum events they register for (content in Wagtail pages, places and check-in in plain models).

Places at an event: a registration holds a place while it is PLACE_HOLDING (pending approval, confirmed, offered,
attended). Wait-listed registrations wait in order; cancelled, expired and rejected ones are no longer live and
the person may register again.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from accounts import roles
from camps.models import Region

ADULT_AGE = 18


def age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class AlumniRecord(models.Model):
    """One graduation of one person: which programme, which cohort (when it ran on Civic), which year."""

    class Source(models.TextChoices):
        GRADUATION = "graduation", _("Graduation on Civic")
        ADMIN = "admin", _("Added by an administrator")
        IMPORT = "import", _("Imported")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("alumnus"),
        on_delete=models.CASCADE,
        related_name="alumni_records",
    )
    programme = models.ForeignKey(
        "camps.ProgrammePage", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="+"
    )
    cohort = models.ForeignKey(
        "camps.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.PROTECT,
        related_name="alumni_records",
        null=True,
        blank=True,
        help_text=_("Empty for cohorts of past years that did not run on Civic."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.GRADUATION)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    panels = [FieldPanel("user"), FieldPanel("programme"), FieldPanel("cohort"), FieldPanel("year")]

    class Meta:
        verbose_name = _("alumni record")
        verbose_name_plural = _("alumni records")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "cohort"], name="alumni_once_per_cohort"),
            models.UniqueConstraint(
                fields=["user", "programme", "year"],
                condition=Q(cohort__isnull=True),
                name="alumni_once_per_programme_year_offline",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.cohort or self.programme} ({self.year})"


class Interest(models.TextChoices):
    ELECTIONS = "elections", _("Elections and voter education")
    RIGHTS = "rights", _("Civil and political rights")
    MEDIA = "media", _("Media literacy")
    ACTIVISM = "activism", _("Civic activism")
    INCLUSION = "inclusion", _("Inclusion of people with disabilities")
    GENDER = "gender", _("Women's rights and equality")
    LOCAL = "local", _("Local self-government")
    ENVIRONMENT = "environment", _("Environment")
    VOLUNTEERING = "volunteering", _("Volunteering")
    EDUCATION = "education", _("Education")


class AlumniProfileQuerySet(models.QuerySet):
    def adults(self, today: date | None = None):
        """People known to be 18 or older today (an unknown date of birth is not known to be adult)."""
        today = today or timezone.localdate()
        try:
            limit = today.replace(year=today.year - ADULT_AGE)
        except ValueError:  # 29 February
            limit = today.replace(year=today.year - ADULT_AGE, day=28)
        return self.filter(date_of_birth__lte=limit)

    def in_directory(self, today: date | None = None):
        """Who the directory lists: opted in, adult, with an active account and the alumnus role."""
        return (
            self.adults(today)
            .filter(directory_visible=True, user__is_active=True)
            .filter(user__groups__name=roles.group_name(roles.ALUMNUS))
        )


class AlumniProfile(models.Model):
    """What an alumnus shows other alumni: region, interests, a short bio, a photo and how to reach them."""

    # Transactions, not content: keep them out of Wagtail's reference index (no extra queries per save).
    wagtail_reference_index_ignore = True

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("alumnus"),
        on_delete=models.CASCADE,
        related_name="alumni_profile",
    )
    display_name = models.CharField(_("name shown"), max_length=200)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    bio = models.TextField(_("about me"), max_length=600, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_note = models.CharField(
        _("how to contact me"),
        max_length=300,
        blank=True,
        help_text=_("For example: which languages you answer in, or what you are glad to help with."),
    )
    accepts_messages = models.BooleanField(_("other alumni may write to me through Civic"), default=True)
    directory_visible = models.BooleanField(_("show me in the alumni directory"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AlumniProfileQuerySet.as_manager()

    panels = [
        FieldPanel("user"),
        FieldPanel("display_name"),
        FieldPanel("region"),
        FieldPanel("date_of_birth"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("contact_note"),
        FieldPanel("accepts_messages"),
        FieldPanel("directory_visible"),
    ]

    class Meta:
        verbose_name = _("alumni profile")
        verbose_name_plural = _("alumni profiles")
        ordering = ["display_name", "pk"]
        indexes = [models.Index(fields=["directory_visible", "region"])]

    def __str__(self):
        return self.display_name

    def clean(self):
        if self.directory_visible and not self.is_adult():
            raise ValidationError(
                {
                    "directory_visible": _(
                        "Only alumni aged 18 or over (with a known date of birth) can be listed."
                    )
                }
            )

    def age(self, today: date | None = None) -> int | None:
        if self.date_of_birth is None:
            return None
        return age_on(self.date_of_birth, today or timezone.localdate())

    def is_adult(self, today: date | None = None) -> bool:
        age = self.age(today)
        return age is not None and age >= ADULT_AGE

    @property
    def interest_list(self) -> list[str]:
        return [i.interest for i in self.interests.all()]


class ProfileInterest(models.Model):
    """One interest of one profile (a row each, so the directory filters by interest on any database)."""

    profile = models.ForeignKey(AlumniProfile, on_delete=models.CASCADE, related_name="interests")
    interest = models.CharField(_("interest"), max_length=20, choices=Interest.choices)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["interest"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "interest"], name="alumni_interest_once"),
        ]

    def __str__(self):
        return self.get_interest_display()


class ContactMessage(models.Model):
    """A message one alumnus sent another through the relay: kept for the rate limit and for reports."""

    # Transactions, not content: keep them out of Wagtail's reference index (no extra queries per save).
    wagtail_reference_index_ignore = True

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        on_delete=models.CASCADE,
        related_name="alumni_messages_sent",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="alumni_messages_received",
    )
    body = models.TextField(_("message"), max_length=3000)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message between alumni")
        verbose_name_plural = _("messages between alumni")
        ordering = ["-sent_at", "pk"]
        indexes = [models.Index(fields=["sender", "sent_at"])]

    def __str__(self):
        return f"{self.sender} → {self.recipient} ({self.sent_at:%Y-%m-%d})"
