"""Demo H5P content: the "Your rights: agree or disagree?" package (our own H5P.CivicStatements) in ky, ru and
en, and a demo lesson that plays it, added to the rights module in each language.

`manage.py seed_demo` runs it after courses' own demo (courses.h5p follows courses in INSTALLED_APPS).
Idempotent: a second run finds the packages and the lesson and creates nothing.
"""

from wagtail.models import Locale

from cms.demo import translate_page
from courses.models import LessonPage, ModulePage

from .builder import DEMO_TEXTS, demo_package
from .models import H5PPackage
from .services import package_import

LANGS = ("ky", "ru", "en")


def seed(*, stdout=None) -> dict[str, H5PPackage]:
    """The demo packages and the demo lesson; returns {language: package}."""
    packages = seed_packages(stdout=stdout)
    seed_lesson(packages=packages, stdout=stdout)
    return packages


def seed_packages(stdout=None) -> dict[str, H5PPackage]:
    """Import the demo package in each language once; return {language: package}."""
    packages: dict[str, H5PPackage] = {}
    created = 0
    for lang in LANGS:
        existing = H5PPackage.objects.filter(
            title=DEMO_TEXTS[lang]["title"], language=lang, main_library__machine_name="H5P.CivicStatements"
        ).first()
        if existing is None:
            existing = package_import(source=demo_package(lang), user=None, can_install_libraries=True)
            created += 1
        packages[lang] = existing
    if stdout is not None and created:
        stdout.write(f"H5P: {created} demo package(s) imported.")
    return packages


LESSON_SLUG = "rights-agree-or-disagree"
LESSON_TEXTS = {
    "ky": {
        "title": "Укуктарыңызды текшериңиз: макулсузбу же жокпу?",
        "summary": "Укуктар жөнүндө беш пикир: макулсузбу же жокпу, тандап, эмне үчүн ушундай экенин окуңуз.",
        "intro": "<p>Бул сабакта интерактивдүү көнүгүү бар: ар бир пикирди окуп, ага макулсузбу же жокпу, "
        "тандаңыз. Ар бир жооптон кийин эмне үчүн ушундай экенин түшүндүрмөдөн окуйсуз. Көнүгүүнү аягына "
        "чыгарганда сабак өтүлдү деп эсептелет.</p>",
    },
    "ru": {
        "title": "Проверьте свои права: согласны или нет?",
        "summary": "Пять утверждений о правах: выберите, согласны ли вы, и прочитайте, почему это так.",
        "intro": "<p>В этом уроке есть интерактивное упражнение: прочитайте каждое утверждение и выберите, "
        "согласны вы или нет. После каждого ответа вы прочитаете, почему это так. Когда вы закончите "
        "упражнение, урок будет засчитан.</p>",
    },
    "en": {
        "title": "Check your rights: agree or disagree?",
        "summary": "Five statements about rights: choose whether you agree, then read why.",
        "intro": "<p>This lesson has an interactive activity: read each statement and choose whether you agree "
        "or disagree. After each answer you will read why. When you finish the activity, the lesson counts "
        "as done.</p>",
    },
}


def _lesson_fields(lang: str, package: H5PPackage) -> dict:
    texts = LESSON_TEXTS[lang]
    return {
        "title": texts["title"],
        "summary": texts["summary"],
        "estimated_minutes": 10,
        "body": [("paragraph", texts["intro"]), ("h5p", {"package": package, "heading": ""})],
    }


def seed_lesson(*, packages: dict[str, H5PPackage], stdout=None):
    """Add the demo lesson to the (ky) rights module and give it ru and en translations where the module has
    them. Does nothing when there is no rights module yet (courses' demo creates it)."""
    ky = Locale.objects.filter(language_code="ky").first()
    module = ModulePage.objects.filter(locale=ky, topic="rights").order_by("path").first() if ky else None
    if module is None:
        return None
    lesson = LessonPage.objects.child_of(module).filter(slug=LESSON_SLUG).first()
    if lesson is None:
        lesson = module.add_child(
            instance=LessonPage(slug=LESSON_SLUG, **_lesson_fields("ky", packages["ky"]))
        )
        lesson.save_revision().publish()
        if stdout is not None:
            stdout.write("H5P: demo lesson added to the rights module.")
    for lang in ("ru", "en"):
        locale = Locale.objects.filter(language_code=lang).first()
        if locale is None or module.get_translation_or_none(locale) is None:
            continue
        translate_page(lesson, locale, _lesson_fields(lang, packages[lang]))
    return lesson
