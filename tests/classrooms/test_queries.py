"""Query budgets: the dashboard, the report and the difficult questions cost the same for 4 and for 40 pupils
(30 assignments), whatever the number of attempts."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.classrooms import cache as classroom_cache
from courses.classrooms import services
from courses.classrooms.models import Assignment, AssignmentRecipient, Membership, MembershipStatus
from courses.models import LessonProgress, QuizAnswer, QuizAttempt
from tests.classrooms.conftest import api_for
from tests.factories import StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db

ASSIGNMENTS = 30
BUDGET = {"dashboard": 8, "report": 8, "questions": 6}  # measured; the same for 4 and 40 pupils


def _class_of(teacher, course, quiz, pupils: int):
    module, lessons = course
    classroom = services.classroom_create(by=teacher, name=f"{pupils} pupils")
    students = [StudentFactory() for _ in range(pupils)]
    Membership.objects.bulk_create(
        [
            Membership(classroom=classroom, student=s, status=MembershipStatus.ACTIVE, via="teacher")
            for s in students
        ]
    )
    kinds = [("quiz", {"quiz": quiz}), ("module", {"module": module}), ("lesson", {"lesson": lessons[0]})]
    assignments = []
    for n in range(ASSIGNMENTS):
        kind, content = kinds[n % 3]
        target = next(iter(content.values()))
        assignments.append(
            Assignment(
                classroom=classroom,
                kind=kind,
                content_key=target.translation_key,
                title=f"{kind} {n}",
                for_everyone=n % 2 == 0,
                **content,
            )
        )
    Assignment.objects.bulk_create(assignments)
    AssignmentRecipient.objects.bulk_create(
        [AssignmentRecipient(assignment=a, student=students[0]) for a in assignments if not a.for_everyone]
    )
    now = timezone.now()
    for s in students:
        attempt = QuizAttempt.objects.create(
            user=s,
            quiz=quiz,
            quiz_key=quiz.translation_key,
            number=1,
            status="submitted",
            started_at=now,
            submitted_at=now,
            score=3,
            max_score=5,
        )
        QuizAnswer.objects.bulk_create(
            [
                QuizAnswer(
                    attempt=attempt,
                    question_id=q,
                    question_type="single_choice",
                    response="q1-a",
                    correct=True,
                    points=1,
                )
                for q in ("q1", "q2", "q3", "q4")
            ]
        )
        LessonProgress.objects.create(
            user=s,
            lesson_key=lessons[0].translation_key,
            module_key=module.translation_key,
            lesson=lessons[0],
            last_seen_at=now,
            completed_at=now,
        )
    return classroom


def _count(action) -> int:
    classroom_cache.changed()  # the work itself, not a cached answer
    with CaptureQueriesContext(connection) as queries:
        response = action()
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("what", ["dashboard", "report", "questions"])
def test_the_budget_does_not_grow_with_the_class(
    client, teacher, course, quiz, what, django_assert_max_num_queries
):
    small = _class_of(teacher, course, quiz, 4)
    large = _class_of(TeacherFactory(), course, quiz, 40)  # each teacher's dashboard has one class

    clients = {}
    for classroom in (small, large):
        page_client = Client()
        page_client.force_login(classroom.owner)
        clients[classroom.pk] = (page_client, api_for(classroom.owner))

    def run(classroom):
        page_client, api = clients[classroom.pk]
        if what == "dashboard":
            return page_client.get(reverse("classrooms:teach"))
        if what == "report":
            return api.get(f"/api/v1/classes/{classroom.pk}/report/")
        return api.get(f"/api/v1/classes/{classroom.pk}/quizzes/{quiz.pk}/questions/")

    run(small)  # warm caches (content types, locales)
    run(large)
    counts = [_count(lambda c=c: run(c)) for c in (small, large)]
    assert counts[0] == counts[1], counts
    classroom_cache.changed()
    with django_assert_max_num_queries(BUDGET[what]):
        run(large)


def test_the_cached_dashboard_and_report_follow_a_pupils_new_work(
    client, teacher, classroom, pupils, course, quiz
):
    from courses import services as course_services
    from tests.factories.courses import RIGHT_ANSWERS

    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    client.force_login(teacher)
    client.get(reverse("classrooms:teach"))  # sets the CSRF cookie: from now on cacheable
    api = api_for(teacher)
    assert client.get(reverse("classrooms:teach")).context["summaries"][0].latest.done == 0
    assert api.get(f"/api/v1/classes/{classroom.pk}/report/").json()["assignments"][0]["done"] == 0
    cached = client.get(reverse("classrooms:teach"))
    assert cached.context is None  # served from the cache
    course_services.quiz_attempt_submit(user=pupils[0], quiz=quiz, answers=RIGHT_ANSWERS)
    assert client.get(reverse("classrooms:teach")).context["summaries"][0].latest.done == 1
    assert api.get(f"/api/v1/classes/{classroom.pk}/report/").json()["assignments"][0]["done"] == 1
    services.membership_remove(classroom=classroom, by=teacher, student_id=pupils[2].pk)
    assert client.get(reverse("classrooms:teach")).context["summaries"][0].classroom.pupils == 2


def test_the_cached_dashboard_follows_the_work_of_a_pupil_who_joined_after_it_was_cached(
    client, teacher, classroom, pupils, course, quiz
):
    """The pupils whose work a cached dashboard follows are read again when the class changes."""
    from courses import services as course_services
    from tests.factories.courses import RIGHT_ANSWERS

    services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
    client.force_login(teacher)
    client.get(reverse("classrooms:teach"))  # sets the CSRF cookie: from now on cacheable
    client.get(reverse("classrooms:teach"))
    newcomer = StudentFactory()
    services.student_add(classroom=classroom, by=teacher, username=newcomer.username)
    assert client.get(reverse("classrooms:teach")).context["summaries"][0].classroom.pupils == 4
    assert client.get(reverse("classrooms:teach")).context is None  # cached with the newcomer in it
    course_services.quiz_attempt_submit(user=newcomer, quiz=quiz, answers=RIGHT_ANSWERS)
    assert client.get(reverse("classrooms:teach")).context["summaries"][0].latest.done == 1


@pytest.fixture
def on_redis():
    """The cache as production runs it (core.cache.RedisCache on a throw-away redis-server)."""
    from django.test import override_settings

    from tests.servers import redis_server

    with (
        redis_server() as url,
        override_settings(CACHES={"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": url}}),
    ):
        yield


def test_on_redis_a_cached_dashboard_compares_one_counter_however_many_pupils(
    on_redis, client, teacher, course, quiz, monkeypatch
):
    """A teacher's dashboard served from the cache asks Redis the same for 3 pupils as for 30 (their work is
    one counter that follows them all), and still shows a pupil's new work at once."""
    import redis

    from courses import services as course_services
    from tests.factories.courses import RIGHT_ANSWERS

    sent = []
    real = redis.Redis.execute_command

    def spy(self, *args, **options):
        sent.append((args[0], len(args)))
        return real(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", spy)
    client.force_login(teacher)
    client.get(reverse("classrooms:teach"))  # sets the CSRF cookie: from now on cacheable
    asked = []
    for pupils in (3, 30):
        classroom = _class_of(teacher, course, quiz, pupils)
        services.assignment_create(classroom=classroom, by=teacher, kind="quiz", content_id=quiz.pk)
        client.get(reverse("classrooms:teach"))  # drawn and cached
        sent.clear()
        assert client.get(reverse("classrooms:teach")).context is None  # from the cache
        asked.append(list(sent))
        services.classroom_archive(classroom=classroom, by=teacher)  # the next class is shown alone
    assert asked[0] == asked[1], asked

    pupil = Membership.objects.filter(classroom=classroom).first().student
    services.classroom_archive(classroom=classroom, by=teacher, archived=False)
    client.get(reverse("classrooms:teach"))
    assert client.get(reverse("classrooms:teach")).context is None
    course_services.quiz_attempt_submit(user=pupil, quiz=quiz, answers=RIGHT_ANSWERS)
    assert client.get(reverse("classrooms:teach")).context is not None  # drawn again with the new work
