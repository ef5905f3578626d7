"""Alumni: graduation records, the profiles alumni keep, the relay that carries messages between them, and the
forum events they register for (content in Wagtail pages, places and check-in in plain models).

Places at an event: a registration holds a place while it is PLACE_HOLDING (pending approval, confirmed, offered,
attended). Wait-listed registrations wait in order; cancelled, expired and rejected ones are no longer live and
the person may register again.
"""

import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts import roles
from camps.models import Region
from cms.blocks import BodyBlock

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


# Forum events ------------------------------------------------------------------------------------------------


def _checkin_key() -> str:
    return secrets.token_hex(32)


class ForumEvent(ClusterableModel):
    """The part of a forum event that is the same in every language: when, how many places, who may register,
    who organises it. Its pages (one per language) carry the title, description and programme of the day."""

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("For lists and exports; each language's page has its own title."),
    )
    starts_at = models.DateTimeField(_("starts at"), help_text=_("Asia/Bishkek time."))
    ends_at = models.DateTimeField(_("ends at"))
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Shown to confirmed registrants and in their calendar.")
    )
    capacity = models.PositiveIntegerField(_("places"))
    registration_opens_at = models.DateTimeField(_("registration opens at"))
    registration_closes_at = models.DateTimeField(_("registration closes at"))
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to confirm an offered place"),
        default=48,
        help_text=_("When a place frees up, the next person on the waiting list has this long to take it."),
    )
    requires_approval = models.BooleanField(
        _("organisers approve registrations by hand"),
        default=False,
        help_text=_("A registration holds a place while it waits for an organiser's decision."),
    )
    ask_dietary = models.BooleanField(_("ask about dietary needs"), default=False)
    ask_travel = models.BooleanField(_("ask whether travel support is needed"), default=False)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers"),
        related_name="organised_forum_events",
        blank=True,
        limit_choices_to={"groups__name": roles.group_name(roles.ORGANISER)},
    )
    eligible_programmes = models.ManyToManyField(
        "camps.ProgrammePage",
        verbose_name=_("only alumni of these programmes"),
        related_name="+",
        blank=True,
    )
    eligible_cohorts = models.ManyToManyField(
        "camps.Cohort", verbose_name=_("only alumni of these cohorts"), related_name="+", blank=True
    )
    eligible_years = models.JSONField(_("only alumni who graduated in these years"), default=list, blank=True)
    eligible_regions = models.JSONField(_("only alumni from these regions"), default=list, blank=True)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    eligible_module = models.ForeignKey(
        "courses.ModulePage",
        verbose_name=_("only those who finished this module"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checkin_key = models.CharField(_("check-in key"), max_length=64, default=_checkin_key, editable=False)
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("online_url")],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldPanel("registration_opens_at"),
                FieldPanel("registration_closes_at"),
                FieldPanel("offer_hours"),
                FieldPanel("requires_approval"),
                FieldPanel("ask_dietary"),
                FieldPanel("ask_travel"),
            ],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("eligible_programmes"),
                FieldPanel("eligible_cohorts"),
                FieldPanel("eligible_years"),
                FieldPanel("eligible_regions"),
                FieldPanel("min_age"),
                FieldPanel("max_age"),
                FieldPanel("eligible_module"),
            ],
            heading=_("Who may register (empty: every alumnus)"),
        ),
        FieldPanel("organisers"),
    ]

    class Meta:
        verbose_name = _("forum event")
        verbose_name_plural = _("forum events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="alumni_event_times"),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="alumni_event_window",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="alumni_event_capacity"),
            models.CheckConstraint(condition=Q(offer_hours__gte=1), name="alumni_event_offer_hours"),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=models.F("min_age")),
                name="alumni_event_ages",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        if self.registration_opens_at and self.registration_closes_at:
            if self.registration_closes_at <= self.registration_opens_at:
                errors["registration_closes_at"] = _("Registration must close after it opens.")
            elif self.starts_at and self.registration_closes_at > self.ends_at:
                errors["registration_closes_at"] = _("Registration must close before the event ends.")
        if self.min_age and self.max_age and self.max_age < self.min_age:
            errors["max_age"] = _("The maximum age must not be below the minimum age.")
        bad_regions = [r for r in self.eligible_regions or [] if r not in Region.values]
        if bad_regions:
            errors["eligible_regions"] = _("Unknown regions: %(regions)s.") % {
                "regions": ", ".join(bad_regions)
            }
        if any(not isinstance(y, int) for y in self.eligible_years or []):
            errors["eligible_years"] = _("Give the years as numbers.")
        if errors:
            raise ValidationError(errors)

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.cancelled_at is None and self.registration_opens_at <= now <= self.registration_closes_at

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    def page_in(self, language: str):
        """This event's live page in `language` when it has one, else in any language (None without pages)."""
        pages = [p for p in self.pages.all() if p.live]
        for page in pages:
            if page.locale.language_code == language:
                return page
        return pages[0] if pages else None


