"""Importing past alumni, row by row: each reason a row is refused (in the administrator's words, here
English) with its number in the file, each value as it is saved, and the accounts made for new people."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from accounts import roles
from accounts.models import User
from alumni import services
from alumni.models import AlumniProfile, AlumniRecord
from core.errors import NotAllowed
from tests.factories import StudentFactory, UserFactory, programme_page

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def admin(db):
    return UserFactory(roles=[roles.SITE_ADMIN])


@pytest.fixture
def programme(db):
    return programme_page()


def _row(page, **values):
    return {
        "full_name": "Айгүл Токтогулова",
        "email": "aigul@example.org",
        "date_of_birth": "2001-03-04",
        "region": "talas",
        "programme": page.title,
        "year": "2018",
        "language": "ru",
        **values,
    }


@pytest.mark.parametrize(
    "values, errors",
    [
        ({"full_name": "  "}, ["The name is missing."]),
        ({"full_name": None}, ["The name is missing."]),
        ({"email": "aigul@example"}, ["The email address is not valid."]),
        ({"email": None}, ["The email address is not valid."]),
        ({"date_of_birth": "4 March"}, ["The date of birth is not a date (use YYYY-MM-DD or DD.MM.YYYY)."]),
        ({"region": "Mars"}, ["Unknown region: Mars."]),
        ({"programme": " Chess club "}, ["Unknown programme: Chess club."]),
        ({"year": "2009"}, [f"The year must be between 2010 and {THIS_YEAR}."]),
        ({"year": str(THIS_YEAR + 1)}, [f"The year must be between 2010 and {THIS_YEAR}."]),
        ({"year": "last year"}, [f"The year must be between 2010 and {THIS_YEAR}."]),
        (
            {"full_name": "Айгүл\x00", "email": "a\x1b@example.org"},
            ["These columns contain invisible control characters that cannot be saved: full_name, email."],
        ),
    ],
    ids=[
        "blank-name",
        "no-name",
        "bad-email",
        "no-email",
        "not-a-date",
        "unknown-region",
        "unknown-programme",
        "year-too-early",
        "year-to-come",
        "year-not-a-number",
        "control-characters",
    ],
)
def test_each_reason_a_row_is_refused(admin, programme, values, errors):
    rows = [_row(programme, email="first@example.org"), _row(programme, **values)]
    result = services.alumni_import(by=admin, rows=rows, dry_run=False)
    assert [(row.number, row.errors) for row in result.rows if row.errors] == [(3, errors)]
    assert not result.saved and not AlumniRecord.objects.exists()


def test_the_same_person_twice_in_a_programme_year_is_refused_in_the_second_row(admin, programme):
    rows = [
        _row(programme),
        _row(programme, email="AIGUL@example.org", programme=programme.slug),
        _row(programme, year="2019"),
    ]
    result = services.alumni_import(by=admin, rows=rows, dry_run=True)
    assert [(row.number, row.errors) for row in result.rows if row.errors] == [
        (3, ["This person appears twice in the file."])
    ]


def test_the_same_person_in_two_programmes_of_one_year_is_no_repeat(admin, programme):
    second = programme_page(title="Медиа мектеби", slug="media-school")
    rows = [_row(programme), _row(programme, programme=second.slug)]
    assert services.alumni_import(by=admin, rows=rows, dry_run=True).valid


def test_the_language_is_read_whatever_its_case(admin, programme):
    assert services.alumni_import(by=admin, rows=[_row(programme, language=" EN ")], dry_run=False).saved
    assert User.objects.get(email="aigul@example.org").preferred_language == "en"


def test_years_at_the_limits_and_a_spreadsheets_number_are_read(admin, programme):
    rows = [
        _row(programme, email="a@example.org", year="2010"),
        _row(programme, email="b@example.org", year=THIS_YEAR),
        _row(programme, email="c@example.org", year=2015.0),
    ]
    assert services.alumni_import(by=admin, rows=rows, dry_run=False).saved
    assert sorted(AlumniRecord.objects.values_list("year", flat=True)) == [2010, 2015, THIS_YEAR]


def test_a_new_person_is_saved_as_the_row_says(admin, programme):
    row = _row(
        programme,
        full_name="Айгүл Токтогулова кызы",
        email=" Aigul.T@Example.org ",
        date_of_birth=dt.date(2001, 3, 4),
        region="Talas",
        language="RU",
    )
    assert services.alumni_import(by=admin, rows=[row], dry_run=False).saved
    user = User.objects.get(email="aigul.t@example.org")
    assert (user.username, user.first_name, user.last_name, user.preferred_language) == (
        "aigul.t",
        "Айгүл",
        "Токтогулова кызы",
        "ru",
    )
    assert not user.has_usable_password()
    profile = AlumniProfile.objects.get(user=user)
    assert (profile.region, profile.date_of_birth) == ("talas", dt.date(2001, 3, 4))
    record = AlumniRecord.objects.get(user=user)
    assert (record.programme_id, record.year, record.source) == (
        programme.pk,
        2018,
        AlumniRecord.Source.IMPORT,
    )


def test_empty_optional_values_are_saved_empty_and_an_unknown_language_is_kyrgyz(admin, programme):
    row = _row(programme, date_of_birth=None, region=None, language="fr")
    assert services.alumni_import(by=admin, rows=[row], dry_run=False).saved
    profile = AlumniProfile.objects.get(user__email="aigul@example.org")
    assert (profile.region, profile.date_of_birth, profile.user.preferred_language) == ("", None, "ky")


def test_a_taken_username_gets_the_next_number(admin, programme):
    StudentFactory(username="aigul", email="first@example.org")
    assert services.alumni_import(by=admin, rows=[_row(programme)], dry_run=False).saved
    assert User.objects.get(email="aigul@example.org").username == "aigul2"


def test_long_names_and_addresses_are_cut_to_what_an_account_holds(admin, programme):
    local = "a" * 120
    row = _row(programme, full_name="Ж" * 160 + " " + "Т" * 160, email=f"{local}@example.org")
    assert services.alumni_import(by=admin, rows=[row], dry_run=False).saved
    user = User.objects.get(email=f"{local}@example.org")
    assert (user.username, user.first_name, user.last_name) == ("a" * 100, "Ж" * 150, "Т" * 150)
    # The name shown in the directory is cut too (PostgreSQL refuses a longer one; SQLite would keep it).
    assert AlumniProfile.objects.get(user=user).display_name == ("Ж" * 150 + " " + "Т" * 150)[:200]


def test_an_address_without_a_usable_name_makes_an_alumnus_username(admin, programme):
    assert services.alumni_import(
        by=admin, rows=[_row(programme, email="#!@example.org")], dry_run=False
    ).saved
    assert User.objects.get(email="#!@example.org").username == "alumnus"


def test_a_known_person_keeps_their_account_and_gets_one_record(admin, programme):
    StudentFactory(email="AIGUL@example.org", is_active=False)
    known = StudentFactory(email="aigul@example.org")
    rows = [_row(programme)]
    assert services.alumni_import(by=admin, rows=rows, dry_run=False).saved
    assert services.alumni_import(by=admin, rows=rows, dry_run=False).saved
    assert list(AlumniRecord.objects.values_list("user", flat=True)) == [known.pk]
    assert User.objects.filter(email__iexact="aigul@example.org").count() == 2


def test_a_dry_run_of_good_rows_saves_nothing(admin, programme):
    result = services.alumni_import(by=admin, rows=[_row(programme)], dry_run=True)
    assert result.valid and not result.saved
    assert not User.objects.filter(email="aigul@example.org").exists()


def test_only_alumni_administrators_import(programme):
    with pytest.raises(NotAllowed) as exc:
        services.alumni_import(by=StudentFactory(), rows=[_row(programme)], dry_run=True)
    assert exc.value.message == "Only alumni administrators can import alumni."


def test_a_person_already_recorded_for_a_translation_of_the_programme_gets_no_second_record(admin, programme):
    from wagtail.models import Locale

    russian = programme.copy_for_translation(
        Locale.objects.get_or_create(language_code="ru")[0], copy_parents=True
    )
    russian.title = "Лагерь демократии"
    russian.save_revision().publish()
    assert services.alumni_import(by=admin, rows=[_row(programme)], dry_run=False).saved
    assert services.alumni_import(
        by=admin, rows=[_row(programme, programme=russian.title)], dry_run=False
    ).saved
    assert services.alumni_import(by=admin, rows=[_row(programme, year="2019")], dry_run=False).saved
    other = StudentFactory(email="other@example.org")
    services.alumni_record_create(user=other, programme=russian, year=2018, source="admin")
    assert services.alumni_import(by=admin, rows=[_row(programme, email=other.email)], dry_run=False).saved
    second = programme_page(title="Медиа мектеби", slug="media-school")
    rows = [_row(programme, email="third@example.org"), _row(programme, programme=second.title)]
    assert services.alumni_import(by=admin, rows=rows, dry_run=False).saved
    records = AlumniRecord.objects.order_by("user__email", "year", "programme_id")
    assert [(r.user.email, r.programme_id, r.year) for r in records] == [
        ("aigul@example.org", programme.pk, 2018),
        ("aigul@example.org", second.pk, 2018),
        ("aigul@example.org", programme.pk, 2019),
        ("other@example.org", russian.pk, 2018),
        ("third@example.org", programme.pk, 2018),
    ]
