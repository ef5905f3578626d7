"""The design system's pages: the header menu without JavaScript, the staff style guide, lesson contents."""

import re

import pytest
from django.urls import reverse

from tests.factories.accounts import StudentFactory
from tests.factories.courses import course_tree, lesson_add

pytestmark = pytest.mark.django_db


def test_the_main_menu_folds_into_a_details_element(client, site):
    html = client.get("/ky/").content.decode()
    menu = re.search(r'<details class="menu">\s*<summary>(.*?)</summary>(.*?)</details>', html, re.S)
    assert menu, "the main navigation sits in a <details> that works without JavaScript"
    assert menu.group(1) == "Меню"
    assert '<nav class="main-nav"' in menu.group(2) and reverse("accounts:login") in menu.group(2)
    assert 'src="/static/img/logo.svg"' in html


def test_the_style_guide_is_for_staff_only(client, site):
    url = reverse("styleguide")
    assert client.get(url).status_code == 302
    client.force_login(StudentFactory())
    assert client.get(url).status_code == 403


def test_the_style_guide_shows_every_component(client, site, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("styleguide")).content.decode()
    for component in (
        'class="swatches"',
        'class="button"',
        'class="button secondary"',
        "<select",
        "<textarea",
        'type="checkbox"',
        'class="card"',
        'class="badge ok"',
        "<progress",
        'class="message success"',
        'class="key-idea"',
        "<figcaption>",
        'class="toc"',
    ):
        assert component in html, component
    # The sample form shows an error the way every form does: next to its field, announced.
    assert re.search(r'class="field has-error">.*?id="id_email".*?role="alert"', html, re.S)


def test_a_long_lesson_has_a_table_of_contents_linking_to_its_headings(client, site):
    module, _ = course_tree(lessons=1)
    headings = ["Укуктар төрөлгөндөн тартып", "Жарандык жана саясий укуктар", "Укуктун чеги"]
    body = [("heading", {"text": h, "level": "h2"}) for h in headings]
    body.insert(1, ("paragraph", "<p>Текст</p>"))
    lesson = lesson_add(module, title="Узун сабак", body=body)
    html = client.get(lesson.get_url()).content.decode()
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.S).group(0)
    anchors = re.findall(r'href="#([^"]+)">([^<]+)</a>', toc)
    assert [text for _, text in anchors] == headings
    for anchor, text in anchors:
        assert f'<h2 id="{anchor}">{text}</h2>' in html


def test_a_short_lesson_has_no_table_of_contents(client, site):
    module, _ = course_tree(lessons=1)
    lesson = lesson_add(module, title="Кыска", body=[("heading", {"text": "Бир", "level": "h2"})])
    assert 'class="toc"' not in client.get(lesson.get_url()).content.decode()
