"""The exam-week data set, run inside `manage.py shell` (after migrate and seed_demo) with EXAM_SCALE set.

At scale 1: 10,000 students in 300 classes of 100 teachers, 200 live lessons, 100,000 submitted quiz attempts
with their answers, 2,000 applications to one cohort of organiser1, 1,000 alumni and a forum event open to them.
Made once (the students' names mark it); prints the plan the locustfile needs as one JSON line: the people
by username and the ids and URLs they use.
"""

import datetime as dt
import json
import os
import random

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import User
from alumni.models import AlumniProfile, AlumniRecord, ForumEvent
from alumni.services.profiles import alumni_record_create
from camps.models import Application, Cohort
from courses import scoring
from courses.classrooms import services as classes
from courses.classrooms.models import Assignment, Classroom, Membership
from courses.models import LessonPage, ModulePage, Quiz, QuizAnswer, QuizAttempt
from tests.factories.alumni import ForumEventFactory
from tests.factories.camps import CohortFactory, birth_date_for_age
from tests.factories.courses import course_tree

SCALE = float(os.environ["EXAM_SCALE"])
STUDENTS = max(30, round(10_000 * SCALE))
CLASSES = max(3, round(300 * SCALE))
LESSONS = max(20, round(200 * SCALE))
ATTEMPTS = max(100, round(100_000 * SCALE))
APPLICATIONS = max(20, round(2_000 * SCALE))
ALUMNI = max(10, round(1_000 * SCALE))
TEACHERS = max(1, CLASSES // 3)
BATCH = 5_000

rng = random.Random(16)
now = timezone.now()
password = make_password("civic-demo")


def users(prefix: str, count: int, role: str, **fields) -> list[User]:
    names = [f"{prefix}{n:05d}" for n in range(count)]
    User.objects.bulk_create(
        [User(username=n, password=password, preferred_language="ky", **fields) for n in names],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    made = list(User.objects.filter(username__in=names).order_by("username"))
    group, _ = Group.objects.get_or_create(name=roles.group_name(role))
    Through = User.groups.through
    Through.objects.bulk_create(
        [Through(user_id=u.pk, group_id=group.pk) for u in made], batch_size=BATCH, ignore_conflicts=True
    )
    return made


def ky_quizzes() -> list[Quiz]:
    """Live Kyrgyz quizzes on a lesson, without an attempt limit or a timer (an exam week's practice quizzes)."""
    return list(
        Quiz.objects.filter(
            locale__language_code="ky",
            max_attempts=0,
            time_limit_minutes__isnull=True,
            lesson_links__lesson__live=True,
        )
        .distinct()
        .order_by("pk")
    )


def make() -> None:
    quizzes = ky_quizzes()
    have = LessonPage.objects.live().filter(locale__language_code="ky").count()
    while have < LESSONS:  # modules of ten lessons, the last one holding a demo quiz
        n = min(10, LESSONS - have)
        course_tree(lessons=n, quiz=quizzes[have % len(quizzes)], topic="rights")
        have += n

    students = users("exam-s", STUDENTS, roles.STUDENT, first_name="Окуучу", last_name="Сынак")
    teachers = users("exam-t", TEACHERS, roles.TEACHER, first_name="Мугалим", last_name="Сынак")
    lessons = list(LessonPage.objects.live().filter(locale__language_code="ky").order_by("path"))
    modules = list(ModulePage.objects.live().filter(locale__language_code="ky"))
    for c in range(CLASSES):
        teacher = teachers[c % len(teachers)]
        classroom = classes.classroom_create(
            by=teacher, name=f"{7 + c % 5}-{chr(1040 + c % 20)} {c}", language="ky"
        )
        pupils = students[c::CLASSES]
        Membership.objects.bulk_create(
            [Membership(classroom=classroom, student=p, status="active", via="teacher") for p in pupils]
        )
        contents = [("quiz", q) for q in rng.sample(quizzes, min(3, len(quizzes)))]
        contents += [("lesson", x) for x in rng.sample(lessons, 4)] + [("module", rng.choice(modules))]
        Assignment.objects.bulk_create(
            [
                Assignment(
                    classroom=classroom,
                    kind=kind,
                    **{kind: content},
                    content_key=content.translation_key,
                    title=content.title,
                    due_at=now + dt.timedelta(days=rng.randint(-10, 14)),
                    created_by=teacher,
                )
                for kind, content in contents
            ]
        )

    questions = {q.pk: scoring.quiz_questions(q) for q in quizzes}
    numbers: dict = {}
    for start in range(0, ATTEMPTS, BATCH):
        batch = []
        for i in range(start, min(ATTEMPTS, start + BATCH)):
            user = students[i % len(students)]
            quiz = quizzes[rng.randrange(len(quizzes))]
            key = (user.pk, quiz.translation_key)
            numbers[key] = numbers.get(key, 0) + 1
            when = now - dt.timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 600))
            batch.append(
                QuizAttempt(
                    user=user,
                    quiz=quiz,
                    quiz_key=quiz.translation_key,
                    number=numbers[key],
                    status="submitted",
                    started_at=when - dt.timedelta(minutes=rng.randint(2, 15)),
                    submitted_at=when,
                    max_score=sum(q.points for q in questions[quiz.pk]),
                )
            )
        answers = []
        for attempt in QuizAttempt.objects.bulk_create(batch):
            right = 0
            for q in questions[attempt.quiz_id]:
                correct = rng.random() < 0.65
                right += q.points if correct else 0
                answers.append(
                    QuizAnswer(
                        attempt=attempt,
                        question_id=q.id,
                        question_type=q.type,
                        correct=correct,
                        points=q.points if correct else 0,
                        max_points=q.points,
                    )
                )
            attempt.score = right
            attempt.passed = right * 100 >= attempt.quiz.pass_mark * attempt.max_score
        QuizAttempt.objects.bulk_update(batch, ["score", "passed"])
        QuizAnswer.objects.bulk_create(answers, batch_size=BATCH)

    organiser = User.objects.get(username="organiser1")
    demo_cohort = Cohort.objects.filter(organisers=organiser).first()
    cohort = CohortFactory(
        programme=demo_cohort.programme,
        name="Сынак жумасы",
        capacity=APPLICATIONS,
        organisers=[organiser],
    )
    Application.objects.bulk_create(
        [
            Application(
                cohort=cohort,
                applicant=student,
                full_name=f"{student.first_name} {student.username}",
                date_of_birth=birth_date_for_age(18, cohort.starts_on),
                region="osh",
                contact_email=f"{student.username}@example.org",
            )
            for student in students[:APPLICATIONS]
        ],
        batch_size=BATCH,
    )

    alumni = users("exam-a", ALUMNI, roles.STUDENT, first_name="Бүтүрүүчү", last_name="Сынак")
    for n, alumnus in enumerate(alumni):
        alumni_record_create(user=alumnus, programme=demo_cohort.programme, year=now.year - 1 - n % 5)
    AlumniProfile.objects.filter(user__in=alumni).update(region="osh")
    ForumEventFactory(name="Сынак жумасынын форуму", capacity=ALUMNI * 10, organisers=[organiser])


