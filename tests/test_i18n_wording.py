"""Every text in its language: Civic's catalogue overrides the upstream Kyrgyz that is wrong or missing
(Django, Wagtail, DRF), true/false options are not confused with the verdict, Russian counts agree with their
numbers, Kyrgyz dates read as Kyrgyz writes them, and Kyrgyz editors get the Wagtail admin wholly in Russian."""

import ast
import datetime
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import formats, translation
from wagtail.models import PageViewRestriction

import core.upstream_messages
from tests.factories import UserFactory
from tests.factories.courses import QuizFactory, course_tree

ROOT = Path(__file__).resolve().parent.parent
SITE_PACKAGES = Path(polib.__file__).parent
UPSTREAM_KY = [
    SITE_PACKAGES / "django/conf/locale/ky/LC_MESSAGES/django.po",
    SITE_PACKAGES / "django/contrib/auth/locale/ky/LC_MESSAGES/django.po",
]


def _marked_msgids() -> list[tuple[str | None, str]]:
    """(context, msgid) of every string core/upstream_messages.py marks, read from its source."""
    tree = ast.parse(Path(core.upstream_messages.__file__).read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if node.func.id in ("gettext_noop", "ngettext_lazy"):
                found.append((None, args[0]))
            elif node.func.id == "pgettext_lazy":
                found.append((args[0], args[1]))
    return found


def _catalogue(path) -> dict:
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path)) if not e.obsolete}


def test_every_upstream_msgid_we_override_is_translated_in_kyrgyz_and_wins():
    marked = _marked_msgids()
    assert len(marked) >= 40
    ours = _catalogue(ROOT / "locale/ky/LC_MESSAGES/django.po")
    upstream = {}
    for path in UPSTREAM_KY:
        upstream.update(_catalogue(path))
    for context, msgid in marked:
        entry = ours.get((context, msgid))
        assert entry is not None, f"{msgid!r} is missing from locale/ky"
        assert entry.translated() and "fuzzy" not in entry.flags, msgid
        text = entry.msgstr or entry.msgstr_plural[0]
        before = upstream.get((context, msgid))
        if before is not None and before.translated():
            assert text != (before.msgstr or before.msgstr_plural[0]), f"{msgid!r} is no override"
        with translation.override("ky"):
            if context:
                shown = translation.pgettext(context, msgid)
            elif entry.msgid_plural:
                shown = translation.ngettext(msgid, entry.msgid_plural, 1)
            else:
                shown = translation.gettext(msgid)
        assert shown == text, f"Django still shows its own Kyrgyz for {msgid!r}"


@pytest.mark.django_db
def test_a_failed_log_in_reads_as_kyrgyz(client):
    response = client.post("/ky/accounts/login/", {"username": "nobody", "password": "wrong-password"})
    html = response.content.decode()
    assert "Колдонуучу аты же сырсөз туура эмес. Баш жана кичине тамгалар айырмаланат." in html
    assert "СезГичТүү" not in html


@pytest.mark.django_db
def test_the_sign_up_form_reads_as_kyrgyz(client):
    html = client.get("/ky/accounts/signup/").content.decode()
    assert "Милдеттүү. 150 белгиге чейин: тамгалар, цифралар жана @/./+/-/_ гана." in html
    assert "Сырсөздү кайталаңыз" in html
    assert "Сырсөзүңүз цифралардан гана турбашы керек." in html
    response = client.post(
        "/ky/accounts/signup/",
        {
            "username": "aigerim",
            "password1": "ala-too-2026-kg",
            "password2": "ala-too-2026-kz",
            "preferred_language": "ky",
        },
    )
    assert "Эки сырсөз дал келбейт." in response.content.decode()


