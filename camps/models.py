"""Camps: programmes (Wagtail pages), cohorts, questions, applications, consent, status log, attendance,
certificates.

Places: a cohort's capacity is held by applications in PLACE_HOLDING states (accepted, offered, confirmed,
attended, graduated). Awaiting a guardian, submitted, wait-listed, rejected, withdrawn and expired hold no place.
An applicant under 18 waits for their parent's (guardian's) consent, given through a signed link, before
organisers may decide on the application.
Withdrawn and expired (an offer not confirmed in time) applications are no longer active: the person may apply
to the cohort again.
"""

import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from accounts import roles
from cms.blocks import BodyBlock

from .panels import TranslationPanel


class Region(models.TextChoices):
    BISHKEK = "bishkek", _("Bishkek city")
    OSH_CITY = "osh_city", _("Osh city")
    BATKEN = "batken", _("Batken oblast")
    CHUY = "chuy", _("Chüy oblast")
    ISSYK_KUL = "issyk_kul", _("Issyk-Kul oblast")
    JALAL_ABAD = "jalal_abad", _("Jalal-Abad oblast")
    NARYN = "naryn", _("Naryn oblast")
    OSH = "osh", _("Osh oblast")
    TALAS = "talas", _("Talas oblast")


class Status(models.TextChoices):
    AWAITING_GUARDIAN = "awaiting_guardian", _("Awaiting the parent's (guardian's) consent")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Wait-listed")
    OFFERED = "offered", _("Offered a place")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Offer expired")
    ATTENDED = "attended", _("Attended")
    GRADUATED = "graduated", _("Graduated")


# No longer active: they neither hold a place nor stop the person from applying to the cohort again.
INACTIVE = (Status.WITHDRAWN, Status.EXPIRED)
PLACE_HOLDING = (Status.ACCEPTED, Status.OFFERED, Status.CONFIRMED, Status.ATTENDED, Status.GRADUATED)
# Statuses a participant of a running camp can have (attendance is marked for them).
PARTICIPANT = (Status.ACCEPTED, Status.CONFIRMED, Status.ATTENDED, Status.GRADUATED)

NEW = ""  # an application that does not exist yet
# The lifecycle: every legal status change, from -> the statuses it may become. Services ask `can_transition`
# (status_log refuses anything else), so a new rule is one line here, not an `if` in four files.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    # submitted online (a minor first awaits their guardian; a late applicant, when every place is held, goes
    # onto the waiting list); imported from a paper list (a graduate is imported as attended, then graduated)
    NEW: (
        Status.AWAITING_GUARDIAN,
        Status.SUBMITTED,
        Status.WAITLISTED,
        Status.ACCEPTED,
        Status.CONFIRMED,
        Status.ATTENDED,
    ),
    # the guardian consents (onto the waiting list when every place is held), or the applicant withdraws
    Status.AWAITING_GUARDIAN: (Status.SUBMITTED, Status.WAITLISTED, Status.WITHDRAWN),
    # ... and back to awaiting when the guardian withdraws their consent before a place is given
    Status.SUBMITTED: (
        Status.ACCEPTED,
        Status.WAITLISTED,
        Status.REJECTED,
        Status.WITHDRAWN,
        Status.AWAITING_GUARDIAN,
    ),
    Status.WAITLISTED: (
        Status.ACCEPTED,
        Status.REJECTED,
        Status.OFFERED,
        Status.WITHDRAWN,
        Status.AWAITING_GUARDIAN,
    ),
    Status.REJECTED: (Status.ACCEPTED, Status.WAITLISTED),
    Status.ACCEPTED: (Status.CONFIRMED, Status.ATTENDED, Status.WITHDRAWN),
    Status.OFFERED: (Status.CONFIRMED, Status.EXPIRED, Status.WITHDRAWN),
    Status.CONFIRMED: (Status.ATTENDED, Status.WITHDRAWN),
    Status.ATTENDED: (Status.GRADUATED,),
    Status.GRADUATED: (),
    Status.WITHDRAWN: (),
    Status.EXPIRED: (),
}


def can_transition(from_status: str, to_status: str) -> bool:
    """Whether an application in `from_status` (NEW for none yet) may become `to_status`."""
    return to_status in TRANSITIONS.get(from_status, ())


