"""WCAG 2.2 AA on every page a user journey meets, in ky, ru and en: axe-core (served from our own static
files, under the site's CSP) finds no serious or critical violation; the quiz's error and its result included."""

import pytest

from courses.models import QuizAttempt
from tests.e2e import journeys

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = "/static/vendor/axe-core/axe.min.js"
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
}"""


def axe_violations(page, base_url) -> list[str]:
    page.add_script_tag(url=base_url + AXE)
    return page.evaluate(AXE_RUN)


def answer_quiz(page):
    """The quiz on the lesson page: an empty submission first (its error must be announced), then answers."""
    start = page.locator('.quiz form[action$="/start/"] button')
    if page.locator('.quiz form[action$="/start/"]').count():
        start.first.click()
        page.wait_for_load_state()
    form = page.locator("form.quiz-form").first
    form.locator('button[type="submit"]').first.click()
    page.wait_for_load_state()
    yield "quiz: nothing answered"
    form = page.locator("form.quiz-form").first
    for question in form.locator("fieldset.question").all():
        choice = question.locator("input[type=radio], input[type=checkbox]")
        if choice.count():
            choice.first.check()
        for blank in question.locator("input[type=text]").all():
            blank.fill("18")
    form.locator('button[type="submit"]').first.click()
    page.wait_for_load_state()
    yield "quiz result"


def test_every_journey_page_has_no_serious_accessibility_violation(live_server, browser):
    journeys.seed()
    # The demo class gives student1 a history of attempts; here they take the quiz afresh in each language,
    # so its form, its error and its result are all met.
    QuizAttempt.objects.filter(user__username="student1").delete()
    found: dict[str, list[str]] = {}
    contexts = {}
    visited = 0
    try:
        for label, language, user, path in journeys.walk():
            if user not in contexts:
                context = browser.new_context(viewport={"width": 360, "height": 740})
                if user:
                    context.add_cookies([journeys.session_cookie(user, live_server.url)])
                contexts[user] = context.new_page()
            page = contexts[user]
            response = page.goto(live_server.url + path)
            assert response.status == 200, f"{label} {language} {path}: {response.status}"
            visited += 1
            if bad := axe_violations(page, live_server.url):
                found[f"{label} [{language}] {path}"] = bad
            if label == "lesson":
                for state in answer_quiz(page):
                    if state == "quiz: nothing answered":
                        assert page.locator('.quiz [role="alert"]').count(), "the quiz's error is announced"
                    else:
                        assert page.locator('.quiz-result[role="status"]').count()
                    if bad := axe_violations(page, live_server.url):
                        found[f"{state} [{language}] {page.url}"] = bad
    finally:
        for page in contexts.values():
            page.context.close()
    assert visited >= 3 * 14
    assert not found, "\n".join(f"{where}:\n  " + "\n  ".join(v) for where, v in found.items())


FOCUSED = """() => {
  const el = document.activeElement, style = getComputedStyle(el), box = el.getBoundingClientRect();
  return {tag: el.tagName, id: el.id, text: (el.innerText || el.value || '').trim(), href: el.getAttribute('href') || '',
          outline: style.outlineStyle !== 'none' ? parseFloat(style.outlineWidth) : 0,
          visible: box.width > 0 && box.height > 0};
}"""


def tab_to(page, matches, limit=40):
    """Press Tab until the focused element matches; every element on the way shows a visible focus ring."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["visible"] and focused["outline"] >= 2, f"focus not visible on {focused}"
        if matches(focused):
            return focused
    raise AssertionError("never reached by Tab")


def test_a_learner_logs_in_with_the_keyboard_alone_and_always_sees_the_focus(live_server, browser):
    journeys.seed()
    page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    page.goto(f"{live_server.url}/ky/")
    tab_to(page, lambda f: f["href"] == "#main")
    tab_to(page, lambda f: f["tag"] == "SUMMARY")
    page.keyboard.press("Enter")  # the folded menu opens from the keyboard
    tab_to(page, lambda f: "/accounts/login/" in f["href"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/**")
    assert page.evaluate(FOCUSED)["id"] == "id_username"  # the form's first field has the focus
    page.keyboard.type("student1")
    tab_to(page, lambda f: f["id"] == "id_password")
    page.keyboard.type("civic-demo")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/ky/")  # back where the learner started, logged in
    assert page.locator(".main-nav button", has_text="Чыгуу").count() == 1
    page.context.close()