@pytest.mark.django_db
def test_true_false_options_are_chyn_zhalgan_and_the_verdict_is_tuura(client, student):
    quiz = QuizFactory()
    _module, lessons = course_tree(lessons=1, quiz=quiz)
    lesson = lessons[0]
    client.force_login(student)
    form = client.get(lesson.get_url()).content.decode()
    assert ">Чын</label>" in form and ">Жалган</label>" in form
    response = client.post(
        reverse("courses:quiz_submit", args=[quiz.pk]),
        {"next": lesson.get_url(), "q-q1": "q1-a", "q-q3": "false", "confirm": "partial"},  # two of four
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "<strong>Туура</strong> — At what age" in html
    assert "<strong>Туура эмес</strong> — The CEC organises elections." in html
    assert "Туура жооп: Чын" in html  # the option, never "Туура жооп: Туура"


def test_russian_options_and_verdicts_are_apart():
    with translation.override("ru"):
        options = [translation.pgettext("answer option", m) for m in ("True", "False")]
        verdicts = [translation.pgettext("verdict", m) for m in ("Correct", "Wrong")]
    assert options == ["Правда", "Ложь"]
    assert verdicts == ["Правильно", "Неправильно"]


def test_russian_ages_and_places_agree_with_their_numbers():
    with translation.override("ru"):
        ages = [
            translation.ngettext("%(age)s year", "%(age)s years", n) % {"age": n} for n in (21, 22, 25, 11)
        ]
        places = translation.ngettext(
            "%(taken)s of %(total)s place taken", "%(taken)s of %(total)s places taken", 21
        ) % {"taken": 3, "total": 21}
    assert ages == ["21 год", "22 года", "25 лет", "11 лет"]
    assert places == "занято 3 из 21 места"


def test_kyrgyz_dates_read_as_kyrgyz_writes_them():
    day = datetime.date(2026, 7, 15)
    with translation.override("ky"):
        assert formats.date_format(day) == "15-июль, 2026-ж."
        assert (
            formats.date_format(datetime.datetime(2026, 7, 25, 18, 0), "DATETIME_FORMAT")
            == "25-июль, 2026-ж. 18:00"
        )
    with translation.override("ru"):
        assert formats.date_format(day) == "15 июля 2026 г."


@pytest.mark.django_db
def test_a_kyrgyz_reading_editor_gets_the_wagtail_admin_in_russian(client, site):
    editor = UserFactory(is_superuser=True, is_staff=True, preferred_language="ky")
    client.force_login(editor)
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ky").content.decode()
    assert '<html lang="ru"' in html
    assert "Панель управления" in html  # Wagtail's own Russian
    # Civic's own admin strings are Russian as well, not Kyrgyz: the footer snippets' listing.
    listing = client.get("/admin/snippets/cms/footertext/", HTTP_ACCEPT_LANGUAGE="ky").content.decode()
    assert "Тексты подвала" in listing or "тексты подвала" in listing
    assert "төмөнкү бөлүгүнүн" not in listing


@pytest.mark.django_db
def test_an_editor_who_reads_english_keeps_the_admin_in_english(client, site):
    editor = UserFactory(is_superuser=True, is_staff=True, preferred_language="en")
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert '<html lang="en"' in html and "Dashboard" in html


@pytest.mark.django_db
def test_the_admin_log_in_page_for_a_kyrgyz_browser_is_russian(client):
    html = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="ky").content.decode()
    assert '<html lang="ru"' in html


@pytest.mark.django_db
def test_a_private_page_asks_for_its_password_in_kyrgyz_on_a_civic_page(client, site):
    from cms.models import StandardPage

    about = StandardPage.objects.get(slug="about", locale__language_code="ky")
    PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.PASSWORD, password="x1"
    )
    html = client.get("/ky/about/").content.decode()
    assert '<html lang="ky">' in html
    assert "<h1>Сырсөз керек</h1>" in html and "Бул баракты ачуу үчүн сырсөз керек." in html
    assert ">Улантуу</button>" in html
    assert 'class="site-header"' in html  # the site's own page, not Wagtail's bare one


@pytest.mark.django_db
def test_a_members_only_page_sends_readers_to_civics_log_in_in_their_language(client, site):
    from cms.models import StandardPage

    about = StandardPage.objects.get(slug="about", locale__language_code="ru")
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/ru/about/")
    assert response.status_code == 302
    assert response["Location"] == "/ru/accounts/login/?next=/ru/about/"
