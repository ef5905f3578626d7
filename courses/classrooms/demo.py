"""Demo classroom: teacher1's class 9-А of 25 pupils (student1 and 24 pupils whose accounts the teacher made) with
five assignments on the demo modules over the last month, a realistic spread of progress, scores and late work,
and one reteach (practice) quiz for the pupils who missed the hardest questions. Idempotent: a second run finds
the class and does nothing. The spread is drawn from a fixed seed, so every run builds the same class."""

import random
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from accounts import roles
from accounts.models import User
from accounts.services import role_grant
from courses import scoring
from courses import services as course_services
from courses.models import LessonPage, LessonProgress, ModulePage, Quiz, QuizAttempt

from . import selectors, services
from .models import Assignment, AssignmentKind, Classroom, ClassroomProfile, Membership, MembershipStatus

CLASS_NAME = "9-А"
SCHOOL = "Бишкек шаарындагы №61 мектеп-гимназия"
PUPILS = [
    ("Айбек", "Осмонов"), ("Нурайым", "Сыдыкова"), ("Бакыт", "Жумаев"), ("Жаныл", "Токтосунова"),
    ("Эрмек", "Бекболотов"), ("Асель", "Кадырова"), ("Улан", "Абдыкеримов"), ("Бегимай", "Алиева"),
    ("Талгат", "Мамытов"), ("Айгерим", "Сатыбалдиева"), ("Нурсултан", "Эсенов"), ("Мээрим", "Турдубаева"),
    ("Азамат", "Кочкоров"), ("Элнура", "Шаршеева"), ("Данияр", "Акматов"), ("Айпери", "Жолдошева"),
    ("Тилек", "Орозбеков"), ("Салтанат", "Насирова"), ("Бекзат", "Исаков"), ("Камила", "Рахимова"),
    ("Нурбек", "Усенов"), ("Адина", "Молдобаева"), ("Эмир", "Ташиев"), ("Сезим", "Кубатбекова"),
]  # fmt: skip


def seed(*, stdout) -> None:
    teacher = User.objects.filter(username="teacher1").first()
    if teacher is None:
        stdout.write("No teacher1: run the accounts demo first.")
        return
    if Classroom.objects.filter(owner=teacher, name=CLASS_NAME).exists():
        stdout.write("Demo class ready.")
        return
    modules = list(ModulePage.objects.live().filter(locale__language_code="ky").order_by("path"))
    if len(modules) < 3:
        stdout.write("No demo modules: run the courses demo first.")
        return
    now = timezone.now()
    rng = random.Random(2026)
    classroom = services.classroom_create(
        by=teacher, name=CLASS_NAME, school=SCHOOL, grade=9, language="ky", join_requires_approval=True
    )
    Classroom.objects.filter(pk=classroom.pk).update(created_at=now - timedelta(days=35))
    pupils = _pupils(classroom, teacher)

    lessons = {m.pk: list(LessonPage.objects.live().child_of(m).order_by("path")) for m in modules}
    quizzes = [_quiz_of(lessons[m.pk]) for m in modules[:3]]
    plan = [
        # kind, content, created days ago, due in days (negative: past), opens in days
        (AssignmentKind.MODULE, modules[0], 30, -21, None),
        (AssignmentKind.QUIZ, quizzes[0], 24, -14, None),
        (AssignmentKind.LESSON, lessons[modules[1].pk][0], 12, -6, None),
        (AssignmentKind.QUIZ, quizzes[1], 5, 3, None),
        (AssignmentKind.MODULE, modules[2], 1, 12, 0),
    ]
    assignments = []
    for kind, content, created, due, opens in plan:
        assignment = Assignment.objects.create(
            classroom=classroom,
            kind=kind,
            **{kind: content},
            content_key=content.translation_key,
            title=content.title,
            note="Сабакка чейин бүтүргүлө." if kind == AssignmentKind.QUIZ else "",
            starts_at=now + timedelta(days=opens) if opens is not None else None,
            due_at=_evening(now + timedelta(days=due)),
            created_by=teacher,
            created_at=now - timedelta(days=created),
        )
        assignments.append(assignment)

    ability = {p.pk: rng.uniform(0.35, 0.97) for p in pupils}
    diligence = {p.pk: rng.random() for p in pupils}
    for assignment in assignments:
        opened = assignment.created_at
        for pupil in pupils:
            _work(rng, assignment, pupil, ability[pupil.pk], diligence[pupil.pk], opened, now, lessons)

    # Reteach: the two hardest questions of the first quiz, for the pupils whose latest attempt missed them.
    stats = selectors.difficult_questions(classroom=classroom, quiz=quizzes[0])
    hardest = [s.question.id for s in stats if s.missed_by][:2]
    if hardest:
        practice = services.reteach_create(
            classroom=classroom,
            by=teacher,
            quiz_id=quizzes[0].pk,
            question_ids=hardest,
            due_at=_evening(now + timedelta(days=4)),
            note="Ката кеткен суроолорду кайра карап чыгалы.",
        )
        for recipient in list(practice.recipients.all())[::3]:
            pupil = next(p for p in pupils if p.pk == recipient.student_id)
            _take_quiz(rng, practice.quiz, pupil, min(ability[pupil.pk] + 0.3, 1.0), now - timedelta(hours=5))
    stdout.write(
        f"Demo class ready: {classroom.name} of teacher1, {len(pupils)} pupils, join code {classroom.join_code}."
    )


def _evening(moment):
    """18:00 in Bishkek on that day: when school work is usually due."""
    return timezone.localtime(moment).replace(hour=18, minute=0, second=0, microsecond=0)


