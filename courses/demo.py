"""Demo courses: the module index under each language's home page, three modules of three lessons and one quiz
per module, in Kyrgyz, Russian and English. Idempotent: a second run creates nothing.

The content lives in data files a translator can edit, `courses/demo_content/`: `_index.json` (the module
index) and one `<module-slug>.json` per module, every text as {"ky": ..., "ru": ..., "en": ...}:

- module: slug, order, topic, estimated_minutes, title, summary, learning_outcomes (a list per language),
  lessons, and quiz (optional);
- lesson: slug, title, summary, sections [{heading, text (HTML)}], key_idea (HTML, shown after the first
  section), glossary_term {term, definition}, and quiz (the module quiz's slug, when the lesson ends with it);
- quiz: slug, pass_mark, max_attempts, show_answers, title, intro, questions [{kind, points, text,
  feedback_correct, feedback_incorrect, and choices [{text, feedback, correct}] (single or multiple choice),
  correct (true or false) or blanks [{answers}] (fill in the blanks, answers separated by /)}].

Question and choice ids are derived from the quiz's slug and their position, so every language's copy of a quiz
shares them (attempts count across languages).
"""

import json
import uuid
from pathlib import Path

from wagtail.models import Locale

from cms.demo import translate_page
from cms.models import HomePage

from .models import LessonPage, ModuleIndexPage, ModulePage, Quiz

LANGS = ("ky", "ru", "en")
NAMESPACE = uuid.UUID("6d1f3b1e-4c39-4d0e-9a8e-5b2c0f7f1c11")
CONTENT = Path(__file__).resolve().parent / "demo_content"


def content_index() -> dict:
    """The module index's texts."""
    return json.loads((CONTENT / "_index.json").read_text(encoding="utf-8"))


def content_modules() -> list[dict]:
    """Every module's data file, in their order."""
    modules = [
        json.loads(path.read_text(encoding="utf-8"))
        for path in CONTENT.glob("*.json")
        if not path.name.startswith("_")
    ]
    return sorted(modules, key=lambda module: module["order"])


def _id(*parts) -> str:
    """Stable ids, so every language's copy of a quiz shares question and choice ids."""
    return str(uuid.uuid5(NAMESPACE, ":".join(map(str, parts))))


def quiz_key(quiz: dict) -> uuid.UUID:
    return uuid.UUID(_id("quiz", quiz["slug"]))


def quiz_questions(quiz: dict, lang: str) -> list:
    """The quiz's questions in one language, as Quiz.questions' stream data."""
    slug, data = quiz["slug"], []
    for n, q in enumerate(quiz["questions"]):
        value = {
            "text": q["text"][lang],
            "feedback_correct": q["feedback_correct"][lang],
            "feedback_incorrect": q["feedback_incorrect"][lang],
            "points": q["points"],
        }
        if q["kind"] in ("single_choice", "multiple_choice"):
            value["choices"] = [
                {
                    "type": "item",
                    "id": _id(slug, n, "choice", c),
                    "value": {
                        "text": choice["text"][lang],
                        "correct": choice["correct"],
                        "feedback": choice["feedback"][lang],
                    },
                }
                for c, choice in enumerate(q["choices"])
            ]
        elif q["kind"] == "true_false":
            value["correct"] = q["correct"]
        else:
            value["case_sensitive"] = False
            value["blanks"] = [
                {"type": "item", "id": _id(slug, n, "blank", b), "value": {"answers": blank["answers"][lang]}}
                for b, blank in enumerate(q["blanks"])
            ]
        data.append({"type": q["kind"], "id": _id(slug, n), "value": value})
    return data


