"""Pupils without e-mail: accounts from names or lists, login cards, the forced password change, resets."""

import io

import pytest
from django.urls import reverse
from django.utils import translation

from accounts import roles
from accounts.models import User
from core.errors import Invalid, NotAllowed
from courses.classrooms import cards, services
from courses.classrooms.middleware import SESSION_FLAG
from courses.classrooms.models import ClassroomProfile, Membership
from tests.factories import PASSWORD, StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db


def test_typed_names_become_pupils_with_one_time_passwords(classroom, teacher):
    result = services.roster_rows_from_text("Айбек Осмонов\n\n  Нурайым Сыдыкова  \n")
    result = services.pupils_create(classroom=classroom, by=teacher, result=result)
    assert result.saved
    assert [r.username for r in result.rows] == ["aybek.osmonov", "nurayym.sydykova"]
    user = User.objects.get(username="aybek.osmonov")
    assert (user.first_name, user.last_name, user.email, user.preferred_language) == (
        "Айбек",
        "Осмонов",
        "",
        "ky",
    )
    assert user.check_password(result.rows[0].password) and user.has_role(roles.STUDENT)
    profile = ClassroomProfile.objects.get(user=user)
    assert profile.must_change_password and profile.account_created_by == teacher
    # Stored as Django's hash only: no column of the account or its profile holds the password in clear.
    stored = [*User.objects.filter(pk=user.pk).values().get().values()]
    stored += [*ClassroomProfile.objects.filter(user=user).values().get().values()]
    assert not any(result.rows[0].password in str(value) for value in stored)
    assert Membership.objects.get(student=user).via == Membership.Via.ROSTER


def test_a_taken_username_gets_a_number(classroom, teacher):
    StudentFactory(username="aybek.osmonov")
    result = services.pupils_create(
        classroom=classroom, by=teacher, result=services.roster_rows_from_text("Айбек Осмонов\nАйбек Осмонов")
    )
    assert [r.username for r in result.rows] == ["aybek.osmonov2", "aybek.osmonov3"]


def test_a_list_with_broken_rows_is_listed_and_nothing_is_saved(classroom, teacher):
    StudentFactory(username="taken")
    content = (
        "first_name,last_name,username,email\n"
        "Айбек,Осмонов,,\n"
        ",Сыдыкова,,\n"
        "Бакыт,Жумаев,taken,\n"
        "Жаныл,Токтосунова,,not-an-address\n"
    ).encode()
    result = services.roster_rows_from_file(content=content, filename="class.csv")
    result = services.pupils_create(classroom=classroom, by=teacher, result=result)
    assert not result.saved
    assert [(r.number, len(r.errors)) for r in result.bad_rows] == [(3, 1), (4, 1), (5, 1)]
    assert "taken" in result.bad_rows[1].errors[0]
    assert not User.objects.filter(username="aybek.osmonov").exists()
    assert not Membership.objects.exists()


def test_a_list_with_invisible_control_characters_is_refused(classroom, teacher):
    content = "first_name,last_name\nАйбек,Осмонов\nНурай\x1bым,Сыдыкова\n".encode()
    with translation.override("en"):
        result = services.pupils_create(
            classroom=classroom,
            by=teacher,
            result=services.roster_rows_from_file(content=content, filename="class.csv"),
        )
    assert not result.saved and [r.number for r in result.bad_rows] == [3]
    assert result.bad_rows[0].errors == [
        "These columns contain invisible control characters that cannot be saved: first name."
    ]
    assert not User.objects.filter(username="aybek.osmonov").exists()


def test_a_dry_run_saves_nothing(classroom, teacher):
    result = services.pupils_create(
        classroom=classroom, by=teacher, result=services.roster_rows_from_text("Айбек Осмонов"), dry_run=True
    )
    assert result.valid and not result.saved and result.rows[0].username == "aybek.osmonov"
    assert not User.objects.filter(username="aybek.osmonov").exists()


def test_a_oneroster_users_file_adds_its_pupils_only(classroom, teacher):
    content = (
        "sourcedId,status,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,"
        "identifier,email,sms,phone,agentSourcedIds,grades,password\n"
        "u1,active,true,o1,student,asel.k,,Асель,Кадырова,,,asel@example.org,,,,09,\n"
        "u2,active,true,o1,teacher,t.teacher,,Марат,Иманов,,,,,,,,\n"
    ).encode()
    result = services.pupils_create(
        classroom=classroom,
        by=teacher,
        result=services.roster_rows_from_file(content=content, filename="users.csv"),
    )
    assert result.saved and result.skipped == 1
    assert User.objects.get(username="asel.k").email == "asel@example.org"
    assert not User.objects.filter(username="t.teacher").exists()


