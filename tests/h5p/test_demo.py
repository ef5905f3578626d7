"""The demo H5P packages: three languages, idempotent."""

import io

import pytest

from courses.h5p import demo
from courses.h5p.models import H5PLibrary, H5PPackage


@pytest.mark.django_db
def test_demo_seed_is_idempotent():
    first = demo.seed(stdout=io.StringIO())
    assert sorted(first) == ["en", "ky", "ru"]
    assert {p.language for p in first.values()} == {"ky", "ru", "en"}
    out = io.StringIO()
    second = demo.seed(stdout=out)
    assert second == first and out.getvalue() == ""
    assert H5PPackage.objects.count() == 3 and H5PLibrary.objects.count() == 1


@pytest.mark.django_db
def test_demo_lesson_in_three_languages(site):
    from wagtail.models import Locale

    from cms.demo import translate_page
    from courses.models import LessonPage
    from tests.factories.courses import course_tree

    module, _lessons = course_tree(lessons=1, topic="rights")
    index = module.get_parent().specific
    for lang in ("ru", "en"):
        locale = Locale.objects.get(language_code=lang)
        translate_page(index, locale, {"title": f"Modules {lang}"})
        translate_page(module, locale, {"title": f"Rights {lang}"})
    packages = demo.seed(stdout=io.StringIO())
    lessons = LessonPage.objects.filter(slug=demo.LESSON_SLUG, alias_of__isnull=True)
    assert {lesson.locale.language_code for lesson in lessons} == {"ky", "ru", "en"}
    for lesson in lessons:
        block = next(child for child in lesson.body if child.block_type == "h5p")
        assert block.value["package"] == packages[lesson.locale.language_code]
        assert lesson.live
    count = LessonPage.objects.count()
    demo.seed(stdout=io.StringIO())
    assert LessonPage.objects.count() == count
