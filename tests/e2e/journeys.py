"""The pages a user journey meets, walked in Chromium by the accessibility, width and speed tests.

Each step names a URL (a route name, or a Wagtail page found by its type) and who is logged in. Steps whose
route name does not resolve are left out, so apps that are not installed yet (classrooms, alumni) join the
walk as soon as their URLs exist."""

import shutil
from dataclasses import dataclass
from functools import lru_cache
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation

LANGUAGES = ("ky", "ru", "en")


@dataclass(frozen=True)
class Step:
    label: str
    user: str | None  # a demo username, or None for the anonymous
    route: str = ""  # a URL name, reversed with args()
    page_type: str = ""  # or "app_label.Model" of a Wagtail page: the first live one in the language
    args: object = None  # callable returning the route's args, given that the route exists


def _first_pk(model: str, **filters):
    def args():
        return [
            apps.get_model(model).objects.filter(**filters).order_by("pk").values_list("pk", flat=True)[0]
        ]

    return args


def _organised_cohort():
    return [apps.get_model("camps.Cohort").objects.filter(applications__isnull=False).order_by("pk")[0].pk]


def _open_cohort():
    from django.utils import timezone

    Cohort = apps.get_model("camps.Cohort")
    cohorts = Cohort.objects.filter(applications_close_at__gte=timezone.now()).order_by("pk")
    return [(cohorts.first() or Cohort.objects.order_by("pk").first()).pk]


def _teacher_class():
    return [apps.get_model("classrooms.Classroom").objects.order_by("pk")[0].pk]


STEPS = [
    Step("home", None, page_type="cms.HomePage"),
    Step("modules", None, page_type="courses.ModuleIndexPage"),
    Step("module", None, page_type="courses.ModulePage"),
    Step("lesson", "student1", page_type="courses.LessonPage"),
    Step("sign-up", None, route="accounts:signup"),
    Step("log-in", None, route="accounts:login"),
    Step("my learning", "student1", route="courses:my_learning"),
    Step("programmes", None, page_type="camps.ProgrammeIndexPage"),
    Step("programme", None, page_type="camps.ProgrammePage"),
    Step("cohort", None, route="camps:cohort", args=_open_cohort),
    Step("application form", "student1", route="camps:apply", args=_open_cohort),
    Step("my applications", "student1", route="camps:my_applications"),
    Step("organiser: cohorts", "organiser1", route="camps:organiser_home"),
    Step("organiser: cohort", "organiser1", route="camps:organiser_cohort", args=_organised_cohort),
    Step(
        "organiser: application",
        "organiser1",
        route="camps:organiser_application",
        args=_first_pk("camps.Application"),
    ),
    Step("organiser: attendance", "organiser1", route="camps:organiser_attendance", args=_organised_cohort),
    Step("my assignments", "student1", route="classrooms:my_assignments"),
    Step("teacher dashboard", "teacher1", route="classrooms:teach"),
    Step("teacher: class", "teacher1", route="classrooms:class", args=_teacher_class),
    Step("events", "alumnus1", page_type="alumni.EventIndexPage"),
    Step("event registrations", "alumnus1", route="alumni:my_registrations"),
    Step("alumni directory", "alumnus1", route="alumni:directory"),
    Step("alumni organiser", "organiser1", route="alumni:organiser_home"),
]


def route_exists(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch as exc:
        return "not a valid view function or pattern name" not in str(
            exc
        ) and "not a registered namespace" not in str(exc)
    return True


def seed():
    call_command("seed_demo", stdout=StringIO())


def url_of(step: Step, language: str) -> str | None:
    """The step's path in `language`, or None when its app or its data is not there."""
    if step.page_type:
        try:
            model = apps.get_model(step.page_type)
        except LookupError:
            return None
        page = model.objects.live().filter(locale__language_code=language).order_by("path").first()
        if step.label == "lesson":
            # The lesson with a quiz, where the quiz and its result are shown.
            page = (
                model.objects.live()
                .filter(locale__language_code=language, quiz_links__isnull=False)
                .order_by("path")
                .first()
            )
        return page.get_url() if page else None
    if not route_exists(step.route):
        return None
    with translation.override(language):
        return reverse(step.route, args=step.args() if step.args else None)


def session_cookie(username: str, base_url: str) -> dict:
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}


def walk(languages=LANGUAGES):
    """(label, language, user, path) for every step that exists."""
    for language in languages:
        for step in STEPS:
            path = url_of(step, language)
            if path:
                yield step.label, language, step.user, path


# ---- whole journeys: a screenshot of every step, and no untranslated string on a Kyrgyz page -------------------

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "journeys"
PHONE = {"width": 360, "height": 740}
CATALOGUES = ("django.po", "djangojs.po")

VISIBLE_TEXT = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (!text || !el || el.closest('script, style, noscript, template')) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    texts.push(text);
  }
  for (const el of document.querySelectorAll('input[type=submit], input[type=button], [placeholder]')) {
    if (el.checkVisibility({visibilityProperty: true})) texts.push((el.value || el.placeholder || '').trim());
  }
  return texts;
}"""


@lru_cache
def translated_msgids(language: str = "ky") -> frozenset[str]:
    """The English messages that have a translation of their own in `language`: seen as they are on a page in
    that language, they were left untranslated."""
    import polib

    found = set()
    for name in CATALOGUES:
        path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / name
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)):
            if entry.obsolete or entry.fuzzy:
                continue
            if entry.msgstr and entry.msgstr != entry.msgid:
                found.add(entry.msgid)
            plurals = [s for s in entry.msgstr_plural.values() if s]
            if plurals and any(s not in (entry.msgid, entry.msgid_plural) for s in plurals):
                found.update({entry.msgid, entry.msgid_plural})
    return frozenset(found)


class Journey:
    """One user journey on a phone: each step is a screenshot in var/journeys/<name>/<nn>-<step>.png, and each
    Kyrgyz (and Russian) page is searched for English messages that have a translation in its language."""

    def __init__(self, name: str, browser, base_url: str):
        self.name, self.browser, self.base_url = name, browser, base_url
        self.folder = SCREENSHOTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.steps: list[str] = []
        self.untranslated: dict[str, list[str]] = {}
        self.contexts = []

    def page(self, *, language: str = "ky", user: str | None = None):
        context = self.browser.new_context(
            locale={"ky": "ky-KG", "ru": "ru-RU", "en": "en-GB"}[language],
            viewport=PHONE,
            accept_downloads=True,
        )
        if user:
            context.add_cookies([session_cookie(user, self.base_url)])
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    def step(self, page, label: str) -> None:
        self.steps.append(label)
        slug = "-".join(label.lower().replace(":", " ").split())
        page.screenshot(path=self.folder / f"{len(self.steps):02d}-{slug}.png", full_page=True)
        language = page.evaluate("document.documentElement.lang")[:2]
        if language in ("ky", "ru"):
            oracle = translated_msgids(language)
            if left := sorted({t for t in page.evaluate(VISIBLE_TEXT) if t in oracle}):
                self.untranslated[f"{label} {page.url}"] = left

    def close(self, *, settle=None) -> None:
        """Close the journey's browsers (then wait for what they still send, with `settle`) and report English
        left on translated pages."""
        for context in self.contexts:
            context.close()
        if settle is not None:
            settle()
        assert not self.untranslated, "English left on translated pages:\n" + "\n".join(
            f"{where}: {texts}" for where, texts in self.untranslated.items()
        )


def submit(page, button) -> None:
    """Click a button or link that leads to another page, and wait for it."""
    with page.expect_navigation():
        button.click()
