"""At 360 x 740, a cheap phone's screen: the header is short and nothing is wider than the screen, whatever the
pages hold (long unbroken words from editors, H5P content from its authors)."""

import time

import pytest

from courses.h5p import builder, services
from tests.e2e import journeys

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 360, "height": 740}
WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_every_journey_page_fits_a_360_px_screen_under_a_short_header(live_server, browser):
    journeys.seed()
    pages = {}
    too_wide = []
    try:
        for label, _language, user, path in journeys.walk(languages=("ky",)):
            if user not in pages:
                context = browser.new_context(viewport=PHONE)
                if user:
                    context.add_cookies([journeys.session_cookie(user, live_server.url)])
                pages[user] = context.new_page()
            page = pages[user]
            page.goto(live_server.url + path)
            if page.evaluate(WIDTH) > PHONE["width"]:
                too_wide.append(f"{label} {path}: {page.evaluate(WIDTH)} px")
            header = page.locator(".site-header").bounding_box()["height"]
            assert header <= 100, f"{label}: the header takes {header} px"
    finally:
        for page in pages.values():
            page.context.close()
    assert not too_wide, too_wide


def test_an_h5p_activity_with_an_unbroken_title_and_long_words_fits_the_screen(live_server, browser):
    word = "Жарандыкжанасаясийукуктарыбызжөнүндөсүйлөшөлү" * 3
    texts = builder.DEMO_TEXTS["ky"]
    content = builder.civic_statements_content(
        intro=word, statements=[(word, True, word), *texts["statements"][1:]], l10n=texts["l10n"]
    )
    meta = builder.h5p_json(title=word, language="ky", main=builder.CIVIC_STATEMENTS)
    source = builder.write_package(h5p=meta, content=content, libraries=[builder.civic_statements_library()])
    package = services.package_import(source=source, can_install_libraries=True)
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/ky/h5p/{package.pk}/")
    page.locator("[data-h5p-open]").click()
    deadline = time.monotonic() + 15
    while page.evaluate("document.querySelector('[data-h5p-activity]').dataset.ready") != "1":
        assert time.monotonic() < deadline, "the player never started"
        time.sleep(0.1)
    assert page.locator(".h5p-civic-statement").count() == len(texts["statements"])
    assert page.evaluate(WIDTH) <= PHONE["width"]
    page.context.close()
