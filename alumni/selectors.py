"""Reads of alumni: records, profiles, the directory (and, further down, events and registrations)."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from camps.models import Cohort, ProgrammePage

from .models import (
    PLACE_HOLDING,
    RS,
    AlumniProfile,
    AlumniRecord,
    EventPage,
    ForumEvent,
    ProfileInterest,
    Registration,
    age_on,
)


def alumni_records_for(*, user):
    return AlumniRecord.objects.filter(user=user).select_related("cohort", "programme")


def profile_of(*, user) -> AlumniProfile | None:
    if not (user and user.is_authenticated):
        return None
    return (
        AlumniProfile.objects.filter(user=user).select_related("photo").prefetch_related("interests").first()
    )


_RECORDS = Prefetch(
    "user__alumni_records",
    queryset=AlumniRecord.objects.select_related("programme", "cohort").order_by("-year"),
)


def directory_search(
    *,
    region: str | None = None,
    cohort: int | None = None,
    programme: str | None = None,
    interest: str | None = None,
    q: str | None = None,
) -> QuerySet[AlumniProfile]:
    """Alumni in the directory (opted in, 18 or over), narrowed by region, cohort, programme (any of its
    translations, by translation key), interest and a name or bio search. Three queries whatever the count."""
    qs = AlumniProfile.objects.in_directory()
    if region:
        qs = qs.filter(region=region)
    if cohort:
        qs = qs.filter(user__alumni_records__cohort_id=cohort)
    if programme:
        qs = qs.filter(user__alumni_records__programme__translation_key=programme)
    if interest:
        qs = qs.filter(interests__interest=interest)
    if q:
        qs = qs.filter(Q(display_name__icontains=q) | Q(bio__icontains=q))
    return (
        qs.distinct()
        .select_related("photo", "user")
        .prefetch_related(
            Prefetch("interests", queryset=ProfileInterest.objects.order_by("interest")), _RECORDS
        )
        .order_by("display_name", "pk")
    )


def directory_profile(*, pk: int) -> AlumniProfile | None:
    return AlumniProfile.objects.in_directory().select_related("photo").filter(pk=pk).first()


def directory_choices(*, language: str) -> dict:
    """The programmes (in `language`) and cohorts that have alumni, for the directory's filters."""
    keys = AlumniRecord.objects.values_list("programme__translation_key", flat=True).distinct()
    programmes = ProgrammePage.objects.filter(
        translation_key__in=keys, locale__language_code=language
    ).order_by("title")
    cohorts = Cohort.objects.filter(alumni_records__isnull=False).distinct().order_by("-starts_on", "name")
    return {
        "programmes": [(str(p.translation_key), p.title) for p in programmes],
        "cohorts": [(c.pk, c.name) for c in cohorts],
    }


# Forum events ------------------------------------------------------------------------------------------------


def events_visible(*, past: bool = False, now=None) -> QuerySet[ForumEvent]:
    """Events with at least one live page: upcoming (not yet ended) by default, or past ones, with the places
    taken counted in the same query."""
    now = now or timezone.now()
    qs = ForumEvent.objects.filter(pages__live=True).distinct()
    qs = (
        qs.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
        if past
        else qs.filter(ends_at__gte=now).order_by("starts_at", "pk")
    )
    return qs.annotate(
        places_taken=Count("registrations", filter=Q(registrations__status__in=PLACE_HOLDING), distinct=True),
        waiting=Count("registrations", filter=Q(registrations__status=RS.WAITLISTED), distinct=True),
    ).prefetch_related(Prefetch("pages", queryset=EventPage.objects.select_related("locale")))


def event_by_pk(*, pk: int) -> ForumEvent | None:
    return (
        ForumEvent.objects.filter(pk=pk, pages__live=True)
        .annotate(
            places_taken=Count(
                "registrations", filter=Q(registrations__status__in=PLACE_HOLDING), distinct=True
            ),
            waiting=Count("registrations", filter=Q(registrations__status=RS.WAITLISTED), distinct=True),
        )
        .prefetch_related(Prefetch("pages", queryset=EventPage.objects.select_related("locale")))
        .first()
    )


def event_pages(*, locale, past: bool, parent=None) -> list[EventPage]:
    """The live event pages of one language, upcoming soonest first or past latest first."""
    now = timezone.now()
    qs = EventPage.objects.live().filter(locale=locale).select_related("event")
    if parent is not None:
        qs = qs.child_of(parent)
    if past:
        qs = qs.filter(event__ends_at__lt=now).order_by("-event__starts_at")
    else:
        qs = qs.filter(event__ends_at__gte=now).order_by("event__starts_at")
    pages = list(qs)
    taken = dict(
        Registration.objects.filter(event__in=[p.event_id for p in pages], status__in=PLACE_HOLDING)
        .values_list("event")
        .annotate(n=Count("pk"))
    )
    for page in pages:
        page.places_left = max(page.event.capacity - taken.get(page.event_id, 0), 0)
    return pages


def places_taken(*, event: ForumEvent) -> int:
    return Registration.objects.filter(event=event, status__in=PLACE_HOLDING).count()


