"""Factories for courses: quizzes with one question of each type, and a module with lessons under a home page."""

import factory
from wagtail.models import Locale, Page, Site

from cms.models import HomePage
from courses.models import LessonPage, ModuleIndexPage, ModulePage, Quiz

__all__ = ["QuizFactory", "quiz_questions_data", "course_tree", "lesson_add"]


def quiz_questions_data():
    """One question of each type, with known choice ids (q1-a is the right choice of q1, ...)."""
    return [
        {
            "type": "single_choice",
            "id": "q1",
            "value": {
                "text": "At what age can a citizen of the Kyrgyz Republic vote?",
                "choices": [
                    {
                        "type": "item",
                        "id": "q1-a",
                        "value": {"text": "18", "correct": True, "feedback": "Right: 18."},
                    },
                    {
                        "type": "item",
                        "id": "q1-b",
                        "value": {"text": "16", "correct": False, "feedback": "No: 16 is too young."},
                    },
                ],
                "feedback_correct": "Well done.",
                "feedback_incorrect": "Read the Constitution again.",
                "points": 1,
            },
        },
        {
            "type": "multiple_choice",
            "id": "q2",
            "value": {
                "text": "Which are ways to check a news source?",
                "choices": [
                    {
                        "type": "item",
                        "id": "q2-a",
                        "value": {"text": "Look for the author", "correct": True, "feedback": ""},
                    },
                    {
                        "type": "item",
                        "id": "q2-b",
                        "value": {
                            "text": "Count the likes",
                            "correct": False,
                            "feedback": "Likes prove nothing.",
                        },
                    },
                    {
                        "type": "item",
                        "id": "q2-c",
                        "value": {"text": "Find a second source", "correct": True, "feedback": ""},
                    },
                ],
                "feedback_correct": "",
                "feedback_incorrect": "",
                "points": 2,
            },
        },
        {
            "type": "true_false",
            "id": "q3",
            "value": {
                "text": "The CEC organises elections.",
                "correct": True,
                "feedback_correct": "Yes.",
                "feedback_incorrect": "It does.",
                "points": 1,
            },
        },
        {
            "type": "fill_blanks",
            "id": "q4",
            "value": {
                "text": "The capital is ___.",
                "blanks": [{"type": "item", "id": "b1", "value": {"answers": "Bishkek / Бишкек"}}],
                "case_sensitive": False,
                "feedback_correct": "",
                "feedback_incorrect": "It is Bishkek.",
                "points": 1,
            },
        },
    ]


RIGHT_ANSWERS = {"q1": "q1-a", "q2": ["q2-a", "q2-c"], "q3": True, "q4": ["bishkek"]}


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    title = factory.Sequence(lambda n: f"Quiz {n}")
    locale = factory.LazyFunction(lambda: Locale.objects.get_or_create(language_code="ky")[0])
    questions = factory.LazyFunction(quiz_questions_data)
    pass_mark = 60


def _home() -> HomePage:
    ky = Locale.objects.get_or_create(language_code="ky")[0]
    for code in ("ru", "en"):
        Locale.objects.get_or_create(language_code=code)
    home = HomePage.objects.filter(locale=ky, depth=2).first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="Башкы бет", slug="civic-home", locale=ky))
        home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80}
        )
    return home


def lesson_add(module: ModulePage, *, title: str, body=None, live: bool = True) -> LessonPage:
    lesson = LessonPage(
        title=title, summary=f"{title} summary", body=body or [], locale=module.locale, live=live
    )
    module.add_child(instance=lesson)
    if live:
        lesson.save_revision().publish()
    return lesson


def course_tree(*, lessons: int = 3, quiz: Quiz | None = None, topic: str = "rights"):
    """A ky module index with one module of `lessons` lessons; the last lesson holds `quiz` if given."""
    home = _home()
    index = ModuleIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        index = home.add_child(instance=ModuleIndexPage(title="Модулдар", slug="modules", show_in_menus=True))
        index.save_revision().publish()
    module = index.add_child(
        instance=ModulePage(
            title=f"Module {topic} {ModulePage.objects.count()}",
            topic=topic,
            summary="A module",
            learning_outcomes="Know rights\nCheck sources",
        )
    )
    module.save_revision().publish()
    items = []
    for n in range(lessons):
        body = [("paragraph", f"<p>Lesson text {n}</p>")]
        if quiz is not None and n == lessons - 1:
            body.append(("quiz", {"quiz": quiz}))
        items.append(lesson_add(module, title=f"Lesson {n + 1}", body=body))
    return module, items