with transaction.atomic():
    if not User.objects.filter(username="exam-s00000").exists():
        make()

event = ForumEvent.objects.get(name="Сынак жумасынын форуму")
cohort = Cohort.objects.get(name="Сынак жумасы")
teachers = User.objects.filter(username__startswith="exam-t").order_by("username")
quizzes = ky_quizzes()
print(
    json.dumps(
        {
            "counts": {
                "students": User.objects.filter(username__startswith="exam-s").count(),
                "classes": Classroom.objects.filter(owner__username__startswith="exam-t").count(),
                "lessons": LessonPage.objects.live().filter(locale__language_code="ky").count(),
                "attempts": QuizAttempt.objects.count(),
                "applications": Application.objects.filter(cohort=cohort).count(),
                "alumni": AlumniRecord.objects.filter(user__username__startswith="exam-a").count(),
            },
            "students": list(
                User.objects.filter(username__startswith="exam-s")
                .order_by("username")
                .values_list("username", flat=True)
            ),
            "teachers": [
                [t.username, list(Classroom.objects.filter(owner=t).values_list("pk", flat=True))]
                for t in teachers
            ],
            "organisers": ["organiser1"],
            "alumni": list(
                User.objects.filter(username__startswith="exam-a")
                .order_by("username")
                .values_list("username", flat=True)
            ),
            "lessons": [
                x.url for x in LessonPage.objects.live().filter(locale__language_code="ky").order_by("path")
            ],
            "quizzes": [q.pk for q in quizzes],
            "applications": list(Application.objects.filter(cohort=cohort).values_list("pk", flat=True)),
            "event": event.pk,
        }
    )
)