def waitlist_position(*, registration: Registration) -> int | None:
    """1 for the first person waiting; None when not waiting."""
    if registration.status != RS.WAITLISTED:
        return None
    ahead = Registration.objects.filter(event_id=registration.event_id, status=RS.WAITLISTED).filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def registration_live_of(*, event: ForumEvent, user) -> Registration | None:
    if not (user and user.is_authenticated):
        return None
    return Registration.objects.filter(event=event, user=user).live().first()


def registrations_of(*, user) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(user=user)
        .select_related("event", "feedback")
        .prefetch_related(Prefetch("event__pages", queryset=EventPage.objects.select_related("locale")))
        .order_by("-event__starts_at", "-pk")
    )


def eligibility_problem(*, event: ForumEvent, user) -> str | None:
    """Why `user` may not register for `event` (translated), or None when they may."""
    from django.utils.translation import gettext as _

    from .permissions import is_alumnus

    if not is_alumnus(user):
        return _("Only alumni can register for forum events.")
    records = list(AlumniRecord.objects.filter(user=user).select_related("programme"))
    profile = AlumniProfile.objects.filter(user=user).first()
    programme_keys = {p.translation_key for p in event.eligible_programmes.all()}
    if programme_keys and not any(r.programme.translation_key in programme_keys for r in records):
        return _("This event is for alumni of other programmes.")
    cohort_ids = {c.pk for c in event.eligible_cohorts.all()}
    if cohort_ids and not any(r.cohort_id in cohort_ids for r in records):
        return _("This event is for alumni of other cohorts.")
    if event.eligible_years and not any(r.year in event.eligible_years for r in records):
        return _("This event is for alumni who graduated in other years.")
    if event.eligible_regions and (profile is None or profile.region not in event.eligible_regions):
        return _("This event is for alumni from other regions (set your region in your profile).")
    if event.min_age is not None or event.max_age is not None:
        dob = profile.date_of_birth if profile else None
        if dob is None:
            return _("This event has an age range: give your date of birth in your profile.")
        age = age_on(dob, timezone.localtime(event.starts_at).date())
        if (event.min_age is not None and age < event.min_age) or (
            event.max_age is not None and age > event.max_age
        ):
            return _("This event is for alumni aged %(min)s to %(max)s.") % {
                "min": event.min_age if event.min_age is not None else "",
                "max": event.max_age if event.max_age is not None else "",
            }
    if event.eligible_module_id:
        from courses.models import ModulePage
        from courses.selectors import module_progress_map

        module = ModulePage.objects.filter(pk=event.eligible_module_id).first()
        progress = module_progress_map(user=user, modules=[module]).get(module.pk) if module else None
        if not progress or not progress["total"] or progress["completed"] < progress["total"]:
            return _("This event is for those who finished the module “%(module)s”.") % {
                "module": module.title if module else ""
            }
    return None


def event_state(*, event: ForumEvent, user, now=None) -> dict:
    """What an event page shows the person looking at it: places, their registration, whether they may register."""
    now = now or timezone.now()
    mine = registration_live_of(event=event, user=user)
    left = max(event.capacity - places_taken(event=event), 0)
    return {
        "event": event,
        "places_left": left,
        "mine": mine,
        "position": waitlist_position(registration=mine) if mine else None,
        "is_open": event.is_open(now),
        "has_started": event.has_started(now),
        "problem": eligibility_problem(event=event, user=user)
        if user.is_authenticated and not mine
        else None,
    }


def events_managed_by(*, user) -> QuerySet[ForumEvent]:
    from .permissions import is_alumni_admin

    qs = ForumEvent.objects.all() if is_alumni_admin(user) else ForumEvent.objects.filter(organisers=user)
    return qs.annotate(
        places_taken=Count("registrations", filter=Q(registrations__status__in=PLACE_HOLDING), distinct=True),
        waiting=Count("registrations", filter=Q(registrations__status=RS.WAITLISTED), distinct=True),
        attended=Count("registrations", filter=Q(registrations__status=RS.ATTENDED), distinct=True),
    ).order_by("-starts_at", "-pk")


def event_roster(*, event: ForumEvent) -> QuerySet[Registration]:
    """Everyone who registered, with their profile name; the waiting list in its order at the end."""
    return (
        Registration.objects.filter(event=event)
        .select_related("user__alumni_profile", "checked_in_by")
        .order_by("created_at", "pk")
    )


def status_counts(*, event: ForumEvent) -> dict[str, int]:
    rows = Registration.objects.filter(event=event).values_list("status").annotate(n=Count("pk"))
    return dict(rows)


def feedback_summary(*, event: ForumEvent) -> dict:
    """Count, average and spread of ratings, and the comments (newest first)."""
    from django.db.models import Avg

    from .models import Feedback

    qs = Feedback.objects.filter(registration__event=event)
    agg = qs.aggregate(avg=Avg("rating"), n=Count("pk"))
    spread = dict(qs.values_list("rating").annotate(n=Count("pk")))
    return {
        "count": agg["n"],
        "average": round(agg["avg"], 2) if agg["avg"] is not None else None,
        "spread": {r: spread.get(r, 0) for r in range(1, 6)},
        "comments": [c for c in qs.order_by("-created_at").values_list("comment", flat=True) if c],
    }


def person_name(registration: Registration) -> str:
    profile = getattr(registration.user, "alumni_profile", None)
    return profile.display_name if profile else registration.user.display_name
