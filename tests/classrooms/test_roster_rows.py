"""A roster list, row by row: each reason a row is refused (in the teacher's words, here English), each reason a
whole file is refused, and how names, usernames and columns are read. Checked with a dry run: nothing saved."""

import pytest
from django.utils import translation

from core.errors import Invalid
from courses.classrooms import services
from courses.classrooms.services.roster import MAX_ROWS, NAME_MAX
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _checked(classroom, teacher, csv_text):
    result = services.roster_rows_from_file(content=csv_text.encode(), filename="class.csv")
    return services.pupils_create(classroom=classroom, by=teacher, result=result, dry_run=True)


@pytest.mark.parametrize(
    "row, errors",
    [
        (",Осмонов,,", ["The first name is missing."]),
        ("Айбек,,,", ["The last name is missing."]),
        ("Айбек," + "ж" * (NAME_MAX + 1) + ",,", ["The name is too long."]),
        ("ж" * (NAME_MAX + 1) + ",Осмонов,,", ["The name is too long."]),
        ("Айбек,Осмонов,ab,", ["The username may have letters, digits and . @ + - _ only (3 to 150)."]),
        ("Айбек,Осмонов,taken.one,", ["The username taken.one is taken."]),
        ("Айбек,Осмонов,Taken.One,", ["The username Taken.One is taken."]),
        ("Айбек,Осмонов,,not-an-address", ["The e-mail address is not valid."]),
        (
            "Айбек,Осмо\x1bнов,ai\x07bek,a@b.kg\x00",
            [
                "These columns contain invisible control characters that cannot be saved: last name, username, e-mail."
            ],
        ),
    ],
    ids=[
        "no-first-name",
        "no-last-name",
        "long-last-name",
        "long-first-name",
        "short-username",
        "taken-username",
        "taken-username-other-case",
        "bad-email",
        "control-characters",
    ],
)
def test_each_reason_a_row_is_refused(classroom, teacher, row, errors):
    StudentFactory(username="taken.one")
    result = _checked(classroom, teacher, f"first_name,last_name,username,email\n{row}\n")
    assert [(r.number, r.errors) for r in result.bad_rows] == [(2, errors)]


def test_names_at_the_limit_are_kept(classroom, teacher):
    name = "ж" * NAME_MAX
    result = _checked(classroom, teacher, f"first_name,last_name\n{name},{name}\n")
    assert result.valid


def test_a_username_given_twice_is_refused_in_both_rows_whatever_its_case(classroom, teacher):
    result = _checked(
        classroom,
        teacher,
        "first_name,last_name,username\nАйбек,Осмонов,aibek\nАйбек,Асанов,AIBEK\nЭрмек,Бекболотов,\n",
    )
    assert [(r.number, r.errors) for r in result.bad_rows] == [
        (2, ["The username aibek is in the list twice."]),
        (3, ["The username AIBEK is in the list twice."]),
    ]


def test_an_empty_list_is_refused(classroom, teacher):
    with pytest.raises(Invalid) as exc:
        services.pupils_create(
            classroom=classroom, by=teacher, result=services.roster_rows_from_text("\n  \n")
        )
    assert exc.value.fields == {"names": ["There are no pupils in the list."]}


def test_made_up_usernames_avoid_existing_ones_that_only_differ_in_case(classroom, teacher):
    StudentFactory(username="Aybek.Osmonov")
    result = _checked(classroom, teacher, "first_name,last_name\nАйбек,Осмонов\n")
    assert result.rows[0].username == "aybek.osmonov2"


def test_a_given_username_is_not_made_up_for_another_row(classroom, teacher):
    result = _checked(
        classroom, teacher, "first_name,last_name,username\nАйбек,Осмонов,aybek.osmonov\nАйбек,Осмонов,\n"
    )
    assert [r.username for r in result.rows] == ["aybek.osmonov", "aybek.osmonov2"]


def test_a_long_name_makes_a_username_of_thirty_letters(classroom, teacher):
    result = _checked(classroom, teacher, "first_name,last_name\nАлександр,Константинопольскийуулу\n")
    assert result.rows[0].username == "aleksandr.konstantinopolskiyuu"


