"""Every journey of the platform walked in a real Chromium on a 360 × 740 phone, as its users walk it: in Kyrgyz,
with steps in Russian and English. Each step leaves a screenshot in var/journeys/<journey>/<nn>-<step>.png, and
no Kyrgyz or Russian page shows an English message that has a translation in its catalogue (tests/e2e/journeys.py:
Journey)."""

import csv
import datetime as dt
import io
import re

import pytest
from django.utils import timezone

from tests.e2e import journeys
from tests.e2e.journeys import Journey, submit
from tests.e2e.test_h5p import (  # noqa: F401 - the fixtures apply to this module's tests too
    _media,
    db_read,
    log_in,
    wait_for_db,
    wait_until,
    wait_until_quiet,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _quiz_answers(quiz) -> tuple[dict[str, list[str]], int, int]:
    """Answers to fill in, by input name: the first question wrong, every other one right; and the points the
    answers earn out of the quiz's total."""
    answers, earned, total = {}, 0, 0
    for n, block in enumerate(quiz.questions.raw_data):
        value, name, right = block["value"], f"q-{block['id']}", n > 0
        total += value["points"]
        earned += value["points"] if right else 0
        if block["type"] in ("single_choice", "multiple_choice"):
            picked = [c["id"] for c in value["choices"] if c["value"]["correct"] == right]
            answers[name] = picked if block["type"] == "multiple_choice" and right else picked[:1]
        elif block["type"] == "true_false":
            answers[name] = ["true" if value["correct"] == right else "false"]
        else:
            # a blank's answers are one text, the accepted ones separated by "/"
            answers[name] = [
                b["value"]["answers"].split("/")[0].strip() if right else "—" for b in value["blanks"]
            ]
    return answers, earned, total


def _fill_quiz(form, answers: dict[str, list[str]]) -> None:
    for name, values in answers.items():
        fields = form.locator(f'[name="{name}"]')
        if fields.first.get_attribute("type") in ("radio", "checkbox"):
            for value in values:
                form.locator(f'[name="{name}"][value="{value}"]').check()
        else:
            for index, value in enumerate(values):
                fields.nth(index).fill(value)


def test_a_pupil_learns_with_a_login_card_and_the_teacher_reteaches(live_server, browser, monkeypatch):
    from courses.classrooms import cards
    from courses.classrooms.models import Assignment, Classroom, Membership
    from courses.h5p.demo import LESSON_SLUG
    from courses.h5p.models import H5PState, XAPIStatement
    from courses.models import LessonPage, LessonQuiz, QuizAttempt

    journeys.seed()
    printed = []
    real_cards = cards.login_cards_pdf

    def card_printer(
        *, classroom, cards
    ):  # the passwords printed on the cards, as the teacher hands them out
        printed.extend(cards)
        return real_cards(classroom=classroom, cards=cards)

    monkeypatch.setattr(cards, "login_cards_pdf", card_printer)
    h5p_lesson = LessonPage.objects.live().get(slug=LESSON_SLUG, locale__language_code="ky")
    link = LessonQuiz.objects.filter(lesson__live=True, lesson__locale__language_code="ky").order_by(
        "lesson__path"
    )[0]
    quiz = link.quiz
    home_class = Classroom.objects.filter(owner__username="teacher1").order_by("pk")[0]
    base = live_server.url
    journey = Journey("pupil-and-teacher", browser, base)

    # The teacher opens a class for the civics club and assigns it the H5P lesson and the quiz.
    teacher = journey.page(user="teacher1")
    teacher.goto(f"{base}/ky/teach/")
    journey.step(teacher, "teacher: dashboard")
    submit(teacher, teacher.locator("main a.button[href$='/teach/classes/new/']"))
    teacher.fill("input[name=name]", "Жарандык клуб 9-А")
    teacher.select_option("select[name=language]", "ky")
    journey.step(teacher, "teacher: new class")
    submit(teacher, teacher.locator("main form button[type=submit]"))
    club = db_read(lambda: Classroom.objects.get(name="Жарандык клуб 9-А"))
    code_shown = teacher.locator(".join-code").inner_text()
    assert re.sub(r"\D", "", code_shown) == club.join_code
    journey.step(teacher, "teacher: class and its code")
    for content in (f"lesson:{h5p_lesson.pk}", f"quiz:{quiz.pk}"):
        submit(teacher, teacher.locator(f"main a.button[href$='/teach/classes/{club.pk}/assign/']"))
        teacher.select_option("select[name=content]", content)
        journey.step(teacher, f"teacher: assign {content.split(':')[0]}")
        submit(teacher, teacher.locator("main form button[type=submit]"))
    assert db_read(lambda: Assignment.objects.filter(classroom=club).count()) == 2

    # In the home class, accounts for pupils without e-mail: the answer is the login cards.
    teacher.goto(f"{base}/ky/teach/classes/{home_class.pk}/")
    submit(teacher, teacher.locator(f"main a[href$='/teach/classes/{home_class.pk}/pupils/new/']").first)
    teacher.fill("textarea[name=names]", "Айбек Осмонов")
    submit(teacher, teacher.locator("main form button[type=submit]"))
    assert "aybek.osmonov" in teacher.locator("main table").inner_text()
    journey.step(teacher, "teacher: roster checked")
    with teacher.expect_response(lambda r: r.request.method == "POST" and "/pupils/new/" in r.url) as answer:
        teacher.locator("main form button.button").click()
    assert answer.value.headers["content-type"] == "application/pdf"
    [(pupil, one_time_password)] = printed
    assert pupil.username == "aybek.osmonov"

    # The pupil logs in with the card, chooses a password, joins the club with its code.
    learner = journey.page()
    log_in(learner, base, pupil.username, one_time_password, language="ky")
    assert "/my/assignments/password/" in learner.url
    journey.step(learner, "pupil: choose a password")
    learner.fill("input[name=password]", "Ала-Тоо 2026 көктөм")
    learner.fill("input[name=password_again]", "Ала-Тоо 2026 көктөм")
    submit(learner, learner.locator("main form button"))
    learner.goto(f"{base}/ky/my/assignments/")
    journey.step(learner, "pupil: my assignments")
    learner.fill("input[name=code]", code_shown)
    submit(learner, learner.locator("main form[action$='/join/'] button"))
    assert db_read(lambda: Membership.objects.filter(classroom=club, student=pupil).exists())
    given = dict(db_read(lambda: list(Assignment.objects.filter(classroom=club).values_list("kind", "pk"))))
    lesson_item = learner.locator(f"main li:has(a[href$='/my/assignments/{given['lesson']}/'])")
    quiz_item = learner.locator(f"main li:has(a[href$='/my/assignments/{given['quiz']}/'])")
    before = (lesson_item.locator(".state").inner_text(), quiz_item.locator(".state").inner_text())
    journey.step(learner, "pupil: joined the club")
    module = h5p_lesson.get_parent()

    def module_progress() -> int:
        learner.goto(base + module.url)
        bar = learner.locator("main .course-progress progress")
        return int(bar.get_attribute("value")) if bar.count() else 0

    progress_before = module_progress()
    journey.step(learner, "pupil: module before")
    learner.goto(f"{base}/ky/my/assignments/")

    # The assigned lesson, its H5P activity played to the end.
    submit(learner, lesson_item.locator("a").first)
    submit(learner, learner.locator("main a.button"))
    assert learner.locator("h1").inner_text() == h5p_lesson.title
    learner.locator("[data-h5p-open]").click()
    wait_until(learner, "document.querySelector('[data-h5p-activity]').dataset.ready === '1'")
    journey.step(learner, "pupil: h5p activity")
    statements = learner.locator(".h5p-civic-statement")
    for index in range(statements.count()):
        statements.nth(index).locator("button.h5p-civic-agree").click()
    learner.locator(".h5p-civic-score").wait_for()
    wait_for_db(lambda: XAPIStatement.objects.filter(user=pupil, verb__endswith="/completed").exists())
    journey.step(learner, "pupil: h5p done")

    # The quiz, opened from the assignment in its lesson: the first question wrong, the others right.
    learner.goto(f"{base}/ky/my/assignments/")
    assert lesson_item.locator(".state").inner_text() != before[0]
    submit(learner, quiz_item.locator("a").first)
    journey.step(learner, "pupil: quiz assignment")
    submit(learner, learner.locator("main a.button"))
    section = learner.locator(f"#quiz-{quiz.pk}")
    if section.locator("form[action$='/start/']").count():
        submit(learner, section.locator("form[action$='/start/'] button"))
    answers, earned, total = _quiz_answers(quiz)
    form = section.locator("form.quiz-form")
    _fill_quiz(form, answers)
    journey.step(learner, "pupil: quiz answered")
    submit(learner, form.locator("button[type=submit]"))
    attempt = db_read(lambda: QuizAttempt.objects.get(user=pupil, quiz=quiz))
    assert (attempt.score, attempt.max_score) == (earned, total)
    learner.locator(".quiz-result").wait_for()
    journey.step(learner, "pupil: quiz result")
    learner.goto(f"{base}/ky/my/assignments/")
    after = (lesson_item.locator(".state").inner_text(), quiz_item.locator(".state").inner_text())
    assert after[0] != before[0] and after[1] != before[1]
    journey.step(learner, "pupil: assignments done")
    assert module_progress() > progress_before
    journey.step(learner, "pupil: module progress moved")

    # The teacher sees the result, opens the difficult questions and reteaches the missed one.
    teacher.goto(f"{base}/ky/teach/classes/{club.pk}/report/")
    percent = round(100 * earned / total)
    row = teacher.locator(f"main tr:has(a:text-is('{pupil.display_name}'))")
    assert f"{percent}" in row.inner_text()
    journey.step(teacher, "teacher: results")
    submit(teacher, teacher.locator(f"main a[href$='/quizzes/{quiz.pk}/']"))
    first = quiz.questions.raw_data[0]["id"]
    teacher.locator(f"input[name=questions][value='{first}']").check()
    missed = teacher.locator(f"main ol.questions li:has(input[value='{first}'])").inner_text()
    assert pupil.display_name in missed and "0%" in missed
    journey.step(teacher, "teacher: difficult questions")
    submit(teacher, teacher.locator("main form button.button"))
    practice = db_read(lambda: Assignment.objects.filter(classroom=club).order_by("-pk")[0])
    assert practice.practice and len(practice.quiz.questions.raw_data) == 1
    assert db_read(lambda: list(practice.recipients.values_list("student", flat=True))) == [pupil.pk]
    journey.step(teacher, "teacher: reteach assigned")

    # The results as CSV: a row for the pupil with the score the attempt earned.
    teacher.goto(f"{base}/ky/teach/classes/{club.pk}/report/")
    with teacher.expect_download() as download:
        teacher.locator("main a[href$='/export/report.csv']").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    by_user = {r[1]: r for r in rows[1:]}
    assert set(by_user) == {pupil.username} and by_user[pupil.username][0] == pupil.display_name
    # per assignment (the lesson, the quiz, the practice quiz): its state, best score in % and when done
    assert len(rows[0]) == 2 + 3 * db_read(lambda: Assignment.objects.filter(classroom=club).count()) == 11
    assert str(percent) in by_user[pupil.username]
    # The player may still save its state as its page closes: let that land before the database is emptied.
    journey.close(
        settle=lambda: wait_until_quiet(lambda: (XAPIStatement.objects.count(), H5PState.objects.count()))
    )


def test_a_sixteen_year_old_goes_to_camp_with_a_guardians_consent_and_graduates(
    live_server, browser, mailoutbox
):
    from camps.models import Application, Certificate, Status
    from tests.factories import PASSWORD, CohortFactory, OrganiserFactory, StudentFactory
    from tests.factories.camps import birth_date_for_age

    organiser = OrganiserFactory(username="uyushturuuchu", preferred_language="ru")
    cohort = CohortFactory(organisers=[organiser], name="Жаш лидерлер — Ысык-Көл", language="ky")
    StudentFactory(username="aijamal", preferred_language="ky")
    base = live_server.url
    journey = Journey("camp", browser, base)

    # A 16-year-old applies from the cohort's page; her mother is to answer in Russian.
    applicant = journey.page()
    log_in(applicant, base, "aijamal", PASSWORD, language="ky")
    applicant.goto(f"{base}/ky/camps/cohorts/{cohort.pk}/")
    journey.step(applicant, "applicant: cohort")
    submit(applicant, applicant.locator(f"main a.button[href$='/camps/cohorts/{cohort.pk}/apply/']"))
    applicant.fill("input[name=full_name]", "Айжамал Токтогулова")
    applicant.fill("input[name=date_of_birth]", birth_date_for_age(16, cohort.starts_on).isoformat())
    applicant.select_option("select[name=region]", "issyk_kul")
    applicant.fill("input[name=school]", "Чолпон-Ата шаарындагы №2 мектеп")
    applicant.fill("input[name=guardian_name]", "Гүлнара Токтогулова")
    applicant.fill("input[name=guardian_contact]", "gulnara@example.org")
    applicant.select_option("select[name=guardian_language]", "ru")
    journey.step(applicant, "applicant: application form")
    submit(applicant, applicant.locator("main form button[type=submit]"))
    application = db_read(lambda: Application.objects.get(cohort=cohort, applicant__username="aijamal"))
    assert application.status == Status.AWAITING_GUARDIAN
    journey.step(applicant, "applicant: waiting for the guardian")

    # The guardian follows the link in the mail, in Russian.
    [mail] = [m for m in mailoutbox if "gulnara@example.org" in m.to]
    link = re.search(r"https?://\S+?(/ru/camps/guardian/[^/\s]+/)", mail.body).group(1)
    guardian = journey.page(language="ru")
    guardian.goto(base + link)
    assert "Айжамал Токтогулова" in guardian.locator("main").inner_text()
    journey.step(guardian, "guardian: consent page in Russian")
    guardian.check("input[name=participation]")
    submit(guardian, guardian.locator("main form button[type=submit]"))
    assert db_read(lambda: Application.objects.get(pk=application.pk).status) == Status.SUBMITTED
    journey.step(guardian, "guardian: consent given")

    # The organiser accepts her (in Russian), from the cohort's list.
    desk = journey.page(language="ru")
    log_in(desk, base, "uyushturuuchu", PASSWORD, language="ru")
    desk.goto(f"{base}/ru/camps/organise/cohorts/{cohort.pk}/")
    journey.step(desk, "organiser: cohort")
    submit(desk, desk.locator(f"main a[href$='/camps/organise/applications/{application.pk}/']").first)
    desk.select_option("select[name=decision]", "accept")
    journey.step(desk, "organiser: application")
    submit(desk, desk.locator("main form:has(select[name=decision]) button[type=submit]"))
    assert db_read(lambda: Application.objects.get(pk=application.pk).status) == Status.ACCEPTED

    # She confirms her place.
    applicant.goto(f"{base}/ky/camps/my/")
    journey.step(applicant, "applicant: accepted")
    submit(
        applicant,
        applicant.locator(f"main form[action$='/camps/applications/{application.pk}/confirm/'] button"),
    )
    assert db_read(lambda: Application.objects.get(pk=application.pk).status) == Status.CONFIRMED
    journey.step(applicant, "applicant: confirmed")

    # At the camp the organiser marks her present on the first day, then graduates her.
    submit(desk, desk.locator(f"main a[href$='/camps/organise/cohorts/{cohort.pk}/']").first)
    submit(desk, desk.locator(f"main a[href$='/camps/organise/cohorts/{cohort.pk}/attendance/']"))
    desk.check(f"input[name=present][value='{application.pk}']")
    journey.step(desk, "organiser: attendance")
    submit(desk, desk.locator("main form button[type=submit]"))
    assert db_read(lambda: Application.objects.get(pk=application.pk).status) == Status.ATTENDED
    submit(desk, desk.locator(f"main a[href$='/camps/organise/cohorts/{cohort.pk}/graduate/']"))
    desk.check(f"input[name=applications][value='{application.pk}']")
    journey.step(desk, "organiser: graduation")
    submit(desk, desk.locator("main form button[type=submit]"))
    certificate = db_read(lambda: Certificate.objects.get(application=application))
    assert db_read(lambda: Application.objects.get(pk=application.pk).status) == Status.GRADUATED

    # She downloads her certificate; anyone checks it by its code, here in English.
    applicant.goto(f"{base}/ky/camps/my/")
    line = applicant.locator("main .meta:has(a[href$='.pdf'])")
    shown_code = re.search(r"[0-9A-Z]{8,}", line.inner_text().split("·")[-1]).group(0)
    assert shown_code == certificate.code
    journey.step(applicant, "applicant: graduated")
    pdf = applicant.request.get(base + line.locator("a").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    checker = journey.page(language="en")
    checker.goto(f"{base}/verify/{shown_code}")
    shown = checker.locator("main").inner_text()
    assert checker.evaluate("document.documentElement.lang") == "en"
    assert "Айжамал Токтогулова" in shown and cohort.name in shown
    journey.step(checker, "anyone: certificate verified")
    journey.close()


def test_an_alumnus_registers_for_a_forum_is_checked_in_by_phone_and_leaves_feedback(live_server, browser):
    import icalendar

    from alumni.models import RS, EventPage, Feedback, Registration
    from tests.factories import PASSWORD, ForumEventFactory, OrganiserFactory, UserFactory, graduate

    organiser = OrganiserFactory(username="uyushturuuchu", preferred_language="ky")
    starts = (timezone.now() + dt.timedelta(hours=2)).replace(second=0, microsecond=0)
    event = ForumEventFactory(
        organisers=[organiser],
        name="Жаштар форуму — Нарын",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=5),
        registration_closes_at=starts - dt.timedelta(hours=1),
    )
    alumnus = graduate(
        user=UserFactory(username="bakyt", preferred_language="ky"), display_name="Бакыт Асанов"
    )
    base = live_server.url
    journey = Journey("forum", browser, base)

    # The alumnus registers on the event's page.
    guest = journey.page()
    log_in(guest, base, "bakyt", PASSWORD, language="ky")
    page = EventPage.objects.get(event=event)
    guest.goto(base + page.get_parent().url)
    journey.step(guest, "alumnus: events")
    submit(guest, guest.locator(f"main a[href$='{page.url}']").first)
    journey.step(guest, "alumnus: event")
    submit(
        guest, guest.locator(f"main form[action$='/alumni/events/{event.pk}/register/'] button[type=submit]")
    )
    registration = db_read(lambda: Registration.objects.get(event=event, user=alumnus))
    assert registration.status == RS.CONFIRMED
    journey.step(guest, "alumnus: registered")

    # Back on the event's page, the event for the alumnus's calendar: the .ics holds its title, start and end.
    guest.goto(base + page.url)
    with guest.expect_download() as download:
        guest.locator(
            f"main a[href$='/events/{event.pk}/calendar.ics'], main a[href*='calendar']"
        ).first.click()
    [vevent] = icalendar.Calendar.from_ical(download.value.path().read_bytes()).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == page.title
    assert (vevent.decoded("DTSTART"), vevent.decoded("DTEND")) == (event.starts_at, event.ends_at)

    # Their check-in code, shown at the door to the organiser's phone.
    guest.goto(f"{base}/ky/alumni/registrations/")
    code = guest.locator("main li code").inner_text().strip()
    journey.step(guest, "alumnus: check-in code")
    door = journey.page()
    log_in(door, base, "uyushturuuchu", PASSWORD, language="ky")
    door.goto(f"{base}/ky/alumni/organise/events/{event.pk}/checkin/")
    journey.step(door, "organiser: check-in")
    door.locator("#checkin-code").fill(code)
    door.locator("#checkin-code").press("Enter")
    door.locator("#checkin-result").filter(has_text="Бакыт Асанов").wait_for()
    wait_for_db(lambda: Registration.objects.get(pk=registration.pk).status == RS.ATTENDED)
    journey.step(door, "organiser: checked in")

    # Afterwards the alumnus leaves feedback; the page in English too.
    guest.goto(f"{base}/ky/alumni/registrations/")
    form = guest.locator(f"main form[action$='/alumni/registrations/{registration.pk}/feedback/']")
    rating = form.locator("[name=rating]")
    if rating.first.evaluate("e => e.tagName") == "SELECT":
        rating.select_option("5")
    else:
        form.locator("[name=rating][value='5']").check()
    form.locator("textarea[name=comment]").fill("Абдан пайдалуу болду, рахмат!")
    journey.step(guest, "alumnus: feedback")
    submit(guest, form.locator("button[type=submit]"))
    feedback = db_read(lambda: Feedback.objects.get(registration=registration))
    assert (feedback.rating, feedback.comment) == (5, "Абдан пайдалуу болду, рахмат!")
    journey.step(guest, "alumnus: feedback sent")
    guest.goto(f"{base}/en/alumni/registrations/")
    assert guest.evaluate("document.documentElement.lang") == "en"
    listed = guest.locator(f"main li:has(form[action$='/registrations/{registration.pk}/feedback/'])")
    assert page.title in listed.inner_text() and "Attended" in listed.inner_text()
    journey.step(guest, "alumnus: registrations in English")
    journey.close()
