"""Each rule of a profile edit, one case each: what is refused (with the words the person reads, here in
English), what is kept at its limit, and how a value is tidied before it is saved."""

import datetime as dt
import re

import pytest
from django.utils import timezone, translation

from alumni import services
from alumni.models import AlumniProfile
from core.errors import Invalid
from tests.factories import graduate
from tests.factories.camps import birth_date_for_age

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "data, interests, fields",
    [
        ({"display_name": "   "}, None, {"display_name": ["Give the name other alumni will see."]}),
        ({"display_name": None}, None, {"display_name": ["Give the name other alumni will see."]}),
        (
            {"display_name": "ж" * 201},
            None,
            {"display_name": ["The name is too long (at most 200 characters)."]},
        ),
        ({"region": "moon"}, None, {"region": ["Choose a region."]}),
        ({"bio": "ж" * 601}, None, {"bio": ["Keep it short: at most 600 characters."]}),
        ({"contact_note": "ж" * 301}, None, {"contact_note": ["At most 300 characters."]}),
        ({"date_of_birth": TODAY}, None, {"date_of_birth": ["Give a real date of birth."]}),
        ({"date_of_birth": "2001-05-04"}, None, {"date_of_birth": ["Give a real date of birth."]}),
        ({}, ["elections", "chess"], {"interests": ["Choose from the given interests."]}),
        (
            {"directory_visible": True, "date_of_birth": TODAY - dt.timedelta(days=365 * 16)},
            None,
            {
                "directory_visible": [
                    "The directory lists alumni aged 18 or over: you can join it once you turn 18."
                ]
            },
        ),
        (
            {"directory_visible": True, "date_of_birth": None},
            None,
            {
                "directory_visible": [
                    "Give your date of birth to join the directory (it lists alumni aged 18 or over)."
                ]
            },
        ),
    ],
    ids=[
        "blank-name",
        "no-name",
        "long-name",
        "unknown-region",
        "long-bio",
        "long-contact-note",
        "born-today",
        "birth-date-not-a-date",
        "unknown-interest",
        "minor-in-directory",
        "unknown-age-in-directory",
    ],
)
def test_each_profile_rule_refuses_with_its_own_words(data, interests, fields):
    user = graduate(listed=False)
    before = AlumniProfile.objects.get(user=user)
    with pytest.raises(Invalid) as exc:
        services.profile_update(profile=user.alumni_profile, by=user, data=data, interests=interests)
    assert (str(exc.value), exc.value.fields) == ("Please correct the profile.", fields)
    after = AlumniProfile.objects.get(user=user)
    assert (after.display_name, after.bio, after.region) == (before.display_name, before.bio, before.region)


def test_values_at_their_limits_are_kept_tidied():
    user = graduate(listed=False)
    services.profile_update(
        profile=user.alumni_profile,
        by=user,
        data={
            "display_name": "  " + "ж" * 200 + " ",
            "bio": " " + "б" * 600 + "\n",
            "contact_note": "т" * 300 + "  ",
            "region": None,
            "date_of_birth": TODAY - dt.timedelta(days=1),
        },
    )
    profile = AlumniProfile.objects.get(user=user)
    assert (
        profile.display_name,
        profile.bio,
        profile.contact_note,
        profile.region,
        profile.date_of_birth,
    ) == (
        "ж" * 200,
        "б" * 600,
        "т" * 300,
        "",
        TODAY - dt.timedelta(days=1),
    )


def test_an_empty_note_and_bio_are_saved_empty():
    user = graduate(listed=False, bio="Мурунку", contact_note="Мурунку")
    services.profile_update(profile=user.alumni_profile, by=user, data={"bio": None, "contact_note": None})
    profile = AlumniProfile.objects.get(user=user)
    assert (profile.bio, profile.contact_note) == ("", "")


def test_an_adult_joins_the_directory_with_the_birth_date_given_in_the_same_edit():
    user = graduate(listed=False)
    AlumniProfile.objects.filter(user=user).update(date_of_birth=None)
    services.profile_update(
        profile=AlumniProfile.objects.get(user=user),
        by=user,
        data={"directory_visible": True, "date_of_birth": birth_date_for_age(30, TODAY)},
    )
    assert AlumniProfile.objects.in_directory().filter(user=user).exists()


