"""Alumni records and profiles: made at graduation (or by an administrator, or imported for past years), then
kept up by the person themself."""

from datetime import date

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from accounts.services import role_grant
from core.errors import Invalid, NotAllowed

from ..models import AlumniProfile, AlumniRecord, Interest, ProfileInterest, Region
from ..permissions import is_alumni_admin

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_COLLECTION = "Alumni photos"
EDITABLE = (
    "display_name",
    "region",
    "date_of_birth",
    "bio",
    "contact_note",
    "accepts_messages",
    "directory_visible",
)


_DISPLAY_NAME_MAX = AlumniProfile._meta.get_field("display_name").max_length


def profile_ensure(*, user: User, region: str = "", date_of_birth: date | None = None) -> AlumniProfile:
    """The person's profile, made on first need; what is known from a camp fills only empty fields."""
    profile, created = AlumniProfile.objects.get_or_create(
        user=user,
        defaults={
            # An account's names may be longer together than the name shown (150 + 150 characters).
            "display_name": (user.get_full_name() or user.username)[:_DISPLAY_NAME_MAX],
            "region": region or "",
            "date_of_birth": date_of_birth,
        },
    )
    if not created:
        changed = []
        if region and not profile.region:
            profile.region = region
            changed.append("region")
        if date_of_birth and not profile.date_of_birth:
            profile.date_of_birth = date_of_birth
            changed.append("date_of_birth")
        if changed:
            profile.save(update_fields=[*changed, "updated_at"])
    return profile


def alumni_record_create(
    *,
    user: User,
    cohort=None,
    programme=None,
    year: int | None = None,
    source: str = AlumniRecord.Source.GRADUATION,
) -> AlumniRecord:
    """Make `user` an alumnus (idempotent): the record, the alumnus role and a profile (directory off).

    A graduation on Civic passes the cohort; a past year's graduation passes the programme and the year."""
    if cohort is not None:
        record, _created = AlumniRecord.objects.get_or_create(
            user=user,
            cohort=cohort,
            defaults={"programme_id": cohort.programme_id, "year": cohort.ends_on.year, "source": source},
        )
        application = cohort.applications.filter(applicant=user).order_by("-pk").first()
        region = application.region if application else cohort.region
        dob = application.date_of_birth if application else None
    else:
        record, _created = AlumniRecord.objects.get_or_create(
            user=user, programme=programme, year=year, cohort=None, defaults={"source": source}
        )
        region, dob = "", None
    role_grant(user=user, role=roles.ALUMNUS)
    profile_ensure(user=user, region=region, date_of_birth=dob)
    return record


def _clean(profile: AlumniProfile, data: dict, interests) -> tuple[dict, list[str] | None]:
    errors: dict[str, list[str]] = {}
    clean = {}
    for key in EDITABLE:
        if key in data:
            clean[key] = data[key]
    if "display_name" in clean:
        clean["display_name"] = (clean["display_name"] or "").strip()
        if not clean["display_name"]:
            errors["display_name"] = [_("Give the name other alumni will see.")]
        elif len(clean["display_name"]) > 200:
            errors["display_name"] = [_("The name is too long (at most 200 characters).")]
    if "region" in clean:
        clean["region"] = clean["region"] or ""
        if clean["region"] and clean["region"] not in Region.values:
            errors["region"] = [_("Choose a region.")]
    if "bio" in clean:
        clean["bio"] = (clean["bio"] or "").strip()
        if len(clean["bio"]) > 600:
            errors["bio"] = [_("Keep it short: at most 600 characters.")]
    if "contact_note" in clean:
        clean["contact_note"] = (clean["contact_note"] or "").strip()
        if len(clean["contact_note"]) > 300:
            errors["contact_note"] = [_("At most 300 characters.")]
    if "date_of_birth" in clean:
        dob = clean["date_of_birth"]
        if dob is not None and (not isinstance(dob, date) or dob >= timezone.localdate()):
            errors["date_of_birth"] = [_("Give a real date of birth.")]
    if interests is not None:
        interests = list(dict.fromkeys(interests))
        if any(i not in Interest.values for i in interests):
            errors["interests"] = [_("Choose from the given interests.")]
    if not errors and clean.get("directory_visible"):
        probe = AlumniProfile(date_of_birth=clean.get("date_of_birth", profile.date_of_birth))
        if not probe.is_adult():
            errors["directory_visible"] = [
                _("The directory lists alumni aged 18 or over: you can join it once you turn 18.")
                if probe.date_of_birth
                else _("Give your date of birth to join the directory (it lists alumni aged 18 or over).")
            ]
    if errors:
        raise Invalid(_("Please correct the profile."), fields=errors)
    return clean, interests