class AgendaItemBlock(blocks.StructBlock):
    time = blocks.CharBlock(label=_("time"), max_length=20, help_text=_("For example 10:00–11:30."))
    title = blocks.CharBlock(label=_("what"), max_length=200)
    details = blocks.TextBlock(label=_("details"), required=False)

    class Meta:
        icon = "time"
        label = _("Programme item")


class EventIndexPage(Page):
    """The alumni forum's list of events in one language: upcoming first, past ones on request."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["alumni.EventPage"]
    max_count_per_parent = 1
    template = "alumni/event_index_page.html"

    class Meta:
        verbose_name = _("forum event index page")
        verbose_name_plural = _("forum event index pages")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["past"] = request.GET.get("past") in ("1", "true")
        context["events"] = selectors.event_pages(locale=self.locale, past=context["past"], parent=self)
        return context


class EventPage(Page):
    """A forum event's page in one language: title, description, programme of the day, venue. Its
    translations point at the same ForumEvent, which holds the places and registrations."""

    event = models.ForeignKey(
        ForumEvent,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="pages",
        help_text=_("Dates, places and who may register are set on the event and shared by every language."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    agenda = StreamField([("item", AgendaItemBlock())], verbose_name=_("programme of the day"), blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("event"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("agenda"),
        FieldPanel("venue"),
        FieldPanel("address"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["alumni.EventIndexPage"]
    subpage_types: list = []
    template = "alumni/event_page.html"

    class Meta:
        verbose_name = _("forum event page")
        verbose_name_plural = _("forum event pages")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.event_state(event=self.event, user=request.user))
        return context


# Registrations -------------------------------------------------------------------------------------------------


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    OFFERED = "offered", _("Offered a place")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Offer expired")
    REJECTED = "rejected", _("Not approved")
    ATTENDED = "attended", _("Attended")


RS = RegistrationStatus
# Holding a place: counted against capacity.
PLACE_HOLDING = (RS.PENDING, RS.CONFIRMED, RS.OFFERED, RS.ATTENDED)
# Live: at most one per person and event (the database's partial unique constraint).
LIVE = (*PLACE_HOLDING, RS.WAITLISTED)


class RegistrationQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status__in=LIVE)

    def holding(self):
        return self.filter(status__in=PLACE_HOLDING)


class Registration(models.Model):
    """One person's registration for one forum event, and where it stands (place, waiting list, check-in)."""

    # Transactions, not content: keep them out of Wagtail's reference index (no extra queries per save).
    wagtail_reference_index_ignore = True

    event = models.ForeignKey(
        ForumEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("alumnus"),
        on_delete=models.CASCADE,
        related_name="forum_registrations",
    )
    status = models.CharField(_("status"), max_length=12, choices=RS.choices)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    needs_travel_support = models.BooleanField(_("needs travel support"), default=False)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    waitlisted_at = models.DateTimeField(_("wait-listed at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=["pending", "confirmed", "offered", "attended", "waitlisted"]),
                name="alumni_one_live_registration",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="alumni_offer_has_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="alumni_waitlist_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="attended") | Q(checked_in_at__isnull=False),
                name="alumni_attended_checked_in",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"]),
            models.Index(fields=["status", "offer_expires_at"]),
        ]

    def __str__(self):
        return f"{self.user} — {self.event} ({self.status})"

    @property
    def holds_place(self) -> bool:
        return self.status in PLACE_HOLDING


class RegistrationChange(models.Model):
    """The audit trail of a registration: who changed its status, when, from what to what."""

    wagtail_reference_index_ignore = True

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(_("from"), max_length=12, choices=RS.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=RS.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("registration change")
        verbose_name_plural = _("registration changes")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"


class Feedback(models.Model):
    """What an attendee thought of the event: a rating from 1 to 5 and a comment."""

    wagtail_reference_index_ignore = True

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="alumni_feedback_rating"),
        ]

    def __str__(self):
        return f"{self.rating}/5"


class Audience(models.TextChoices):
    REGISTRANTS = "registrants", _("Everyone with a place")
    WAITLIST = "waitlist", _("The waiting list")
    ATTENDEES = "attendees", _("Those who came")
    NO_SHOWS = "no_shows", _("Those who had a place but did not come")


class EventMessage(models.Model):
    """A message organisers sent to a group of an event's registrants (mailed one by one by the worker)."""

    wagtail_reference_index_ignore = True

    event = models.ForeignKey(ForumEvent, on_delete=models.CASCADE, related_name="messages")
    audience = models.CharField(_("to"), max_length=12, choices=Audience.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=5000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-sent_at", "pk"]

    def __str__(self):
        return self.subject