def _pupils(classroom: Classroom, teacher: User) -> list[User]:
    pupils = []
    student1 = User.objects.filter(username="student1").first()
    if student1 is not None:
        Membership.objects.get_or_create(
            classroom=classroom,
            student=student1,
            defaults={"status": MembershipStatus.ACTIVE, "via": Membership.Via.CODE},
        )
        pupils.append(student1)
    for n, (first, last) in enumerate(PUPILS[: 25 - len(pupils)], start=1):
        user, created = User.objects.get_or_create(
            username=f"pupil{n:02d}",
            defaults={"first_name": first, "last_name": last, "preferred_language": "ky"},
        )
        if created:
            user.set_password(settings.CIVIC_DEMO_PASSWORD)
            user.save()
            role_grant(user=user, role=roles.STUDENT)
            ClassroomProfile.objects.get_or_create(
                user=user,
                defaults={"account_created_by": teacher, "calendar_token": secrets.token_urlsafe(32)},
            )
        Membership.objects.get_or_create(
            classroom=classroom,
            student=user,
            defaults={"status": MembershipStatus.ACTIVE, "via": Membership.Via.ROSTER},
        )
        pupils.append(user)
    return pupils


def _quiz_of(module_lessons: list[LessonPage]) -> Quiz:
    return next(c.value["quiz"] for lesson in module_lessons for c in lesson.body if c.block_type == "quiz")


def _answer(question: scoring.Question, right: bool):
    if question.type == "single_choice":
        pick = [c for c in question.choices if c["correct"] == right]
        return pick[0]["id"]
    if question.type == "multiple_choice":
        correct = [c["id"] for c in question.choices if c["correct"]]
        return correct if right else correct[:1] + [c["id"] for c in question.choices if not c["correct"]][:1]
    if question.type == "true_false":
        return question.correct if right else not question.correct
    return [blank[0] if right else "билбейм" for blank in question.blanks]


def _take_quiz(rng, quiz: Quiz, pupil: User, ability: float, when) -> QuizAttempt | None:
    """One submitted attempt at `when`; None when the quiz allows no more attempts."""
    used = QuizAttempt.objects.filter(user=pupil, quiz_key=quiz.translation_key).count()
    if quiz.max_attempts and used >= quiz.max_attempts:
        return None
    questions = scoring.quiz_questions(quiz)
    # Later questions are a little harder: the report then has a clear "hardest question".
    answers = {q.id: _answer(q, rng.random() < ability - 0.12 * n) for n, q in enumerate(questions)}
    attempt = course_services.quiz_attempt_submit(user=pupil, quiz=quiz, answers=answers)
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        started_at=when - timedelta(minutes=9), submitted_at=when
    )
    quiz_lessons = LessonPage.objects.filter(quiz_links__quiz__translation_key=quiz.translation_key)
    LessonProgress.objects.filter(
        user=pupil, lesson_key__in=quiz_lessons.values("translation_key"), completed_at__gt=when
    ).update(completed_at=when, last_seen_at=when)
    return attempt


def _when(rng, opened, due, now, diligence: float):
    """When this pupil finished: diligent ones early, some on the last evening, a few late, some never."""
    if diligence < 0.15 and rng.random() < 0.8:
        return None  # has not done it
    if rng.random() < 0.25 - diligence / 5:
        moment = due + timedelta(hours=rng.uniform(2, 60))  # late
    else:
        span = (due - opened).total_seconds()
        moment = opened + timedelta(seconds=span * rng.uniform(0.1, 0.98) * (1.2 - diligence))
    return moment if moment < now else None


def _work(rng, assignment, pupil, ability, diligence, opened, now, lessons) -> None:
    if assignment.starts_at is not None and assignment.starts_at > now:
        return
    when = _when(rng, opened, assignment.due_at, now, diligence)
    if assignment.kind == AssignmentKind.QUIZ:
        if when is None:
            return
        _take_quiz(rng, assignment.quiz, pupil, ability, when)
        if ability < 0.6 and rng.random() < 0.5:  # a second try a day later
            retry = when + timedelta(days=1)
            if retry < now:
                _take_quiz(rng, assignment.quiz, pupil, ability + 0.15, retry)
        return
    targets = (
        [assignment.lesson] if assignment.kind == AssignmentKind.LESSON else lessons[assignment.module_id]
    )
    started_only = when is None and diligence > 0.05 and rng.random() < 0.6
    if when is None and not started_only:
        return
    for n, lesson in enumerate(targets):
        moment = (when or now) - timedelta(hours=2 * (len(targets) - n))
        quiz = next((c.value["quiz"] for c in lesson.body if c.block_type == "quiz"), None)
        if started_only and n > 0:
            break
        if quiz is not None and not started_only:
            attempt = _take_quiz(rng, quiz, pupil, max(ability, 0.9), moment)
            if attempt is not None and not attempt.passed and moment + timedelta(hours=1) < now:
                _take_quiz(rng, quiz, pupil, 1.2, moment + timedelta(hours=1))  # read again, passed
            continue
        LessonProgress.objects.update_or_create(
            user=pupil,
            lesson_key=lesson.translation_key,
            defaults={
                "module_key": _module_key(lesson),
                "lesson": lesson,
                "last_seen_at": moment,
                "marked_done": not started_only,
                "completed_at": None if started_only else moment,
            },
        )


def _module_key(lesson: LessonPage):
    return (
        ModulePage.objects.filter(path=lesson.path[: -lesson.steplen])
        .values_list("translation_key", flat=True)
        .first()
    )