def statuses_that_can_become(to_status: str, among=None) -> tuple[str, ...]:
    """The statuses (of `among`, default all) from which an application may become `to_status`."""
    return tuple(s for s in (Status.values if among is None else among) if can_transition(s, to_status))


def age_on(dob: date, day: date) -> int:
    """A person's age in whole years on `day`: the one rule for age limits, guardians and statistics."""
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


# Cohorts and their questions are plain models, not pages: their words are kept once per language in fields
# named `<field>_<language>` (name_ru, name_en) beside the original in the default language (Kyrgyz). A missing
# translation falls back to the original; editors see it flagged in the admin form.
TRANSLATED_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)


def text_in(obj, field: str, language: str | None = None) -> str:
    """`obj.<field>` in `language` (default: the active one), or the original when it has no translation."""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language != settings.LANGUAGE_CODE:
        translated = getattr(obj, f"{field}_{language}", "")
        if translated and translated.strip():
            return translated
    return getattr(obj, field)


def translations_missing(obj, field: str) -> list[str]:
    """The languages in which `obj.<field>` is shown in the original (its translation is empty)."""
    if not getattr(obj, field):
        return []
    return [code for code in TRANSLATED_LANGUAGES if not (getattr(obj, f"{field}_{code}", "") or "").strip()]


def _with_open_cohorts(context: dict, request, **filters) -> dict:
    """The open cohorts for a programme list or page, narrowed to the region asked for (?region=) if it is one."""
    from . import selectors

    region = request.GET.get("region", "")
    context["region"] = region if region in Region.values else ""
    context["regions"] = Region.choices
    context["cohorts"] = selectors.cohort_list_open(region=context["region"] or None, **filters)
    return context