def _quizzes(modules, locales) -> dict:
    """{(quiz slug, lang): Quiz}"""
    result = {}
    for spec in (module["quiz"] for module in modules if module.get("quiz")):
        for lang in LANGS:
            quiz = Quiz.objects.filter(translation_key=quiz_key(spec), locale=locales[lang]).first()
            if quiz is None:
                quiz = Quiz.objects.create(
                    translation_key=quiz_key(spec),
                    locale=locales[lang],
                    title=spec["title"][lang],
                    intro=spec["intro"][lang],
                    questions=quiz_questions(spec, lang),
                    pass_mark=spec["pass_mark"],
                    max_attempts=spec["max_attempts"],
                    show_answers=spec["show_answers"],
                )
            result[(spec["slug"], lang)] = quiz
    return result


def lesson_body(lesson: dict, lang: str, quiz) -> list:
    """The lesson's body in one language: its sections (the key idea after the first), the glossary term and
    the quiz."""
    body = []
    for section in lesson["sections"]:
        body.append(("heading", {"text": section["heading"][lang], "level": "h2"}))
        body.append(("paragraph", section["text"][lang]))
        if len(body) == 2:
            body.append(("key_idea", {"title": "", "text": lesson["key_idea"][lang]}))
    term = lesson["glossary_term"]
    body.append(("glossary_term", {"term": term["term"][lang], "definition": term["definition"][lang]}))
    if quiz is not None:
        body.append(("quiz", {"quiz": quiz}))
    return body


def _publish(page) -> None:
    page.save_revision().publish()


def seed(*, stdout) -> None:
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGS}
    home = HomePage.objects.filter(locale=locales["ky"], depth=2).first()
    if home is None:
        stdout.write("No home page: run the cms demo first.")
        return
    texts, modules = content_index(), content_modules()
    quizzes = _quizzes(modules, locales)

    index = ModuleIndexPage.objects.child_of(home).filter(locale=locales["ky"]).first()
    if index is None:
        index = home.add_child(
            instance=ModuleIndexPage(
                title=texts["title"]["ky"], slug="lessons", intro=texts["intro"]["ky"], show_in_menus=True
            )
        )
        _publish(index)
    for lang in ("ru", "en"):
        translate_page(
            index,
            locales[lang],
            {"title": texts["title"][lang], "intro": texts["intro"][lang], "show_in_menus": True},
        )

    created = 0
    for spec in modules:
        module = ModulePage.objects.child_of(index).filter(slug=spec["slug"]).first()
        if module is None:
            module = index.add_child(instance=ModulePage(slug=spec["slug"], **module_fields(spec, "ky")))
            _publish(module)
            created += 1
        for lang in ("ru", "en"):
            translate_page(module, locales[lang], module_fields(spec, lang))
        for lesson_spec in spec["lessons"]:
            quiz_slug = lesson_spec.get("quiz")
            lesson = LessonPage.objects.child_of(module).filter(slug=lesson_spec["slug"]).first()
            if lesson is None:
                lesson = module.add_child(
                    instance=LessonPage(
                        slug=lesson_spec["slug"],
                        **lesson_fields(lesson_spec, "ky", quizzes.get((quiz_slug, "ky"))),
                    )
                )
                _publish(lesson)
                created += 1
            for lang in ("ru", "en"):
                translate_page(
                    lesson, locales[lang], lesson_fields(lesson_spec, lang, quizzes.get((quiz_slug, lang)))
                )
    stdout.write(f"Demo courses ready in ky, ru and en ({created} new pages).")


def module_fields(spec: dict, lang: str) -> dict:
    return {
        "title": spec["title"][lang],
        "summary": spec["summary"][lang],
        "learning_outcomes": "\n".join(spec["learning_outcomes"][lang]),
        "topic": spec["topic"],
        "estimated_minutes": spec["estimated_minutes"],
        "age_min": 14,
        "age_max": 20,
    }


def lesson_fields(lesson: dict, lang: str, quiz) -> dict:
    return {
        "title": lesson["title"][lang],
        "summary": lesson["summary"][lang],
        "estimated_minutes": 15,
        "body": lesson_body(lesson, lang, quiz),
    }
