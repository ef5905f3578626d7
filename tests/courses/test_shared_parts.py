"""The parts of a signed-in learner's module and lesson pages that are the same for everyone (the frame, title,
contents and links: core/templatetags/shared.py), kept in each process: a page built from them is the page
drawn afresh, never carries one person's things to another, and follows every publication at once."""

import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from cms.models import FooterText
from core.templatetags import shared
from courses import cache as courses_cache
from courses.models import LessonProgress
from courses.selectors import progress_percent
from tests.factories import StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _person(factory, secret_letter: str):
    user = factory()
    client = Client()
    client.force_login(user)
    client.cookies["csrftoken"] = secret_letter * 32
    return user, client


def _fresh(client, user, url) -> str:
    """The page as it is drawn when nothing is kept: neither the learner's own copy nor any shared part."""
    courses_cache.learner_version_bump(user.pk)
    shared._PARTS.clear()
    return client.get(url).content.decode()


def _without_tokens(html: str) -> str:
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', html)


@pytest.mark.parametrize("which", ["module", "lesson"])
def test_a_page_built_from_kept_parts_is_the_page_drawn_afresh(course, which):
    module, lessons = course
    url = (module if which == "module" else lessons[2]).get_url()
    _first, first_client = _person(StudentFactory, "a")
    second, second_client = _person(StudentFactory, "b")
    assert first_client.get(url).status_code == 200  # keeps the shared parts
    kept = {key[-1] for key in shared._PARTS if key[0].startswith(f"{which}page:")}
    assert {"head", "top", "footer"} <= kept

    courses_cache.learner_version_bump(second.pk)
    built = second_client.get(url).content.decode()
    assert "X-Civic-Cache" not in second_client.get(url, {"fresh": 1})  # a query string is drawn afresh
    assert _without_tokens(built) == _without_tokens(_fresh(second_client, second, url))


def test_kept_parts_never_carry_one_persons_things_to_another(course, quiz):
    _module, lessons = course
    url = lessons[2].get_url()
    teacher, teacher_client = _person(TeacherFactory, "t")
    pupil, pupil_client = _person(StudentFactory, "p")
    LessonProgress.objects.create(
        user=teacher,
        lesson_key=lessons[0].translation_key,
        module_key=_module.translation_key,
        lesson=lessons[0],
        marked_done=True,
        completed_at=timezone.now(),
        last_seen_at=timezone.now(),
    )
    teachers_page = teacher_client.get(url).content.decode()
    teach_link = f'href="{reverse("classrooms:teach")}"'
    progress = f'<progress max="100" value="{progress_percent(1, len(lessons))}"'
    assert teach_link in teachers_page and progress in teachers_page

    pupils_page = pupil_client.get(url).content.decode()
    assert teach_link not in pupils_page  # the teacher's own link stayed with the teacher
    assert progress not in pupils_page and '<progress max="100" value="0"' in pupils_page  # their progress
    tokens = TOKEN.findall(pupils_page)
    assert tokens  # the log-out form and the quiz carry the pupil's own token
    assert {_unmask_cipher_token(token) for token in tokens} == {"p" * 32}


def test_a_publication_shows_at_once_over_kept_parts(client, course):
    module, lessons = course
    url = lessons[1].get_url()
    _user, learner = _person(StudentFactory, "a")
    assert "Lesson 2" in learner.get(url).content.decode()

    lessons[1].title = "Lesson two, renamed"
    lessons[1].save_revision().publish()
    module.title = "Module, renamed"
    module.save_revision().publish()
    page = learner.get(lessons[1].get_url()).content.decode()
    assert "<h1>Lesson two, renamed</h1>" in page
    assert ">Module, renamed</a>" in page  # the crumbs: another page's publication
    assert "Lesson two, renamed" in learner.get(lessons[0].get_url()).content.decode()  # the next-lesson link


def test_a_changed_footer_shows_at_once_over_kept_parts(course):
    _module, lessons = course
    url = lessons[0].get_url()
    _user, learner = _person(StudentFactory, "a")
    learner.get(url)
    FooterText.objects.create(locale=Locale.objects.get(language_code="ky"), body="<p>Жаңы футер</p>")
    assert "Жаңы футер" in learner.get(url).content.decode()


def test_a_preview_neither_uses_nor_keeps_shared_parts(course):
    _module, lessons = course
    lesson = lessons[0]
    _user, learner = _person(StudentFactory, "a")
    learner.get(lesson.get_url())
    kept = dict(shared._PARTS)

    lesson.title = "A draft title"
    preview = lesson.make_preview_request().content.decode()
    assert "<h1>A draft title</h1>" in preview and "A draft title ·" in preview  # heading and <title>
    assert kept == shared._PARTS


def test_a_lesson_body_is_kept_in_the_process_and_a_new_revision_shows_at_once(course, monkeypatch):
    from django.core.cache import cache

    _module, lessons = course
    lesson = lessons[0]
    first, first_client = _person(StudentFactory, "a")
    second, second_client = _person(StudentFactory, "b")
    assert "Lesson text 0" in first_client.get(lesson.get_url()).content.decode()
    asked = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a, **kw: asked.append(key) or real_get(key, *a, **kw))
    assert "Lesson text 0" in second_client.get(lesson.get_url()).content.decode()
    assert not [key for key in asked if key.startswith("courses:body:")], asked  # no trip for the body
    monkeypatch.undo()

    lesson.body = [("paragraph", "<p>Rewritten text</p>")]
    lesson.save_revision().publish()
    html = second_client.get(lesson.get_url()).content.decode()
    assert "Rewritten text" in html and "Lesson text 0" not in html