def test_a_profile_is_made_with_the_persons_name_and_what_is_known():
    from tests.factories import UserFactory

    named, unnamed = (
        UserFactory(first_name="Айгүл", last_name="Токтогулова"),
        UserFactory(first_name="", last_name=""),
    )
    profile = services.profile_ensure(user=named, region="osh", date_of_birth=dt.date(2003, 5, 6))
    assert (profile.display_name, profile.region, profile.date_of_birth) == (
        "Айгүл Токтогулова",
        "osh",
        dt.date(2003, 5, 6),
    )
    assert services.profile_ensure(user=unnamed).display_name == unnamed.username
    assert AlumniProfile.objects.get(user=unnamed).region == ""


def test_what_a_camp_knows_fills_only_the_empty_fields_of_a_profile():
    user = graduate(listed=False, region="naryn")
    AlumniProfile.objects.filter(user=user).update(date_of_birth=None)
    services.profile_ensure(user=user, region="osh", date_of_birth=dt.date(2003, 5, 6))
    profile = AlumniProfile.objects.get(user=user)
    assert (profile.region, profile.date_of_birth) == ("naryn", dt.date(2003, 5, 6))
    AlumniProfile.objects.filter(user=user).update(region="")
    services.profile_ensure(user=user, region="osh", date_of_birth=dt.date(1999, 1, 1))
    profile = AlumniProfile.objects.get(user=user)
    assert (profile.region, profile.date_of_birth) == ("osh", dt.date(2003, 5, 6))


def test_a_graduation_record_takes_the_cohorts_programme_and_year_and_the_latest_applications_facts():
    from camps.models import Status
    from tests.factories import ApplicationFactory, CohortFactory, StudentFactory

    cohort = CohortFactory(starts_on=dt.date(2024, 12, 28), ends_on=dt.date(2025, 1, 2), region="talas")
    user = StudentFactory()
    ApplicationFactory(cohort=cohort, applicant=user, status=Status.WITHDRAWN, region="osh")
    ApplicationFactory(
        cohort=cohort,
        applicant=user,
        status=Status.ATTENDED,
        region="naryn",
        date_of_birth=dt.date(2004, 2, 3),
    )
    record = services.alumni_record_create(user=user, cohort=cohort)
    assert (record.programme_id, record.year, record.source) == (cohort.programme_id, 2025, "graduation")
    profile = AlumniProfile.objects.get(user=user)
    assert (profile.region, profile.date_of_birth) == ("naryn", dt.date(2004, 2, 3))
    assert services.alumni_record_create(user=user, cohort=cohort) == record


def test_someone_graduated_without_an_application_takes_the_cohorts_region():
    from tests.factories import CohortFactory, StudentFactory

    cohort = CohortFactory(region="batken")
    user = StudentFactory()
    services.alumni_record_create(user=user, cohort=cohort, source="admin")
    profile = AlumniProfile.objects.get(user=user)
    assert (profile.region, profile.date_of_birth, user.alumni_records.get().source) == (
        "batken",
        None,
        "admin",
    )


def test_every_alumni_photo_is_kept_in_one_collection():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image
    from wagtail.models import Collection

    def png():
        out = io.BytesIO()
        Image.new("RGB", (4, 4), "red").save(out, "PNG")
        return SimpleUploadedFile("me.png", out.getvalue(), content_type="image/png")

    first, second = graduate(), graduate()
    services.profile_photo_set(profile=first.alumni_profile, by=first, upload=png())
    services.profile_photo_set(profile=second.alumni_profile, by=second, upload=png())
    [collection] = Collection.objects.filter(name="Alumni photos")
    assert {p.photo.collection_id for p in AlumniProfile.objects.filter(user__in=[first, second])} == {
        collection.pk
    }


def test_a_past_years_record_is_kept_apart_from_a_cohorts_record_of_that_year():
    from tests.factories import CohortFactory, StudentFactory

    cohort = CohortFactory(starts_on=dt.date(2019, 7, 1), ends_on=dt.date(2019, 7, 10))
    user = StudentFactory()
    from_cohort = services.alumni_record_create(user=user, cohort=cohort)
    from_year = services.alumni_record_create(
        user=user, programme=cohort.programme, year=2019, source="admin"
    )
    assert from_year != from_cohort and (from_year.cohort, from_year.source) == (None, "admin")


