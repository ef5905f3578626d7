"""Alumni records and profiles: made at graduation, edited by their owner, directory off by default."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts import roles
from alumni import services
from alumni.models import AlumniProfile, AlumniRecord
from camps import services as camps_services
from camps.models import Status
from core.errors import Invalid, NotAllowed
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    OrganiserFactory,
    StudentFactory,
    birth_date_for_age,
    graduate,
    programme_page,
)

pytestmark = pytest.mark.django_db


def test_graduation_creates_a_profile_from_the_application_with_the_directory_off():
    organiser = OrganiserFactory()
    cohort = CohortFactory(organisers=[organiser])
    application = ApplicationFactory(cohort=cohort, status=Status.ATTENDED, region="naryn")
    camps_services.cohort_graduate(cohort=cohort, by=organiser, application_ids=[application.pk])
    profile = AlumniProfile.objects.get(user=application.applicant)
    assert profile.region == "naryn"
    assert profile.date_of_birth == application.date_of_birth
    assert profile.directory_visible is False
    assert application.applicant.has_role(roles.ALUMNUS)


def test_a_past_years_record_needs_no_cohort_and_is_made_once():
    user = StudentFactory()
    programme = programme_page()
    first = services.alumni_record_create(user=user, programme=programme, year=2019, source="admin")
    again = services.alumni_record_create(user=user, programme=programme, year=2019, source="admin")
    assert first == again and first.cohort is None
    assert AlumniRecord.objects.filter(user=user).count() == 1


def test_owner_edits_the_profile_and_interests():
    user = graduate(listed=False)
    profile = user.alumni_profile
    services.profile_update(
        profile=profile,
        by=user,
        data={"bio": "Шайлоо байкоочусу", "region": "osh", "directory_visible": True},
        interests=["elections", "media", "elections"],
    )
    profile.refresh_from_db()
    assert (profile.bio, profile.region, profile.directory_visible) == ("Шайлоо байкоочусу", "osh", True)
    assert profile.interest_list == ["elections", "media"]
    services.profile_update(profile=profile, by=user, data={}, interests=["media"])
    assert profile.interest_list == ["media"]


def test_someone_else_cannot_edit_a_profile():
    owner, other = graduate(), graduate()
    with pytest.raises(NotAllowed):
        services.profile_update(profile=owner.alumni_profile, by=other, data={"bio": "x"})
    owner.alumni_profile.refresh_from_db()
    assert owner.alumni_profile.bio == ""


def test_a_minor_cannot_join_the_directory_and_nothing_is_saved():
    user = graduate(age=16, listed=False)
    with pytest.raises(Invalid) as exc:
        services.profile_update(
            profile=user.alumni_profile, by=user, data={"bio": "Салам", "directory_visible": True}
        )
    assert "directory_visible" in exc.value.fields
    profile = AlumniProfile.objects.get(user=user)
    assert (profile.directory_visible, profile.bio) == (False, "")


def test_an_unknown_birth_date_cannot_join_the_directory():
    user = graduate(listed=False)
    AlumniProfile.objects.filter(user=user).update(date_of_birth=None)
    with pytest.raises(Invalid):
        services.profile_update(
            profile=AlumniProfile.objects.get(user=user), by=user, data={"directory_visible": True}
        )


def _eighteenth_birthday_is_today() -> dt.date:
    """The latest date of birth that makes someone 18 today: the same day 18 years ago, or 28 February when
    today is 29 February (a year with no 29 February counts the 28th as the birthday)."""
    today = timezone.localdate()
    day = 28 if (today.month, today.day) == (2, 29) else today.day
    return dt.date(today.year - 18, today.month, day)


def test_the_day_they_turn_18_they_may_opt_in():
    user = graduate(age=17, listed=False)
    AlumniProfile.objects.filter(user=user).update(date_of_birth=_eighteenth_birthday_is_today())
    services.profile_update(
        profile=AlumniProfile.objects.get(user=user), by=user, data={"directory_visible": True}
    )
    assert AlumniProfile.objects.in_directory().filter(user=user).exists()


def test_the_day_before_they_turn_18_they_may_not_opt_in():
    user = graduate(age=17, listed=False)
    born = _eighteenth_birthday_is_today() + dt.timedelta(days=1)
    AlumniProfile.objects.filter(user=user).update(date_of_birth=born)
    with pytest.raises(Invalid):
        services.profile_update(
            profile=AlumniProfile.objects.get(user=user), by=user, data={"directory_visible": True}
        )
    assert not AlumniProfile.objects.in_directory().filter(user=user).exists()


def test_unknown_interest_and_long_bio_are_refused():
    user = graduate()
    with pytest.raises(Invalid) as exc:
        services.profile_update(
            profile=user.alumni_profile, by=user, data={"bio": "x" * 601}, interests=["chess"]
        )
    assert set(exc.value.fields) == {"bio", "interests"}


def test_import_of_past_alumni_checks_every_row_and_saves_all_or_nothing():
    from tests.factories import UserFactory

    admin = UserFactory(roles=[roles.SITE_ADMIN])
    programme = programme_page()
    known = StudentFactory(email="known@example.org")
    rows = [
        {
            "full_name": "Айгүл Токтогулова",
            "email": "aigul@example.org",
            "date_of_birth": "2001-03-04",
            "region": "talas",
            "programme": programme.title,
            "year": "2018",
            "language": "ru",
        },
        {
            "full_name": "Known Person",
            "email": "KNOWN@example.org",
            "date_of_birth": "",
            "region": "",
            "programme": programme.slug,
            "year": 2019,
            "language": "",
        },
    ]
    bad = [*rows, {**rows[0], "email": "nope", "year": "1990", "programme": "Chess club", "region": "Mars"}]
    result = services.alumni_import(by=admin, rows=bad, dry_run=False)
    assert not result.saved
    assert len(result.rows[2].errors) == 4
    assert not AlumniRecord.objects.exists()
    result = services.alumni_import(by=admin, rows=rows, dry_run=False)
    assert result.saved
    new = AlumniProfile.objects.get(user__email="aigul@example.org")
    assert (new.region, new.date_of_birth, new.user.preferred_language) == (
        "talas",
        dt.date(2001, 3, 4),
        "ru",
    )
    assert not new.user.has_usable_password()
    assert AlumniRecord.objects.get(user=known).year == 2019
    assert known.has_role(roles.ALUMNUS)


def test_an_import_row_with_control_characters_is_an_error_naming_its_columns():
    from tests.factories import UserFactory

    admin = UserFactory(roles=[roles.SITE_ADMIN])
    programme = programme_page()
    row = {
        "full_name": "Айгүл\x00 Токтогулова",
        "email": "aigul@example.org",
        "date_of_birth": "2001-03-04",
        "region": "talas\x1b",
        "programme": programme.title,
        "year": "2018",
        "language": "ru",
    }
    result = services.alumni_import(by=admin, rows=[row], dry_run=False)
    assert not result.saved
    assert any("full_name, region" in error for error in result.rows[0].errors)
    assert not AlumniRecord.objects.exists()


def test_only_admins_import():
    with pytest.raises(NotAllowed):
        services.alumni_import(by=StudentFactory(), rows=[], dry_run=True)


def test_birth_date_for_age_helper_gives_the_age():
    today = timezone.localdate()
    user = graduate(age=20)
    assert user.alumni_profile.age(today) == 20
    assert birth_date_for_age(20, today) == user.alumni_profile.date_of_birth
