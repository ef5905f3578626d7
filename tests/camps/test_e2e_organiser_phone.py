"""The organiser's application page on a 360 px phone in a real Chromium: nothing wider than the screen."""

import pytest
from django.test import Client

from camps import services
from camps.models import Status
from tests.factories import ApplicationFactory, CohortFactory, OrganiserFactory, QuestionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_organisers_application_page_fits_a_360px_screen(live_server, browser):
    organiser = OrganiserFactory(preferred_language="ru")
    cohort = CohortFactory(organisers=[organiser], name="Демократия лагери — Ысык-Көл, Чолпон-Ата")
    question = QuestionFactory(cohort=cohort, text="Эмне үчүн бул программага катышкыңыз келет?")
    application = ApplicationFactory(
        cohort=cohort,
        full_name="Айжамал Токтогулова-Жээнбекова",
        school="Чолпон-Ата шаарындагы №2 Касым Тыныстанов атындагы орто мектеп-гимназиясы",
        contact_email="aijamal.toktogulova.jeenbekova@example.org",
        guardian_name="Гүлнара Токтогулова",
        guardian_contact="gulnara.toktogulova.jeenbekova@example.org",
        answers={str(question.pk): "Өз айылымда жаштардын шайлоого катышуусун көбөйткүм келет. " * 5},
    )
    services.application_decide(
        application=application,
        by=organiser,
        decision="waitlist",
        message="https://civic.example.org/ky/camps/cohorts/1/very-long-link-without-spaces-to-break",
    )
    awaiting = ApplicationFactory(  # with the guardian section: resend the link, record a paper consent
        cohort=cohort,
        status=Status.AWAITING_GUARDIAN,
        guardian_name="Бактыгүл Асанова",
        guardian_contact="+996 700 123 456",
    )
    client = Client()
    client.force_login(organiser)
    context = browser.new_context(locale="ru-RU", viewport={"width": 360, "height": 780})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    for path in (
        f"/ru/camps/organise/applications/{application.pk}/",
        f"/ky/camps/organise/applications/{application.pk}/",
        f"/ru/camps/organise/cohorts/{cohort.pk}/",
        f"/ky/camps/organise/applications/{awaiting.pk}/",
    ):
        page.goto(live_server.url + path)
        assert page.locator("h1").is_visible()
        width = page.evaluate("document.scrollingElement.scrollWidth")
        wide = page.evaluate(
            """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361 && ![...e.children].some(c => c.getBoundingClientRect().right > 361)).slice(0, 15).map(e => e.tagName + '.' + e.className + '#' + (e.id||'') + ' ' + Math.round(e.getBoundingClientRect().width) + ' ' + (e.name||'') + ' ' + (e.textContent||'').slice(0,40))"""
        )
        assert width <= 360, (path, width, wide)
    context.close()