def _upload(kind="PNG", name="me.png", pad_to=0):
    """A 4×4 picture in `kind` (or bytes that are none), padded with zeros after its end to `pad_to` bytes."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    if kind:
        Image.new("RGB", (4, 4), "red").save(out, kind)
    else:
        out.write(b"not a picture at all")
    data = out.getvalue()
    return SimpleUploadedFile(name, data + b"\0" * max(pad_to - len(data), 0))


def _photo_refusal(error, **kwargs):
    with pytest.raises(error) as exc:
        services.profile_photo_set(**kwargs)
    return exc.value.message, getattr(exc.value, "fields", None)


@pytest.mark.parametrize("kind, extension", [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_a_photo_in_each_accepted_format_is_kept_under_the_alumnus_name(kind, extension):
    user = graduate()
    profile = services.profile_photo_set(profile=user.alumni_profile, by=user, upload=_upload(kind, "x"))
    profile.refresh_from_db()
    assert profile.photo.title == f"{profile.display_name} ({user.pk})"
    # the storage adds a suffix of its own when a file of that name is already there
    assert re.fullmatch(rf"alumni-{user.pk}(_\w+)?\.{extension}", profile.photo.file.name.rsplit("/", 1)[1])
    assert (profile.photo.width, profile.photo.height) == (4, 4)


@pytest.mark.parametrize(
    "kind, size, refusal",
    [
        (
            None,
            0,
            ("This file is not a photo we can read.", {"photo": ["Upload a JPEG, PNG or WebP image."]}),
        ),
        (
            "GIF",
            0,
            ("This file is not a photo we can read.", {"photo": ["Upload a JPEG, PNG or WebP image."]}),
        ),
        (
            "PNG",
            5 * 1024 * 1024 + 1,
            ("The photo is too large (at most 5 MB).", {"photo": ["At most 5 MB."]}),
        ),
    ],
    ids=["not-a-picture", "gif", "over-5-mb"],
)
def test_each_reason_a_photo_is_refused(kind, size, refusal):
    user = graduate()
    assert (
        _photo_refusal(Invalid, profile=user.alumni_profile, by=user, upload=_upload(kind, pad_to=size))
        == refusal
    )
    user.alumni_profile.refresh_from_db()
    assert user.alumni_profile.photo is None


def test_a_photo_of_exactly_5_mb_is_kept():
    user = graduate()
    upload = _upload(pad_to=5 * 1024 * 1024)
    assert upload.size == 5 * 1024 * 1024
    profile = services.profile_photo_set(profile=user.alumni_profile, by=user, upload=upload)
    assert profile.photo.file.size == 5 * 1024 * 1024


def test_only_the_alumnus_or_an_alumni_administrator_changes_the_photo():
    from accounts import roles
    from core.errors import NotAllowed
    from tests.factories import UserFactory

    user, other = graduate(), graduate()
    message = ("You can only change your own profile.", None)
    assert _photo_refusal(NotAllowed, profile=user.alumni_profile, by=other, upload=_upload()) == message
    with pytest.raises(NotAllowed) as exc:
        services.profile_photo_remove(profile=user.alumni_profile, by=other)
    assert exc.value.message == message[0]
    admin = UserFactory(roles=[roles.SITE_ADMIN])
    profile = services.profile_photo_set(profile=user.alumni_profile, by=admin, upload=_upload())
    assert profile.photo is not None
    assert services.profile_photo_remove(profile=profile, by=admin).photo is None


def test_a_new_photo_or_its_removal_deletes_the_old_image_and_nothing_else():
    from wagtail.images import get_image_model

    images = get_image_model().objects
    user = graduate()
    first = services.profile_photo_set(profile=user.alumni_profile, by=user, upload=_upload()).photo
    second = services.profile_photo_set(profile=user.alumni_profile, by=user, upload=_upload("JPEG")).photo
    assert list(images.filter(pk__in=[first.pk, second.pk]).values_list("pk", flat=True)) == [second.pk]
    stale = AlumniProfile.objects.get(user=user)
    AlumniProfile.objects.filter(user=user).update(bio="Жаңы")
    services.profile_photo_remove(profile=stale, by=user)
    profile = AlumniProfile.objects.get(user=user)
    assert (profile.photo, profile.bio) == (None, "Жаңы")
    assert not images.filter(pk=second.pk).exists()
    assert services.profile_photo_remove(profile=profile, by=user).photo is None


def test_only_the_alumnus_or_an_alumni_administrator_edits_the_profile():
    from accounts import roles
    from core.errors import NotAllowed
    from tests.factories import UserFactory

    user = graduate()
    with pytest.raises(NotAllowed) as exc:
        services.profile_update(profile=user.alumni_profile, by=graduate(), data={"bio": "Башка"})
    assert exc.value.message == "You can only change your own profile."
    admin = UserFactory(roles=[roles.SITE_ADMIN])
    services.profile_update(profile=user.alumni_profile, by=admin, data={"bio": "Оңдолду"})
    assert AlumniProfile.objects.get(user=user).bio == "Оңдолду"