class ProgrammeIndexPage(Page):
    """The list of programmes in one language: the door to open cohorts by programme and region."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["camps.ProgrammePage"]
    max_count_per_parent = 1
    template = "camps/programme_index_page.html"

    class Meta:
        verbose_name = _("programme index page")
        verbose_name_plural = _("programme index pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = self.get_children().live().specific()
        return _with_open_cohorts(context, request)


class ProgrammePage(Page):
    """A programme (Democracy Camp, Young Citizens School): what it is, who may apply, what graduates get."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    who_may_apply = RichTextField(_("who may apply"), blank=True)
    graduates_get = RichTextField(_("what graduates get"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("who_may_apply"),
        FieldPanel("graduates_get"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["camps.ProgrammeIndexPage"]
    subpage_types: list = []
    template = "camps/programme_page.html"

    class Meta:
        verbose_name = _("programme page")
        verbose_name_plural = _("programme pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return _with_open_cohorts(context, request, programme_key=self.translation_key)


class Cohort(ClusterableModel):
    """One intake of a programme in a region: dates, application window, places and its organisers."""

    programme = models.ForeignKey(
        ProgrammePage,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="cohorts",
        # the original page; its translations are found through it (programme_in)
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("In Kyrgyz: shown where a translation is missing.")
    )
    name_ru = models.CharField(
        _("name (Russian)"), max_length=200, blank=True, help_text=_("Empty: the Kyrgyz text is shown.")
    )
    name_en = models.CharField(
        _("name (English)"), max_length=200, blank=True, help_text=_("Empty: the Kyrgyz text is shown.")
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    venue_ru = models.CharField(
        _("venue (Russian)"), max_length=300, blank=True, help_text=_("Empty: the Kyrgyz text is shown.")
    )
    venue_en = models.CharField(
        _("venue (English)"), max_length=300, blank=True, help_text=_("Empty: the Kyrgyz text is shown.")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    applications_open_at = models.DateTimeField(_("applications open at"))
    applications_close_at = models.DateTimeField(_("applications close at"))
    capacity = models.PositiveIntegerField(_("places"))
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=14)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), default=25)
    language = models.CharField(
        _("working language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers"),
        related_name="organised_cohorts",
        blank=True,
        limit_choices_to={"groups__name": roles.group_name(roles.ORGANISER)},
        help_text=_("People with the organiser role who run this cohort and select its participants."),
    )
    offer_days = models.PositiveSmallIntegerField(
        _("days to confirm an offered place"), default=3, help_text=_("Deadline for wait-listed people.")
    )
    retention_days = models.PositiveIntegerField(
        _("retention period (days)"),
        default=365,
        help_text=_("Days after the end after which answers and guardian data are purged."),
    )
    personal_data_purged_at = models.DateTimeField(_("personal data purged at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    panels = [
        FieldPanel("programme"),
        MultiFieldPanel(
            [FieldPanel("name"), TranslationPanel("name_ru"), TranslationPanel("name_en")], heading=_("Name")
        ),
        MultiFieldPanel(
            [
                FieldPanel("region"),
                FieldPanel("venue"),
                TranslationPanel("venue_ru"),
                TranslationPanel("venue_en"),
                FieldPanel("starts_on"),
                FieldPanel("ends_on"),
            ],
            heading=_("Where and when"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("applications_open_at"),
                FieldPanel("applications_close_at"),
                FieldPanel("capacity"),
                FieldPanel("min_age"),
                FieldPanel("max_age"),
                FieldPanel("language"),
                FieldPanel("offer_days"),
                FieldPanel("retention_days"),
            ],
            heading=_("Applications"),
        ),
        FieldPanel("organisers"),
        InlinePanel("questions", label=_("Questions")),
    ]

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="camps_cohort_dates"
            ),
            models.CheckConstraint(
                condition=Q(applications_close_at__gte=models.F("applications_open_at")),
                name="camps_cohort_window",
            ),
            models.CheckConstraint(condition=Q(max_age__gte=models.F("min_age")), name="camps_cohort_ages"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="camps_cohort_capacity"),
        ]

    def __str__(self):
        return self.name_in()

    def clean(self):
        """The dates in order, ages in order, and never fewer places than are already held (the admin's edit
        view checks the last again under the cohort's lock when it saves)."""
        super().clean()
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = [_("The cohort cannot end before it starts.")]
        if (
            self.applications_open_at
            and self.applications_close_at
            and self.applications_close_at < self.applications_open_at
        ):
            errors["applications_close_at"] = [_("Applications cannot close before they open.")]
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            errors["max_age"] = [_("The maximum age cannot be below the minimum age.")]
        if self.pk and self.capacity is not None:
            held = self.applications.places_held()
            if self.capacity < held:
                errors["capacity"] = [
                    _("%(held)s places are already held; the capacity cannot be lower.") % {"held": held}
                ]
        if errors:
            raise ValidationError(errors)

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.applications_open_at <= now <= self.applications_close_at

    @property
    def days(self) -> list[date]:
        from datetime import timedelta

        return [self.starts_on + timedelta(days=i) for i in range((self.ends_on - self.starts_on).days + 1)]

    def name_in(self, language: str | None = None) -> str:
        """The cohort's name in `language` (default: the active one), Kyrgyz where it has no translation."""
        return text_in(self, "name", language)

    def venue_in(self, language: str | None = None) -> str:
        return text_in(self, "venue", language)

    @property
    def local_name(self) -> str:
        """name_in() for templates: the name in the language of the page."""
        return self.name_in()

    @property
    def local_venue(self) -> str:
        return self.venue_in()

    def programme_in(self, language: str) -> Page:
        """The programme page in `language` when it has been translated, else the original."""
        for page in ProgrammePage.objects.filter(
            translation_key=self.programme.translation_key
        ).select_related("locale"):
            if page.locale.language_code == language:
                return page
        return self.programme


class Question(Orderable):
    """A question organisers ask applicants of one cohort."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        SINGLE_CHOICE = "single_choice", _("Single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")

    cohort = ParentalKey(Cohort, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    text_ru = models.CharField(
        _("question (Russian)"), max_length=500, blank=True, help_text=_("Empty: the Kyrgyz text is shown.")
    )
    text_en = models.CharField(
        _("question (English)"), max_length=500, blank=True, help_text=_("Empty: the Kyrgyz text is shown.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SHORT_TEXT)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One choice per line."))
    choices_ru = models.TextField(
        _("choices (Russian)"),
        blank=True,
        help_text=_("The same choices in the same order, one per line. Empty: the Kyrgyz choices are shown."),
    )
    choices_en = models.TextField(
        _("choices (English)"),
        blank=True,
        help_text=_("The same choices in the same order, one per line. Empty: the Kyrgyz choices are shown."),
    )
    required = models.BooleanField(_("required"), default=True)

    panels = [
        FieldPanel("text"),
        TranslationPanel("text_ru"),
        TranslationPanel("text_en"),
        FieldPanel("kind"),
        FieldPanel("choices"),
        TranslationPanel("choices_ru"),
        TranslationPanel("choices_en"),
        FieldPanel("required"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text

    @property
    def choice_list(self) -> list[str]:
        """The choices as answers store them (the Kyrgyz words, whatever language the applicant reads)."""
        return _lines(self.choices)

    def text_in(self, language: str | None = None) -> str:
        return text_in(self, "text", language)

    def choices_in(self, language: str | None = None) -> list[tuple[str, str]]:
        """(stored value, label in `language`) for each choice; the Kyrgyz labels when the translation is
        missing or does not have one line per choice."""
        values = self.choice_list
        labels = _lines(text_in(self, "choices", language))
        return list(zip(values, labels if len(labels) == len(values) else values, strict=True))

    def answer_in(self, value, language: str | None = None) -> str:
        """A stored answer as a person reading `language` sees it (choices translated, texts as written)."""
        labels = dict(self.choices_in(language))
        values = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(v, v) for v in values if v not in (None, ""))

    def clean(self):
        super().clean()
        count = len(self.choice_list)
        errors = {}
        for code in TRANSLATED_LANGUAGES:
            translated = _lines(getattr(self, f"choices_{code}", ""))
            if translated and len(translated) != count:
                errors[f"choices_{code}"] = _(
                    "Give as many choices as in Kyrgyz (%(count)s), one per line, in the same order."
                ) % {"count": count}
        if errors:
            raise ValidationError(errors)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# The waiting list's order: who joined it first is offered a freed place first.
WAITING_ORDER = ("waitlisted_at", "submitted_at", "pk")


class ApplicationQuerySet(models.QuerySet):
    def active(self):
        """Neither withdrawn nor expired: what the one-application-per-person constraint counts."""
        return self.exclude(status__in=INACTIVE)

    def places_held(self) -> int:
        """How many places these applications hold (`Application.objects.filter(cohort=c).places_held()`):
        the one count that capacity is checked against."""
        return self.filter(status__in=PLACE_HOLDING).count()

    def with_waiting_position(self):
        """Each wait-listed application's place in its cohort's queue (1 is offered the next free place), in
        WAITING_ORDER; None for the others. One subquery, whatever the number of rows."""
        mine = {f: models.OuterRef(f) for f in WAITING_ORDER}
        ahead = (
            Application.objects.filter(cohort=models.OuterRef("cohort"), status=Status.WAITLISTED)
            .filter(
                Q(waitlisted_at__lt=mine["waitlisted_at"])
                | Q(waitlisted_at=mine["waitlisted_at"], submitted_at__lt=mine["submitted_at"])
                | Q(
                    waitlisted_at=mine["waitlisted_at"], submitted_at=mine["submitted_at"], pk__lte=mine["pk"]
                )
            )
            .order_by()
            .values("cohort")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(
            waiting_position=models.Case(
                models.When(status=Status.WAITLISTED, then=models.Subquery(ahead)),
                default=None,
                output_field=models.IntegerField(),
            )
        )


def places_held_annotation():
    """The same count as ApplicationQuerySet.places_held, per cohort, for a list of cohorts."""
    return models.Count("applications", filter=Q(applications__status__in=PLACE_HOLDING))


class Application(models.Model):
    """A young person's application to a cohort, with the minimal personal data needed to select them."""

    # Transactions, not content: keep them out of Wagtail's reference index (no extra queries per save).
    wagtail_reference_index_ignore = True

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        IMPORT = "import", _("Imported")

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="camp_applications",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    full_name = models.CharField(_("full name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    school = models.CharField(_("school or university"), max_length=300, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    guardian_name = models.CharField(_("parent or guardian's name"), max_length=200, blank=True)
    guardian_contact = models.CharField(_("parent or guardian's phone or email"), max_length=200, blank=True)
    guardian_language = models.CharField(
        _("parent or guardian's language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the consent link and the page it opens."),
    )
    # Raised by every new link sent to the guardian: links signed with an older version no longer work.
    guardian_link_version = models.PositiveIntegerField(_("consent link version"), default=0)
    guardian_link_sent_at = models.DateTimeField(_("consent link sent at"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    notes = models.TextField(_("organisers' notes"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.ONLINE)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    waitlisted_at = models.DateTimeField(_("wait-listed at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    personal_data_purged_at = models.DateTimeField(_("personal data purged at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "applicant"],
                condition=~Q(status__in=INACTIVE),
                name="camps_one_active_application",
                violation_error_message=_("You have already applied to this cohort."),
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="camps_offer_has_deadline",
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "status"]),
            models.Index(fields=["status", "offer_expires_at"]),
        ]

    def __str__(self):
        return f"{self.full_name} — {self.cohort}"

    def age_on(self, day: date) -> int | None:
        return None if self.date_of_birth is None else age_on(self.date_of_birth, day)

    @property
    def age_at_start(self) -> int | None:
        return self.age_on(self.cohort.starts_on)

    @property
    def holds_place(self) -> bool:
        return self.status in PLACE_HOLDING


def consent_scan_storage():
    """Scans of signed paper consents: private files, outside the public media folder, served only to the
    cohort's organisers (camps.views.organiser_consent_scan). The "private" storage of settings: a folder on disk
    or a private prefix on S3 (core/storage.py)."""
    from core.storage import private_storage

    return private_storage


class Consent(models.Model):
    """A consent given for an application: who gave it, how, which text, when, from where, and when it was
    withdrawn."""

    # Transactions, not content: keep them out of Wagtail's reference index (no extra queries per save).
    wagtail_reference_index_ignore = True

    class Kind(models.TextChoices):
        PARTICIPATION = "participation", _("Parent or guardian's consent to take part")
        PHOTOS = "photos", _("Consent to photos")

    class Method(models.TextChoices):
        ONLINE = "online", _("Online form")
        PAPER = "paper", _("Signed paper form (imported)")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    given_by = models.CharField(_("given by"), max_length=200)
    method = models.CharField(_("how"), max_length=10, choices=Method.choices, default=Method.ONLINE)
    text_version = models.CharField(_("text version"), max_length=20)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    text = models.TextField(_("text shown"), blank=True, help_text=_("The words the person agreed to."))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    scan = models.FileField(
        _("scan of the signed form"),
        upload_to="camps/consents/%Y/%m/",
        storage=consent_scan_storage,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["given_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"],
                condition=Q(withdrawn_at__isnull=True),
                name="camps_one_live_consent",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.given_by}"


class Reminder(models.Model):
    """A reminder sent about an application (an offer about to lapse, a guardian's missing consent): recorded so
    that each is sent once, however often the clock runs."""

    # Transactions, not content: keep them out of Wagtail's reference index (no extra queries per save).
    wagtail_reference_index_ignore = True

    class Kind(models.TextChoices):
        OFFER = "offer", _("The offered place is about to lapse")
        GUARDIAN = "guardian", _("The parent's (guardian's) consent is still missing")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="camps_reminder_once")]

    def __str__(self):
        return f"{self.application_id} {self.kind}"


class StatusChange(models.Model):
    """The audit trail of an application: who changed its status, when, from what to what, and why."""

    # Transactions, not content: keep them out of Wagtail's reference index (no extra queries per save).
    wagtail_reference_index_ignore = True

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"


class Attendance(models.Model):
    """Whether a participant was there on one day of the camp, marked by an organiser."""

    # Transactions, not content: keep them out of Wagtail's reference index (no extra queries per save).
    wagtail_reference_index_ignore = True

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["day", "application_id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "day"], name="camps_attendance_once_a_day")
        ]

    def __str__(self):
        return f"{self.application_id} {self.day} {self.present}"


def _certificate_code() -> str:
    return secrets.token_hex(6).upper()


class Certificate(models.Model):
    """A graduate's certificate; its code lets anybody verify it at /verify/<code>."""

    # Transactions, not content: keep them out of Wagtail's reference index (no extra queries per save).
    wagtail_reference_index_ignore = True

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="certificate")
    code = models.CharField(_("verification code"), max_length=20, unique=True, default=_certificate_code)
    holder_name = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "pk"]

    def __str__(self):
        return self.code
