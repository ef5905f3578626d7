"""Offline in Chromium: a learner saves a module (its size shown first), loses the network, reads a saved lesson,
answers its quiz on the phone, and when the network is back the server scores the attempt and records that
it was answered offline, with both times."""

import re
import time

import pytest

from courses.models import LessonPage, QuizAttempt
from tests.e2e import journeys

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def wait_for(check, what: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_saved_lesson_opens_offline_and_its_quiz_is_scored_when_the_network_is_back(live_server, browser):
    journeys.seed()
    lesson = (
        LessonPage.objects.live()
        .filter(locale__language_code="ky", quiz_links__isnull=False)
        .order_by("path")
    ).first()
    module = lesson.get_parent().specific
    # The demo's classes hold attempts of their own pupils; this learner's attempts are the ones that count.
    mine = QuizAttempt.objects.filter(user__username="student1")
    already = set(mine.values_list("pk", flat=True))
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="allow")
    context.add_cookies([journeys.session_cookie("student1", live_server.url)])
    page = context.new_page()
    failed_files: list[str] = []
    page.on("requestfailed", lambda r: failed_files.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: failed_files.append(f"{r.url}: {r.status}") if r.status >= 400 else None)

    # Online: the module offers to save itself, saying how much it takes first.
    page.goto(live_server.url + module.get_url())
    save = page.locator("[data-offline-save]")
    save.wait_for(state="visible")
    assert re.search(r"\d+(\.\d)? (KB|MB)", save.locator("[data-offline-size]").inner_text())
    wait_for(
        lambda: page.evaluate("navigator.serviceWorker.controller !== null"),
        "the service worker to take over the page",
    )
    save = page.locator("[data-offline-save]")
    save.wait_for(state="visible")
    save.get_by_role("button").click()
    done, failed = save.get_attribute("data-done-text"), save.get_attribute("data-failed-text")
    progress = save.locator("[data-offline-progress]")
    wait_for(lambda: progress.inner_text() in (done, failed), "the module to be saved")
    assert progress.inner_text() == done, failed_files

    # Offline: the saved lesson opens from the phone, the page says it is offline.
    context.set_offline(True)
    page.goto(live_server.url + lesson.get_url())
    assert page.locator("h1").inner_text() == lesson.title
    status = page.locator("[data-net-status]")
    assert status.is_visible() and "интернетсиз" in status.inner_text().lower()

    # The quiz answered offline is kept on the phone, and the page says it waits.
    form = page.locator("form.quiz-form").first
    for question in form.locator("fieldset.question").all():
        choice = question.locator("input[type=radio], input[type=checkbox]")
        if choice.count():
            choice.first.check()
        for blank in question.locator("input[type=text]").all():
            blank.fill("18")
    form.locator('button[type="submit"]').first.click()
    assert form.locator("[data-offline-kept]").is_visible()
    assert "1" in status.inner_text()
    assert set(mine.values_list("pk", flat=True)) == already

    # Online again: the answers go to the server, which scores them and keeps both times.
    context.set_offline(False)
    wait_for(lambda: mine.exclude(pk__in=already).exists(), "the attempt to reach the server")
    attempt = mine.exclude(pk__in=already).get()
    assert attempt.user.username == "student1" and attempt.status == "submitted"
    assert attempt.answered_offline_at is not None and attempt.answered_offline_at <= attempt.submitted_at
    assert attempt.answers.count() == form.locator("fieldset.question").count()
    assert attempt.score == sum(a.points for a in attempt.answers.all())
    sent = page.locator("[data-net-sent]")
    sent.wait_for(state="visible")
    sent.click()
    page.wait_for_load_state()
    assert page.locator(".quiz-result .offline-note").is_visible()
    context.close()