def test_an_xlsx_list_is_read(classroom, teacher):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Аты", "Фамилиясы"])
    book.active.append(["Эрмек", "Бекболотов"])
    out = io.BytesIO()
    book.save(out)
    result = services.pupils_create(
        classroom=classroom,
        by=teacher,
        result=services.roster_rows_from_file(content=out.getvalue(), filename="list.xlsx"),
    )
    assert result.saved and result.rows[0].username == "ermek.bekbolotov"


def test_a_file_without_name_columns_is_refused(classroom):
    with pytest.raises(Invalid) as exc:
        services.roster_rows_from_file(content=b"a,b\n1,2\n", filename="x.csv")
    assert "file" in exc.value.fields


def test_the_pupil_must_choose_a_password_at_first_log_in(client, classroom, teacher):
    result = services.pupils_create(
        classroom=classroom, by=teacher, result=services.roster_rows_from_text("Айбек Осмонов")
    )
    row = result.rows[0]
    response = client.post(reverse("accounts:login"), {"username": row.username, "password": row.password})
    assert response.status_code == 302
    assert client.session[SESSION_FLAG] is True
    page = client.get(reverse("classrooms:my_assignments"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("classrooms:password_set"))
    bad = client.post(
        reverse("classrooms:password_set"), {"password": "a-Strong-pass-42", "password_again": "other"}
    )
    assert bad.status_code == 200 and bad.context["form"].errors
    done = client.post(
        reverse("classrooms:password_set"),
        {"password": "a-Strong-pass-42", "password_again": "a-Strong-pass-42"},
    )
    assert done.status_code == 302
    user = User.objects.get(username=row.username)
    assert user.check_password("a-Strong-pass-42")
    assert ClassroomProfile.objects.filter(user=user, must_change_password=False).exists()
    assert client.get(reverse("classrooms:my_assignments")).status_code == 200  # still logged in, free to go


def test_a_teacher_resets_a_roster_pupils_password(classroom, teacher):
    result = services.pupils_create(
        classroom=classroom, by=teacher, result=services.roster_rows_from_text("Айбек Осмонов")
    )
    user = User.objects.get(username=result.rows[0].username)
    services.pupil_password_set(user=user, password="a-Strong-pass-42", password_again="a-Strong-pass-42")
    new = services.pupil_password_reset(classroom=classroom, by=teacher, student_id=user.pk)
    user.refresh_from_db()
    assert user.check_password(new) and not user.check_password("a-Strong-pass-42")
    assert ClassroomProfile.objects.get(user=user).must_change_password


def test_a_pupil_with_their_own_account_is_not_reset_by_the_teacher(classroom, teacher, pupils):
    with pytest.raises(NotAllowed):
        services.pupil_password_reset(classroom=classroom, by=teacher, student_id=pupils[0].pk)
    pupils[0].refresh_from_db()
    assert pupils[0].check_password(PASSWORD)


def test_another_teacher_cannot_create_accounts_in_the_class(classroom):
    with pytest.raises(NotAllowed):
        services.pupils_create(
            classroom=classroom, by=TeacherFactory(), result=services.roster_rows_from_text("Айбек Осмонов")
        )
    assert not User.objects.filter(username="aybek.osmonov").exists()


@pytest.fixture
def printed(monkeypatch):
    """The (pupil, one-time password) pairs each login-card PDF was made of, in order."""
    calls = []
    real = cards.login_cards_pdf

    def spy(*, classroom, cards):
        calls.append(list(cards))
        return real(classroom=classroom, cards=cards)

    monkeypatch.setattr(cards, "login_cards_pdf", spy)
    return calls


def _is_cards_pdf(response) -> bool:
    return (
        response.status_code == 200
        and response["Content-Type"] == "application/pdf"
        and response["Cache-Control"] == "no-store"
        and response.content.startswith(b"%PDF")
    )


def test_creating_accounts_answers_with_their_login_cards(client, classroom, teacher, printed):
    client.force_login(teacher)
    url = reverse("classrooms:roster", args=[classroom.pk])
    client.post(url, {"names": "Нурайым Сыдыкова\nАйбек Осмонов"})
    response = client.post(url, {"confirm": "1"})
    assert _is_cards_pdf(response)
    [pairs] = printed
    assert [pupil.username for pupil, _password in pairs] == ["aybek.osmonov", "nurayym.sydykova"]
    for pupil, password in pairs:
        assert User.objects.get(pk=pupil.pk).check_password(password)


def test_a_card_printed_again_carries_a_new_one_time_password(client, classroom, teacher, pupils, printed):
    result = services.pupils_create(
        classroom=classroom, by=teacher, result=services.roster_rows_from_text("Айбек Осмонов")
    )
    first = result.rows[0].password
    client.force_login(teacher)
    url = reverse("classrooms:cards", args=[classroom.pk])
    assert client.get(url).status_code == 405  # printing changes passwords: never a link a crawler follows
    response = client.post(url)
    assert _is_cards_pdf(response)
    # Only the roster pupil who has not logged in yet: pupils with their own accounts get no card.
    [[(pupil, second)]] = printed
    user = User.objects.get(pk=pupil.pk)
    assert user.username == "aybek.osmonov" and second != first
    assert user.check_password(second) and not user.check_password(first)


def test_no_card_for_pupils_who_chose_their_own_password(client, classroom, teacher, pupils, printed):
    result = services.pupils_create(
        classroom=classroom, by=teacher, result=services.roster_rows_from_text("Айбек Осмонов")
    )
    user = User.objects.get(username=result.rows[0].username)
    services.pupil_password_set(user=user, password="a-Strong-pass-42", password_again="a-Strong-pass-42")
    client.force_login(teacher)
    url = reverse("classrooms:cards", args=[classroom.pk])
    response = client.post(url, {"student": [str(user.pk), str(pupils[0].pk)]})
    assert response.status_code == 302 and printed == []
    user.refresh_from_db()
    assert user.check_password("a-Strong-pass-42")
    assert client.post(url, {"student": "9" * 30}).status_code == 302 and printed == []


def test_a_reset_answers_with_the_pupils_new_login_card(client, classroom, teacher, printed):
    result = services.pupils_create(
        classroom=classroom, by=teacher, result=services.roster_rows_from_text("Айбек Осмонов")
    )
    user = User.objects.get(username=result.rows[0].username)
    client.force_login(teacher)
    response = client.post(reverse("classrooms:student", args=[classroom.pk, user.pk]))
    assert _is_cards_pdf(response)
    [[(pupil, password)]] = printed
    assert pupil.pk == user.pk and password != result.rows[0].password
    user.refresh_from_db()
    assert user.check_password(password)


# ---- login cards, resets and the pupil's own password: who, which pupils, in what order, in words --------------


def _roster(classroom, teacher, names):
    result = services.pupils_create(
        classroom=classroom, by=teacher, result=services.roster_rows_from_text(names)
    )
    return [User.objects.get(username=row.username) for row in result.rows]


def _refused(error, call, **kwargs):
    with translation.override("en"), pytest.raises(error) as exc:
        call(**kwargs)
    return exc.value.message, exc.value.code, getattr(exc.value, "fields", None)


def test_login_cards_and_resets_are_only_for_the_classes_teachers(classroom, teacher):
    [pupil] = _roster(classroom, teacher, "Айбек Осмонов")
    stranger = TeacherFactory()
    message = ("This is not one of your classes.", "permission_denied", None)
    assert _refused(NotAllowed, services.login_cards_issue, classroom=classroom, by=stranger) == message
    assert (
        _refused(
            NotAllowed, services.pupil_password_reset, classroom=classroom, by=stranger, student_id=pupil.pk
        )
        == message
    )


def test_an_archived_class_prints_no_login_cards(classroom, teacher):
    from core.errors import Conflict

    _roster(classroom, teacher, "Айбек Осмонов")
    services.classroom_archive(classroom=classroom, by=teacher)
    assert _refused(Conflict, services.login_cards_issue, classroom=classroom, by=teacher) == (
        "This class is archived: it can be read but not changed.",
        "archived",
        None,
    )


def test_login_cards_go_to_this_classes_active_roster_pupils_by_last_and_first_name(classroom, teacher):
    bakyt, aibek, azamat, waiting = _roster(
        classroom, teacher, "Бакыт Асанов\nАйбек Осмонов\nАзамат Асанов\nНурбек Бекназаров"
    )
    Membership.objects.filter(classroom=classroom, student=waiting).update(status="pending")
    elsewhere = services.classroom_create(by=teacher, name="9-Б")
    _roster(elsewhere, teacher, "Асел Абдиева")
    own = StudentFactory(last_name="Абаев")  # their own account, even if asked to change the password
    services.student_add(classroom=classroom, by=teacher, username=own.username)
    ClassroomProfile.objects.update_or_create(user=own, defaults={"must_change_password": True})
    issued = services.login_cards_issue(classroom=classroom, by=teacher)
    assert [pupil for pupil, _password in issued] == [azamat, bakyt, aibek]
    for pupil, password in issued:
        pupil.refresh_from_db()
        assert pupil.check_password(password)


def test_when_nobody_chosen_waits_for_a_card_the_teacher_is_told(classroom, teacher):
    from core.errors import NotFound

    [pupil] = _roster(classroom, teacher, "Айбек Осмонов")
    services.pupil_password_set(user=pupil, password="a-Strong-pass-42", password_again="a-Strong-pass-42")
    assert _refused(NotFound, services.login_cards_issue, classroom=classroom, by=teacher) == (
        "No pupil of this class is waiting for a login card: every chosen pupil has set a password.",
        "not_found",
        None,
    )


def test_a_reset_reaches_only_a_pupil_of_this_class(classroom, teacher, pupils):
    from core.errors import NotFound

    other_teacher = TeacherFactory()
    other = services.classroom_create(by=other_teacher, name="10-А")
    [outsider] = _roster(other, other_teacher, "Асел Абдиева")
    before = User.objects.get(pk=outsider.pk).password
    assert _refused(
        NotFound, services.pupil_password_reset, classroom=classroom, by=teacher, student_id=outsider.pk
    ) == ("This pupil is not in the class.", "not_found", None)
    assert User.objects.get(pk=outsider.pk).password == before


def test_a_pupil_with_their_own_account_is_told_to_reset_by_email(classroom, teacher, pupils):
    assert _refused(
        NotAllowed, services.pupil_password_reset, classroom=classroom, by=teacher, student_id=pupils[0].pk
    ) == (
        "This pupil made their own account: they can reset the password by e-mail.",
        "permission_denied",
        None,
    )


def test_a_pupils_own_password_must_be_typed_twice_alike_and_be_a_good_one(classroom, teacher):
    [pupil] = _roster(classroom, teacher, "Айбек Осмонов")
    assert _refused(
        Invalid, services.pupil_password_set, user=pupil, password="a-Strong-pass-42", password_again="other"
    ) == ("", "invalid", {"password_again": ["The two passwords differ."]})
    assert _refused(
        Invalid, services.pupil_password_set, user=pupil, password="12345678", password_again="12345678"
    ) == ("", "invalid", {"password": ["This password is too common.", "This password is entirely numeric."]})
    assert _refused(
        Invalid,
        services.pupil_password_set,
        user=pupil,
        password="aybek.osmonov",
        password_again="aybek.osmonov",
    ) == ("", "invalid", {"password": ["The password is too similar to the username."]})
    assert ClassroomProfile.objects.get(user=pupil).must_change_password


def test_a_pupils_own_password_is_written_alone(classroom, teacher):
    [pupil] = _roster(classroom, teacher, "Айбек Осмонов")
    User.objects.filter(pk=pupil.pk).update(first_name="Айбек-Али")
    services.pupil_password_set(user=pupil, password="a-Strong-pass-42", password_again="a-Strong-pass-42")
    fresh = User.objects.get(pk=pupil.pk)
    assert fresh.check_password("a-Strong-pass-42") and fresh.first_name == "Айбек-Али"


def test_a_username_taken_while_the_list_was_checked_creates_nobody(classroom, teacher, monkeypatch):
    from core.errors import Conflict
    from courses.classrooms.services import roster

    real = roster._check

    def taken_meanwhile(result):  # another teacher's list takes the first username right after the check
        real(result)
        StudentFactory(username=result.rows[0].username)

    monkeypatch.setattr(roster, "_check", taken_meanwhile)
    rows = services.roster_rows_from_text("Айбек Осмонов\nНурайым Сыдыкова")
    assert _refused(Conflict, services.pupils_create, classroom=classroom, by=teacher, result=rows) == (
        "Some of these usernames were taken meanwhile. Check the list again.",
        "conflict",
        None,
    )
    assert not User.objects.filter(username="nurayym.sydykova").exists()
    assert not Membership.objects.filter(classroom=classroom).exists()