@pytest.mark.parametrize(
    "content, filename, message",
    [
        (b"first_name,last_name\n", "class.pdf", "Upload a .csv or .xlsx file."),
        (b"\xff\xfe\x00broken", "class.csv", "The file could not be read as CSV or XLSX."),
        (b"not a workbook", "class.xlsx", "The file could not be read as CSV or XLSX."),
        (b",,\n ,\n", "class.csv", "The file is empty."),
        (
            b"a,b\n1,2\n",
            "class.csv",
            "The first row must name the columns: first_name and last_name (or name).",
        ),
        (
            b"first_name,username\nA,a\n",
            "class.csv",
            "The first row must name the columns: first_name and last_name (or name).",
        ),
        (
            ("first_name,last_name\n" + "А,Б\n" * (MAX_ROWS + 1)).encode(),
            "class.csv",
            f"At most {MAX_ROWS} pupils at a time.",
        ),
    ],
    ids=[
        "not-a-list",
        "not-utf8",
        "broken-xlsx",
        "empty",
        "no-name-columns",
        "no-last-name-column",
        "too-many",
    ],
)
def test_each_reason_a_file_is_refused(content, filename, message):
    with pytest.raises(Invalid) as exc:
        services.roster_rows_from_file(content=content, filename=filename)
    assert exc.value.fields == {"file": [message]}


def test_a_file_of_exactly_the_most_rows_is_read():
    content = ("first_name,last_name\n" + "А,Б\n" * MAX_ROWS).encode()
    assert len(services.roster_rows_from_file(content=content, filename="CLASS.TXT").rows) == MAX_ROWS


def test_too_many_typed_names_are_refused():
    with pytest.raises(Invalid) as exc:
        services.roster_rows_from_text("Айбек Осмонов\n" * (MAX_ROWS + 1))
    assert exc.value.fields == {"names": [f"At most {MAX_ROWS} pupils at a time."]}
    assert len(services.roster_rows_from_text("Айбек Осмонов\n" * MAX_ROWS).rows) == MAX_ROWS


def test_typed_names_are_split_as_people_paste_them():
    result = services.roster_rows_from_text(
        "Айбек Осмонов уулу\nНурайым; Сыдыкова\n\tЭрмек,\tБекболотов,\nАсель\n"
    )
    assert [(r.number, r.first_name, r.last_name) for r in result.rows] == [
        (1, "Айбек", "Осмонов уулу"),
        (2, "Нурайым", "Сыдыкова"),
        (3, "Эрмек", "Бекболотов"),
        (4, "Асель", ""),
    ]


def test_columns_are_found_by_any_of_their_names_in_any_order_and_short_rows_read_as_empty():
    content = "Почта;Логин;ФИО\nasel@example.org;asel.k;Асель Кадырова\n;;Марат Иманов\n".encode()
    result = services.roster_rows_from_file(content=content, filename="class.csv")
    assert [(r.number, r.first_name, r.last_name, r.username, r.email) for r in result.rows] == [
        (2, "Асель", "Кадырова", "asel.k", "asel@example.org"),
        (3, "Марат", "Иманов", "", ""),
    ]


def test_pupils_of_a_oneroster_file_are_kept_whatever_the_case_of_their_role():
    content = b"role,givenName,familyName\nStudent,A,B\npupil,C,D\nParent,E,F\n,G,H\n"
    result = services.roster_rows_from_file(content=content, filename="users.csv")
    assert ([r.first_name for r in result.rows], result.skipped) == (["A", "C", "G"], 1)


def test_names_become_latin_usernames_without_other_signs(classroom, teacher):
    result = _checked(classroom, teacher, "first_name,last_name\nАзиз-Бек,О'Коннор\nЪ,Ь\n")
    assert [r.username for r in result.rows] == ["azizbek.okonnor", "pupil"]


def test_a_name_in_one_column_is_split_into_first_and_last(classroom, teacher):
    result = _checked(classroom, teacher, "name,username\nАсель Кадырова кызы,\n,asel.k\n")
    assert [(r.first_name, r.last_name, r.errors) for r in result.rows] == [
        ("Асель", "Кадырова кызы", []),
        ("", "", ["The first name is missing.", "The last name is missing."]),
    ]


def test_only_the_classes_teachers_add_pupils_from_a_list(classroom):
    from core.errors import NotAllowed
    from tests.factories import TeacherFactory

    with pytest.raises(NotAllowed) as exc:
        services.pupils_create(
            classroom=classroom, by=TeacherFactory(), result=services.roster_rows_from_text("Айбек Осмонов")
        )
    assert exc.value.message == "This is not one of your classes."


