"""Reads of alumni: records, profiles, the directory (and, further down, events and registrations)."""

from django.db.models import Prefetch, Q, QuerySet

from camps.models import Cohort, ProgrammePage

from .models import AlumniProfile, AlumniRecord, ProfileInterest


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
