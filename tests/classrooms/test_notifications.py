"""Notices and mail about assignments (in each reader's language, after commit), weekly mail, the calendar feed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar

from courses import services as course_services
from courses.classrooms import mail as classroom_mail
from courses.classrooms import services
from courses.classrooms.models import ClassroomProfile, EmailFrequency, Notice, NoticeKind
from tests.factories.courses import RIGHT_ANSWERS

pytestmark = pytest.mark.django_db


def _subject(language: str, text: str, **params) -> str:
    with translation.override(language):
        return gettext(text) % params


def test_a_new_assignment_is_a_notice_and_a_mail_in_each_pupils_language(
    classroom, teacher, pupils, course, quiz, django_capture_on_commit_callbacks
):
    pupils[0].preferred_language = "ru"
    pupils[0].save()
    pupils[2].email = ""
    pupils[2].save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assignment = services.assignment_create(
            classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk
        )
        assert mail.outbox == []  # nothing before the commit
    assert [c.__name__ for c in callbacks].count("queue") == 1  # one mail task for the assignment
    assert Notice.objects.filter(assignment=assignment, kind=NoticeKind.ASSIGNED).count() == 3
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {pupils[0].email, pupils[1].email}  # no address, no mail
    title = assignment.title
    assert by_address[pupils[0].email].subject == _subject("ru", "New assignment: %(title)s", title=title)
    assert by_address[pupils[1].email].subject == _subject("ky", "New assignment: %(title)s", title=title)
    with translation.override("ru"):
        link = reverse("classrooms:my_assignment", args=[assignment.pk])
    assert link.startswith("/ru/") and link in by_address[pupils[0].email].body


def test_a_rolled_back_assignment_sends_nothing(
    classroom, teacher, pupils, course, quiz, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
                raise RuntimeError("the request failed after the assignment")
        except RuntimeError:
            pass
    assert mail.outbox == [] and not Notice.objects.exists()


def test_pupils_who_have_not_finished_are_reminded_once_the_day_before(
    classroom, teacher, pupils, course, quiz, django_capture_on_commit_callbacks
):
    assignment = services.assignment_create(
        classroom=classroom,
        by=teacher,
        kind="quiz",
        content_id=quiz.pk,
        due_at=timezone.now() + timedelta(hours=20),
    )
    course_services.quiz_attempt_submit(user=pupils[0], quiz=quiz, answers=RIGHT_ANSWERS)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.due_soon_remind() == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.due_soon_remind()  # the clock runs it again: nobody is reminded twice
    reminded = set(
        Notice.objects.filter(assignment=assignment, kind=NoticeKind.DUE_SOON).values_list(
            "user_id", flat=True
        )
    )
    assert reminded == {pupils[1].pk, pupils[2].pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([pupils[1].email, pupils[2].email])


def test_an_assignment_that_opens_later_is_announced_when_it_opens(
    classroom, teacher, pupils, course, quiz, django_capture_on_commit_callbacks
):
    start = timezone.now() + timedelta(hours=3)
    assignment = services.assignment_create(
        classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk, starts_at=start
    )
    assert not Notice.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.assignments_opened_notify(now=start + timedelta(minutes=5))
    assert Notice.objects.filter(assignment=assignment).count() == 3


def test_a_weekly_digest_replaces_the_mail_per_item(
    classroom, teacher, pupils, course, quiz, django_capture_on_commit_callbacks
):
    for pupil in pupils:
        profile = services.profile_for(pupil)
        profile.email_frequency = EmailFrequency.WEEKLY
        profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
        services.assignment_create(classroom=classroom, by=teacher, kind="module", content_id=course[0].pk)
    assert mail.outbox == []
    assert classroom_mail.digests_send() == 3
    assert len(mail.outbox) == 3
    assert all(quiz.title in m.body and course[0].title in m.body for m in mail.outbox)
    assert classroom_mail.digests_send() == 0  # once a week
    assert classroom_mail.digests_send(now=timezone.now() + timedelta(days=8)) == 0  # nothing new to say
    assert not Notice.objects.filter(emailed_at__isnull=True).exists()


def test_teachers_get_a_weekly_summary_of_their_classes(classroom, teacher, pupils, course, quiz):
    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    course_services.quiz_attempt_submit(user=pupils[0], quiz=quiz, answers=RIGHT_ANSWERS)
    mail.outbox.clear()
    assert classroom_mail.summaries_send() == 1
    message = mail.outbox[0]
    assert message.to == [teacher.email]
    assert message.subject == _subject("ky", "Your classes this week")
    assert classroom.name in message.body and quiz.title in message.body
    assert classroom_mail.summaries_send() == 0
    assert ClassroomProfile.objects.get(user=teacher).last_summary_at is not None


def test_the_calendar_feed_lists_due_dates_in_bishkek_time(client, classroom, teacher, pupils, course, quiz):
    due = timezone.now().replace(microsecond=0) + timedelta(days=3)
    assignment = services.assignment_create(
        classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk, due_at=due
    )
    services.assignment_create(
        classroom=classroom, by=teacher, kind="module", content_id=course[0].pk
    )  # no due date
    token = services.profile_for(pupils[0]).calendar_token
    response = client.get(reverse("classrooms_feed:calendar", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    start = events[0].decoded("dtstart")
    assert start == due and str(start.tzinfo) == "Asia/Bishkek"
    assert str(events[0]["uid"]) == f"assignment-{assignment.pk}@civic"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Asia/Bishkek"
    # The teacher's feed has the due dates of what they set.
    teacher_feed = Calendar.from_ical(
        client.get(
            reverse("classrooms_feed:calendar", args=[services.profile_for(teacher).calendar_token])
        ).content
    )
    assert len(teacher_feed.walk("VEVENT")) == 1


def test_a_wrong_or_reset_calendar_secret_shows_nothing(client, pupils):
    old = services.profile_for(pupils[0]).calendar_token
    assert client.get(reverse("classrooms_feed:calendar", args=["not-a-secret"])).status_code == 404
    services.calendar_token_reset(user=pupils[0])
    assert client.get(reverse("classrooms_feed:calendar", args=[old])).status_code == 404


# ---- which assignments and which pupils the clock's runs reach ---------------------------------------------


def _later(classroom, teacher, content_id, *, hours, kind="quiz", **kwargs):
    return services.assignment_create(
        classroom=classroom,
        by=teacher,
        kind=kind,
        content_id=content_id,
        starts_at=timezone.now() + timedelta(hours=hours),
        **kwargs,
    )


def test_only_assignments_opened_in_the_last_two_days_are_announced(classroom, teacher, pupils, course, quiz):
    opened = _later(classroom, teacher, quiz.pk, hours=1)
    _later(classroom, teacher, course[0].pk, kind="module", hours=3)  # not yet open at the run
    stale = _later(classroom, teacher, course[1][0].pk, kind="lesson", hours=-60)
    Notice.objects.filter(assignment=stale).delete()
    assert services.assignments_opened_notify(now=timezone.now() + timedelta(hours=2)) == 1
    assert set(Notice.objects.values_list("assignment", flat=True)) == {opened.pk}


def test_every_assignment_opened_since_the_last_run_is_counted(classroom, teacher, pupils, course, quiz):
    _later(classroom, teacher, quiz.pk, hours=1)
    _later(classroom, teacher, course[0].pk, kind="module", hours=1)
    assert services.assignments_opened_notify(now=timezone.now() + timedelta(hours=2)) == 2


def test_an_archived_class_is_neither_announced_nor_reminded(classroom, teacher, pupils, course, quiz):
    _later(classroom, teacher, quiz.pk, hours=1, due_at=timezone.now() + timedelta(hours=20))
    services.classroom_archive(classroom=classroom, by=teacher)
    later = timezone.now() + timedelta(hours=2)
    assert services.assignments_opened_notify(now=later) == 0
    assert services.due_soon_remind(now=later) == 0
    assert not Notice.objects.exists()


def test_only_work_due_within_a_day_and_not_yet_due_is_reminded(classroom, teacher, pupils, course, quiz):
    now = timezone.now()
    for content_id, kind, due in (
        (quiz.pk, "quiz", now + timedelta(hours=20)),
        (course[0].pk, "module", now + timedelta(days=3)),
        (course[1][0].pk, "lesson", now + timedelta(minutes=30)),
    ):
        services.assignment_create(
            classroom=classroom, by=teacher, kind=kind, content_id=content_id, due_at=due
        )
    assert services.due_soon_remind(now=now + timedelta(hours=1)) == 3
    assert set(
        Notice.objects.filter(kind=NoticeKind.DUE_SOON).values_list("assignment__kind", flat=True)
    ) == {"quiz"}


def test_the_pupils_reminded_of_every_assignment_due_are_counted(classroom, teacher, pupils, course, quiz):
    due = timezone.now() + timedelta(hours=20)
    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk, due_at=due)
    services.assignment_create(
        classroom=classroom, by=teacher, kind="module", content_id=course[0].pk, due_at=due
    )
    assert services.due_soon_remind() == 6


def test_notices_go_to_this_classes_active_pupils_only(classroom, teacher, pupils, course, quiz):
    from tests.factories import StudentFactory

    other = services.classroom_create(by=teacher, name="9-Б", language="ky")
    elsewhere = StudentFactory()
    services.student_add(classroom=other, by=teacher, username=elsewhere.username)
    services.classroom_update(classroom=classroom, by=teacher, join_requires_approval=True)
    waiting = StudentFactory()
    services.class_join(student=waiting, code=classroom.join_code)
    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    assert set(Notice.objects.values_list("user_id", flat=True)) == {p.pk for p in pupils}


def test_an_assignment_for_chosen_pupils_notifies_them_only(classroom, teacher, pupils, course, quiz):
    services.assignment_create(
        classroom=classroom,
        by=teacher,
        kind="quiz",
        content_id=quiz.pk,
        student_ids=[pupils[0].pk, pupils[2].pk],
    )
    assert set(Notice.objects.values_list("user_id", flat=True)) == {pupils[0].pk, pupils[2].pk}


def test_marking_notices_read_touches_the_chosen_unread_ones_of_that_pupil(
    classroom, teacher, pupils, course, quiz
):
    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    services.assignment_create(classroom=classroom, by=teacher, kind="module", content_id=course[0].pk)
    first, second = Notice.objects.filter(user=pupils[0]).order_by("pk")
    assert services.notices_mark_read(user=pupils[0], ids=[first.pk]) == 1
    assert services.notices_mark_read(user=pupils[0], ids=[first.pk]) == 0  # already read
    assert services.notices_mark_read(user=pupils[1], ids=[second.pk]) == 0  # not theirs
    assert list(Notice.objects.filter(read_at__isnull=False).values_list("pk", flat=True)) == [first.pk]
    assert services.notices_mark_read(user=pupils[0]) == 1
    assert Notice.objects.filter(user=pupils[0], read_at__isnull=True).count() == 0
    assert Notice.objects.filter(user=pupils[1], read_at__isnull=True).count() == 2


def test_mail_for_each_item_unless_the_pupil_chose_otherwise(pupils):
    from courses.classrooms.services.notifications import wants_each

    assert wants_each(pupils[0]) is True  # no classroom profile yet: the default
    profile = services.profile_for(pupils[1])
    assert wants_each(pupils[1]) is (profile.email_frequency == EmailFrequency.EACH) is True
    profile.email_frequency = EmailFrequency.WEEKLY
    profile.save()
    pupils[1].refresh_from_db()
    assert wants_each(pupils[1]) is False


def test_a_notice_mail_that_cannot_be_sent_is_reported_by_its_kind_and_assignment(
    classroom, teacher, pupils, course, quiz, django_capture_on_commit_callbacks, monkeypatch
):
    from core.mail import MailError

    def broken(**kwargs):
        raise RuntimeError("the mail server is down")

    monkeypatch.setattr(classroom_mail, "notice_emails_send", broken)
    with pytest.raises(MailError) as exc, django_capture_on_commit_callbacks(execute=True):
        assignment = services.assignment_create(
            classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk
        )
    assert str(exc.value).startswith(f"Could not send the assigned notices of assignment {assignment.pk}:")