def test_an_archived_class_takes_no_list(classroom, teacher):
    from core.errors import Conflict

    services.classroom_archive(classroom=classroom, by=teacher)
    with pytest.raises(Conflict) as exc:
        services.pupils_create(
            classroom=classroom, by=teacher, result=services.roster_rows_from_text("Айбек Осмонов")
        )
    assert (exc.value.message, exc.value.code) == (
        "This class is archived: it can be read but not changed.",
        "archived",
    )


def test_pupils_of_a_list_read_the_classes_language_and_get_a_full_length_calendar_secret(teacher):
    from courses.classrooms.models import ClassroomProfile
    from courses.classrooms.services.roster import PASSWORD_ALPHABET, PASSWORD_LENGTH

    russian_class = services.classroom_create(by=teacher, name="9-Б", language="ru")
    result = services.pupils_create(
        classroom=russian_class, by=teacher, result=services.roster_rows_from_text("Айбек Осмонов")
    )
    profile = ClassroomProfile.objects.select_related("user").get(user__username="aybek.osmonov")
    assert profile.user.preferred_language == "ru"
    assert len(profile.calendar_token) == 43  # 32 random bytes
    password = result.rows[0].password
    assert len(password) == PASSWORD_LENGTH and set(password) <= set(PASSWORD_ALPHABET)


def test_a_new_calendar_secret_is_as_long_as_the_first(pupils):
    first = services.profile_for(pupils[0]).calendar_token
    second = services.calendar_token_reset(user=pupils[0]).calendar_token
    assert second != first and len(second) == len(first) == 43


def test_an_empty_file_is_refused_as_empty():
    with pytest.raises(Invalid) as exc:
        services.roster_rows_from_file(content=b"", filename="class.csv")
    assert exc.value.fields == {"file": ["The file is empty."]}


def test_a_list_with_its_header_only_has_no_rows():
    result = services.roster_rows_from_file(content=b"first_name,last_name\n", filename="class.csv")
    assert (result.rows, result.skipped) == ([], 0)


def test_a_row_shorter_than_the_header_reads_its_missing_cells_as_empty():
    result = services.roster_rows_from_file(
        content="ФИО,Логин,Почта\nМарат Иманов\n".encode(), filename="c.csv"
    )
    assert [(r.first_name, r.last_name, r.username, r.email) for r in result.rows] == [
        ("Марат", "Иманов", "", "")
    ]


def test_every_row_of_another_role_is_counted_as_skipped():
    content = b"role,givenName,familyName\nteacher,A,B\nparent,C,D\nstudent,E,F\n"
    result = services.roster_rows_from_file(content=content, filename="users.csv")
    assert ([r.first_name for r in result.rows], result.skipped) == (["E"], 2)


def test_an_empty_cell_of_a_workbook_is_read_as_empty():
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["first_name", "last_name", "username"])
    book.active.append(["Эрмек", "Бекболотов", None])
    out = io.BytesIO()
    book.save(out)
    result = services.roster_rows_from_file(content=out.getvalue(), filename="list.XLSX")
    assert [(r.first_name, r.last_name, r.username) for r in result.rows] == [("Эрмек", "Бекболотов", "")]


def test_no_text_is_no_pupils():
    assert services.roster_rows_from_text(None).rows == []


def test_pasted_lines_keep_latin_names_tabs_inside_and_further_commas():
    result = services.roster_rows_from_text("Xenia Felix\nАсель\tГүл, Кадырова\nНурайым, Сыдыкова, 9-А\n")
    assert [(r.first_name, r.last_name) for r in result.rows] == [
        ("Xenia", "Felix"),
        ("Асель Гүл", "Кадырова"),
        ("Нурайым", "Сыдыкова, 9-А"),
    ]


def test_every_row_is_checked_after_one_with_control_characters(classroom, teacher):
    result = _checked(classroom, teacher, "first_name,last_name\nАй\x07бек,Осмонов\nНурайым,\n")
    assert [(r.number, len(r.errors)) for r in result.bad_rows] == [(2, 1), (3, 1)]


def test_a_long_name_already_taken_gets_a_number(classroom, teacher):
    StudentFactory(username="aleksandr.konstantinopolskiyuu")
    result = _checked(classroom, teacher, "first_name,last_name\nАлександр,Константинопольскийуулу\n")
    assert result.rows[0].username == "aleksandr.konstantinopolskiyuu2"