def profile_update(
    *, profile: AlumniProfile, by: User, data: dict, interests: list[str] | None = None
) -> AlumniProfile:
    """The person edits their own profile (an alumni administrator may too); all of it or nothing."""
    with transaction.atomic():
        if by.pk != profile.user_id and not is_alumni_admin(by):
            raise NotAllowed(_("You can only change your own profile."))
        profile = AlumniProfile.objects.select_for_update().get(pk=profile.pk)
        clean, interests = _clean(profile, data, interests)
        for key, value in clean.items():
            setattr(profile, key, value)
        profile.save()
        if interests is not None:
            ProfileInterest.objects.filter(profile=profile).exclude(interest__in=interests).delete()
            have = set(ProfileInterest.objects.filter(profile=profile).values_list("interest", flat=True))
            ProfileInterest.objects.bulk_create(
                [ProfileInterest(profile=profile, interest=i) for i in interests if i not in have]
            )
        return profile


def _photo_collection():
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=PHOTO_COLLECTION).first()
    return existing or root.add_child(name=PHOTO_COLLECTION)


def profile_photo_set(*, profile: AlumniProfile, by: User, upload) -> AlumniProfile:
    """A new photo (a Wagtail image, shown through renditions); the old one is deleted."""
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    with transaction.atomic():
        if by.pk != profile.user_id and not is_alumni_admin(by):
            raise NotAllowed(_("You can only change your own profile."))
        if upload.size > PHOTO_MAX_BYTES:
            raise Invalid(_("The photo is too large (at most 5 MB)."), fields={"photo": [_("At most 5 MB.")]})
        try:
            upload.seek(0)
            with PILImage.open(upload) as probe:
                kind = (probe.format or "").lower()
                probe.verify()
        except Exception as exc:  # any unreadable file is the uploader's error, never a 500
            raise Invalid(
                _("This file is not a photo we can read."),
                fields={"photo": [_("Upload a JPEG, PNG or WebP image.")]},
            ) from exc
        if kind not in ("jpeg", "png", "webp"):
            raise Invalid(
                _("This file is not a photo we can read."),
                fields={"photo": [_("Upload a JPEG, PNG or WebP image.")]},
            )
        upload.seek(0)
        image = get_image_model()(
            title=f"{profile.display_name} ({profile.user_id})",
            file=ImageFile(upload, name=f"alumni-{profile.user_id}.{'jpg' if kind == 'jpeg' else kind}"),
            collection=_photo_collection(),
        )
        image.save()
        old = profile.photo
        profile.photo = image
        profile.save(update_fields=["photo", "updated_at"])
        if old is not None:
            old.delete()
        return profile


def profile_photo_remove(*, profile: AlumniProfile, by: User) -> AlumniProfile:
    with transaction.atomic():
        if by.pk != profile.user_id and not is_alumni_admin(by):
            raise NotAllowed(_("You can only change your own profile."))
        old = profile.photo
        profile.photo = None
        profile.save(update_fields=["photo", "updated_at"])
        if old is not None:
            old.delete()
        return profile
