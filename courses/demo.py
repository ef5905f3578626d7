"""Demo courses: the module index under each language's home page, three modules of three lessons and one quiz
per module, in Kyrgyz, Russian and English (content in demo_content.py). Idempotent: a second run creates
nothing."""

import uuid

from wagtail.models import Locale

from cms.demo import translate_page
from cms.models import HomePage

from .demo_content import INDEX, MODULES, QUIZZES
from .models import LessonPage, ModuleIndexPage, ModulePage, Quiz

LANGS = ("ky", "ru", "en")
NAMESPACE = uuid.UUID("6d1f3b1e-4c39-4d0e-9a8e-5b2c0f7f1c11")


def _id(*parts) -> str:
    """Stable ids, so every language's copy of a quiz shares question and choice ids."""
    return str(uuid.uuid5(NAMESPACE, ":".join(map(str, parts))))


def _questions(slug: str, lang: str) -> list:
    data = []
    for n, q in enumerate(QUIZZES[slug]["questions"]):
        text, choices, right, wrong = q["texts"][lang]
        value = {"text": text, "feedback_correct": right, "feedback_incorrect": wrong, "points": q["points"]}
        if q["kind"] in ("single_choice", "multiple_choice"):
            value["choices"] = [
                {
                    "type": "item",
                    "id": _id(slug, n, "choice", c),
                    "value": {"text": choice, "correct": c in q["correct"], "feedback": feedback},
                }
                for c, (choice, feedback) in enumerate(choices)
            ]
        elif q["kind"] == "true_false":
            value["correct"] = q["correct"]
        else:
            value["case_sensitive"] = False
            value["blanks"] = [
                {"type": "item", "id": _id(slug, n, "blank", b), "value": {"answers": answers}}
                for b, answers in enumerate(q["blanks"][lang])
            ]
        data.append({"type": q["kind"], "id": _id(slug, n), "value": value})
    return data


def _quizzes(locales) -> dict:
    """{(slug, lang): Quiz}"""
    result = {}
    for slug, spec in QUIZZES.items():
        key = uuid.UUID(_id("quiz", slug))
        for lang in LANGS:
            title, intro = spec[lang]
            quiz = Quiz.objects.filter(translation_key=key, locale=locales[lang]).first()
            if quiz is None:
                quiz = Quiz.objects.create(
                    translation_key=key,
                    locale=locales[lang],
                    title=title,
                    intro=intro,
                    questions=_questions(slug, lang),
                    pass_mark=spec["pass_mark"],
                    max_attempts=spec["max_attempts"],
                    show_answers=spec["show_answers"],
                )
            result[(slug, lang)] = quiz
    return result


def _lesson_body(content, quiz) -> list:
    _title, _summary, sections, key_idea, (term, definition) = content
    body = []
    for heading, html in sections:
        body.append(("heading", {"text": heading, "level": "h2"}))
        body.append(("paragraph", html))
        if len(body) == 2:
            body.append(("key_idea", {"title": "", "text": key_idea}))
    body.append(("glossary_term", {"term": term, "definition": definition}))
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
    quizzes = _quizzes(locales)

    index = ModuleIndexPage.objects.child_of(home).filter(locale=locales["ky"]).first()
    if index is None:
        title, intro = INDEX["ky"]
        index = home.add_child(
            instance=ModuleIndexPage(title=title, slug="lessons", intro=intro, show_in_menus=True)
        )
        _publish(index)
    for lang in ("ru", "en"):
        title, intro = INDEX[lang]
        translate_page(index, locales[lang], {"title": title, "intro": intro, "show_in_menus": True})

    created = 0
    for spec in MODULES:
        module = ModulePage.objects.child_of(index).filter(slug=spec["slug"]).first()
        fields = _module_fields(spec, "ky")
        if module is None:
            module = index.add_child(instance=ModulePage(slug=spec["slug"], **fields))
            _publish(module)
            created += 1
        for lang in ("ru", "en"):
            translate_page(module, locales[lang], _module_fields(spec, lang))
        for lesson_spec in spec["lessons"]:
            quiz_slug = lesson_spec.get("quiz")
            lesson = LessonPage.objects.child_of(module).filter(slug=lesson_spec["slug"]).first()
            if lesson is None:
                lesson = module.add_child(
                    instance=LessonPage(
                        slug=lesson_spec["slug"],
                        **_lesson_fields(lesson_spec["ky"], quizzes.get((quiz_slug, "ky"))),
                    )
                )
                _publish(lesson)
                created += 1
            for lang in ("ru", "en"):
                translate_page(
                    lesson, locales[lang], _lesson_fields(lesson_spec[lang], quizzes.get((quiz_slug, lang)))
                )
    stdout.write(f"Demo courses ready in ky, ru and en ({created} new pages).")


def _module_fields(spec, lang) -> dict:
    title, summary, outcomes = spec[lang]
    return {
        "title": title,
        "summary": summary,
        "learning_outcomes": outcomes,
        "topic": spec["topic"],
        "estimated_minutes": spec["minutes"],
        "age_min": 14,
        "age_max": 20,
    }


def _lesson_fields(content, quiz) -> dict:
    title, summary, *_rest = content
    return {"title": title, "summary": summary, "estimated_minutes": 15, "body": _lesson_body(content, quiz)}
