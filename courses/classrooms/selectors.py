"""Every non-trivial read of classrooms: the classes a teacher sees, the pupils' work on assignments (the matrix),
difficult questions, one pupil's history, a pupil's own assignments.

Scoping: a teacher reads only classes they teach (``classes_taught``) and, in them, only the work on those
classes' assignments by those classes' pupils; a pupil reads only their own work.

Budgets: each function runs a fixed number of queries whatever the number of pupils, assignments or attempts
(the work of every pupil on every assignment is read with at most three queries, ``work_map``).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce
from operator import or_

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

from core.errors import NotAllowed, NotFound

from .. import scoring
from ..models import (
    AttemptStatus,
    LessonPage,
    LessonProgress,
    LessonQuiz,
    ModulePage,
    Quiz,
    QuizAnswer,
    QuizAttempt,
)
from . import states
from .models import (
    Assignment,
    AssignmentKind,
    Classroom,
    ClassroomProfile,
    CoTeacher,
    Membership,
    MembershipStatus,
    Notice,
)
from .permissions import teaches

# ---- classes ------------------------------------------------------------------------------------------------


def classes_taught(*, user) -> QuerySet[Classroom]:
    """The classes this person owns or shares; none for the anonymous."""
    if not (user and user.is_authenticated):
        return Classroom.objects.none()
    shared = CoTeacher.objects.filter(teacher=user).values("classroom_id")
    return Classroom.objects.filter(Q(owner=user) | Q(pk__in=shared))


def classroom_for_teacher(*, user, pk) -> Classroom:
    """A class this person teaches: NotFound when there is none, NotAllowed when it is someone else's."""
    classroom = Classroom.objects.select_related("owner").filter(pk=pk).first()
    if classroom is None:
        raise NotFound(_("There is no such class."))
    if not teaches(user, classroom):
        raise NotAllowed(_("This is not one of your classes."))
    return classroom


def classroom_by_code(*, code: str) -> Classroom | None:
    code = (code or "").strip().replace(" ", "").replace("-", "")
    if not code.isdigit():
        return None
    return Classroom.objects.filter(join_code=code).first()


def _count(model, **filters):
    return Coalesce(
        Subquery(
            model.objects.filter(classroom=OuterRef("pk"), **filters)
            .order_by()
            .values("classroom")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def classes_with_counts(*, user, archived: bool | None = False, pk: int | None = None) -> list[Classroom]:
    """The teacher's classes (current, archived, or both with None; or the one with `pk`) with their numbers of
    pupils, pending joins and assignments. One query."""
    classes = classes_taught(user=user)
    if archived is not None:
        classes = classes.filter(archived_at__isnull=not archived)
    if pk is not None:
        classes = classes.filter(pk=pk)
    return list(
        classes.annotate(
            pupils=_count(Membership, status=MembershipStatus.ACTIVE),
            pending=_count(Membership, status=MembershipStatus.PENDING),
            assignment_count=_count(Assignment),
        )
        .select_related("owner")
        .order_by(F("archived_at").asc(nulls_first=True), "-academic_year", "name", "pk")
    )


def pupil_ids_taught(*, user) -> list[int]:
    """The pupils of this teacher's current classes (for the dashboard's cache key). One query."""
    return list(
        Membership.objects.filter(
            classroom__in=classes_taught(user=user).filter(archived_at__isnull=True),
            status=MembershipStatus.ACTIVE,
        ).values_list("student_id", flat=True)
    )


def pupil_ids_of(*, classroom: Classroom) -> list[int]:
    return list(
        Membership.objects.filter(classroom=classroom, status=MembershipStatus.ACTIVE).values_list(
            "student_id", flat=True
        )
    )


def co_teachers_of(*, classroom: Classroom) -> list:
    return [c.teacher for c in classroom.co_teachers.select_related("teacher").order_by("added_at")]


def members_of(*, classroom: Classroom, status: str | None = MembershipStatus.ACTIVE) -> list[Membership]:
    memberships = Membership.objects.filter(classroom=classroom).select_related(
        "student", "student__classroom_profile"
    )
    if status:
        memberships = memberships.filter(status=status)
    return list(memberships.order_by("student__last_name", "student__first_name", "student__username"))


def membership_of(*, classroom: Classroom, student_id: int) -> Membership:
    membership = (
        Membership.objects.filter(classroom=classroom, student_id=student_id)
        .select_related("student")
        .first()
    )
    if membership is None:
        raise NotFound(_("This pupil is not in the class."))
    return membership


# ---- content a class can be given ---------------------------------------------------------------------------


def class_locale(classroom: Classroom) -> Locale:
    return Locale.objects.get_or_create(language_code=classroom.language)[0]


@dataclass
class ContentChoices:
    modules: list  # [(module, [lessons])]
    quizzes: list  # [(quiz, lesson)]


def content_choices(*, classroom: Classroom) -> ContentChoices:
    """What can be assigned to this class: the live modules and lessons and the quizzes of live lessons, in the
    class's language. Three queries."""
    locale = class_locale(classroom)
    modules = list(ModulePage.objects.live().public().filter(locale=locale).order_by("path"))
    lessons = []
    if modules:
        lessons = list(
            LessonPage.objects.live()
            .filter(reduce(or_, (Q(path__startswith=m.path, depth=m.depth + 1) for m in modules)))
            .order_by("path")
            .defer("body")
        )
    links = (
        LessonQuiz.objects.filter(lesson__live=True, lesson__locale=locale, quiz__locale=locale)
        .select_related("quiz", "lesson")
        .order_by("lesson__path")
    )
    return ContentChoices(
        modules=[(m, [lesson for lesson in lessons if lesson.path.startswith(m.path)]) for m in modules],
        quizzes=[(link.quiz, link.lesson) for link in links],
    )


def lesson_of_quiz(*, quiz: Quiz) -> LessonPage | None:
    """The live lesson that holds this quiz (in the quiz's language), for a link to take it."""
    return LessonPage.objects.live().filter(quiz_links__quiz=quiz).order_by("path").first()


# ---- work on assignments ------------------------------------------------------------------------------------


def _module_lesson_keys(assignments: list[Assignment]) -> dict[int, list]:
    """{module id: translation keys of its live lessons}; one query for every module assigned."""
    modules = {a.module_id: a.module for a in assignments if a.kind == AssignmentKind.MODULE}
    if not modules:
        return {}
    lessons = LessonPage.objects.live().filter(
        reduce(or_, (Q(path__startswith=m.path, depth=m.depth + 1) for m in modules.values()))
    )
    keys: dict[int, list] = {pk: [] for pk in modules}
    for path, key in lessons.values_list("path", "translation_key"):
        for pk, module in modules.items():
            if path.startswith(module.path):
                keys[pk].append(key)
    return keys


def work_map(*, student_ids: list[int], assignments: list[Assignment]) -> dict[tuple[int, int], states.Work]:
    """{(pupil id, assignment id): Work} for every pupil and assignment given (whether or not the pupil is a
    recipient: the caller decides). At most three queries, whatever the numbers."""
    if not student_ids or not assignments:
        return {}
    module_keys = _module_lesson_keys(assignments)
    lesson_keys = {a.content_key for a in assignments if a.kind == AssignmentKind.LESSON}
    for keys in module_keys.values():
        lesson_keys.update(keys)
    quiz_keys = {a.content_key for a in assignments if a.kind == AssignmentKind.QUIZ}

    progress: dict[tuple[int, object], datetime | None] = {}
    if lesson_keys:
        for user_id, key, completed_at in LessonProgress.objects.filter(
            user_id__in=student_ids, lesson_key__in=lesson_keys
        ).values_list("user_id", "lesson_key", "completed_at"):
            progress[(user_id, key)] = completed_at
    attempts: dict[tuple[int, object], list] = defaultdict(list)
    if quiz_keys:
        for row in QuizAttempt.objects.filter(user_id__in=student_ids, quiz_key__in=quiz_keys).values_list(
            "user_id", "quiz_key", "status", "submitted_at", "score", "max_score"
        ):
            attempts[(row[0], row[1])].append(row[2:])

    result = {}
    for assignment in assignments:
        for student_id in student_ids:
            result[(student_id, assignment.pk)] = _work(
                assignment, student_id, progress, attempts, module_keys.get(assignment.module_id, [])
            )
    return result


def _work(assignment, student_id, progress, attempts, module_keys) -> states.Work:
    if assignment.kind == AssignmentKind.LESSON:
        key = (student_id, assignment.content_key)
        return states.Work(done_at=progress.get(key), started=key in progress)
    if assignment.kind == AssignmentKind.MODULE:
        rows = [(student_id, k) for k in module_keys]
        started = any(r in progress for r in rows)
        finished = [progress.get(r) for r in rows]
        done_at = max(finished) if finished and all(finished) else None
        return states.Work(done_at=done_at, started=started)
    mine = attempts.get((student_id, assignment.content_key), [])
    submitted = [(at, score, top) for status, at, score, top in mine if status == AttemptStatus.SUBMITTED]
    best = max((round(100 * score / top) if top else 0 for _at, score, top in submitted), default=None)
    return states.Work(
        done_at=min((at for at, _s, _t in submitted), default=None),
        started=bool(mine),
        best_percent=best,
        attempts=len(submitted),
    )


def _recipients(assignment: Assignment, active_ids: list[int]) -> list[int]:
    if assignment.for_everyone:
        return active_ids
    chosen = {r.student_id for r in assignment.recipients.all()}
    return [pk for pk in active_ids if pk in chosen]


@dataclass
class Cell:
    state: str
    best_percent: int | None
    done_at: datetime | None
    attempts: int

    @property
    def label(self) -> str:
        return str(states.LABELS[self.state])


@dataclass
class Column:
    assignment: Assignment
    recipients: int = 0
    done: int = 0
    late: int = 0
    overdue: int = 0
    average_percent: int | None = None  # quizzes: the mean of the pupils' best scores

    @property
    def done_percent(self) -> int:
        return round(100 * self.done / self.recipients) if self.recipients else 0


@dataclass
class Matrix:
    classroom: Classroom
    students: list  # users, in the table's order
    columns: list[Column]
    cells: dict = field(default_factory=dict)  # (student id, assignment id) -> Cell (absent: not assigned)

    def rows(self):
        for student in self.students:
            yield student, [self.cells.get((student.pk, c.assignment.pk)) for c in self.columns]


def assignments_of(*, classroom: Classroom) -> list[Assignment]:
    return list(
        Assignment.objects.filter(classroom=classroom)
        .select_related("module")
        .prefetch_related("recipients")
        .order_by("created_at", "pk")
    )


def class_matrix(*, classroom: Classroom, now=None) -> Matrix:
    """Pupils × assignments: each cell's state, best score and date; per assignment the counts and the class
    average. A fixed number of queries (pupils, assignments and their recipients, then ``work_map``)."""
    now = now or timezone.now()
    students = [m.student for m in members_of(classroom=classroom)]
    assignments = assignments_of(classroom=classroom)
    active_ids = [s.pk for s in students]
    work = work_map(student_ids=active_ids, assignments=assignments)
    matrix = Matrix(classroom=classroom, students=students, columns=[])
    for assignment in assignments:
        column = Column(assignment)
        scores = []
        for student_id in _recipients(assignment, active_ids):
            w = work[(student_id, assignment.pk)]
            state = states.state_of(work=w, due_at=assignment.due_at, now=now)
            matrix.cells[(student_id, assignment.pk)] = Cell(state, w.best_percent, w.done_at, w.attempts)
            column.recipients += 1
            column.done += state in states.FINISHED
            column.late += state == states.DONE_LATE
            column.overdue += state == states.OVERDUE
            if w.best_percent is not None:
                scores.append(w.best_percent)
        if scores:
            column.average_percent = round(sum(scores) / len(scores))
        matrix.columns.append(column)
    return matrix


@dataclass
class ClassSummary:
    classroom: Classroom
    latest: Column | None  # the newest assignment's counts


def dashboard(*, user, now=None) -> list[ClassSummary]:
    """The teacher's current classes with their counts and how the newest assignment of each is going. A fixed
    number of queries for any number of classes, pupils and assignments."""
    now = now or timezone.now()
    classes = classes_with_counts(user=user)
    if not classes:
        return []
    newest_ids = Subquery(
        Assignment.objects.filter(classroom=OuterRef("classroom"))
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    latest = list(
        Assignment.objects.filter(classroom__in=classes, pk=newest_ids)
        .select_related("module")
        .prefetch_related("recipients")
    )
    members = defaultdict(list)
    for classroom_id, student_id in Membership.objects.filter(
        classroom__in=classes, status=MembershipStatus.ACTIVE
    ).values_list("classroom_id", "student_id"):
        members[classroom_id].append(student_id)
    work = work_map(student_ids=sorted({s for ids in members.values() for s in ids}), assignments=latest)
    by_class = {}
    for assignment in latest:
        column = Column(assignment)
        for student_id in _recipients(assignment, members[assignment.classroom_id]):
            state = states.state_of(work=work[(student_id, assignment.pk)], due_at=assignment.due_at, now=now)
            column.recipients += 1
            column.done += state in states.FINISHED
            column.overdue += state == states.OVERDUE
        by_class[assignment.classroom_id] = column
    return [ClassSummary(c, by_class.get(c.pk)) for c in classes]


# ---- difficult questions ------------------------------------------------------------------------------------


@dataclass
class Option:
    id: str
    text: str
    correct: bool
    chosen: int = 0
    share: int = 0


@dataclass
class QuestionStats:
    question: scoring.Question
    answers: int = 0
    correct: int = 0
    options: list[Option] = field(default_factory=list)
    missed_by: list[int] = field(default_factory=list)  # pupils whose latest attempt got it wrong

    @property
    def share_correct(self) -> int:
        return round(100 * self.correct / self.answers) if self.answers else 0


def quiz_in_class(*, classroom: Classroom, quiz_id: int) -> Quiz:
    """A quiz assigned to this class (by id of any of its translations), in the class's language."""
    quiz = Quiz.objects.filter(pk=quiz_id).first()
    if (
        quiz is None
        or not Assignment.objects.filter(
            classroom=classroom, kind=AssignmentKind.QUIZ, content_key=quiz.translation_key
        ).exists()
    ):
        raise NotFound(_("This quiz is not assigned to the class."))
    locale = class_locale(classroom)
    if quiz.locale_id != locale.pk:
        quiz = Quiz.objects.filter(translation_key=quiz.translation_key, locale=locale).first() or quiz
    return quiz


def difficult_questions(*, classroom: Classroom, quiz: Quiz) -> list[QuestionStats]:
    """Each question of the quiz, hardest first: the share of right answers and of each option chosen, over the
    submitted attempts of the class's pupils; and which pupils' latest attempt got it wrong. Two queries."""
    student_ids = list(
        Membership.objects.filter(classroom=classroom, status=MembershipStatus.ACTIVE).values_list(
            "student_id", flat=True
        )
    )
    questions = scoring.quiz_questions(quiz)
    stats = {q.id: QuestionStats(q, options=_options(q)) for q in questions}
    rows = QuizAnswer.objects.filter(
        attempt__user_id__in=student_ids,
        attempt__quiz_key=quiz.translation_key,
        attempt__status=AttemptStatus.SUBMITTED,
    ).values_list("attempt__user_id", "attempt__number", "question_id", "correct", "response")
    latest: dict[tuple[int, str], tuple[int, bool]] = {}
    for user_id, number, question_id, correct, response in rows:
        item = stats.get(question_id)
        if item is None:  # removed from the quiz since
            continue
        item.answers += 1
        item.correct += bool(correct)
        chosen = response if isinstance(response, list) else [response]
        for option in item.options:
            if option.id in [str(c).lower() for c in chosen]:
                option.chosen += 1
        previous = latest.get((user_id, question_id))
        if previous is None or number > previous[0]:
            latest[(user_id, question_id)] = (number, bool(correct))
    for (user_id, question_id), (_number, correct) in latest.items():
        if not correct:
            stats[question_id].missed_by.append(user_id)
    for item in stats.values():
        for option in item.options:
            option.share = round(100 * option.chosen / item.answers) if item.answers else 0
        item.missed_by.sort()
    return sorted(stats.values(), key=lambda s: (s.share_correct if s.answers else 101, s.question.id))


def _options(question: scoring.Question) -> list[Option]:
    if question.choices:
        return [Option(c["id"], c["text"], c["correct"]) for c in question.choices]
    if question.type == "true_false":
        return [
            Option("true", _("True"), question.correct is True),
            Option("false", _("False"), question.correct is False),
        ]
    return []


# ---- one pupil ----------------------------------------------------------------------------------------------


@dataclass
class HistoryItem:
    assignment: Assignment
    cell: Cell
    attempts: list  # QuizAttempt rows (quizzes), newest first


def student_history(*, classroom: Classroom, student_id: int, now=None) -> list[HistoryItem]:
    """Everything a pupil was given in this class with its state, and every attempt at the class's quizzes."""
    now = now or timezone.now()
    assignments = [
        a for a in assignments_of(classroom=classroom) if _recipients(a, [student_id]) == [student_id]
    ]
    work = work_map(student_ids=[student_id], assignments=assignments)
    quiz_keys = {a.content_key for a in assignments if a.kind == AssignmentKind.QUIZ}
    attempts = defaultdict(list)
    for attempt in QuizAttempt.objects.filter(
        user_id=student_id, quiz_key__in=quiz_keys, status=AttemptStatus.SUBMITTED
    ).order_by("-submitted_at"):
        attempts[attempt.quiz_key].append(attempt)
    items = []
    for a in assignments:
        w = work[(student_id, a.pk)]
        cell = Cell(states.state_of(work=w, due_at=a.due_at, now=now), w.best_percent, w.done_at, w.attempts)
        items.append(
            HistoryItem(a, cell, attempts.get(a.content_key, []) if a.kind == AssignmentKind.QUIZ else [])
        )
    return items


# ---- a pupil's own assignments ------------------------------------------------------------------------------


@dataclass
class MyAssignment:
    assignment: Assignment
    cell: Cell


def my_assignments(*, user, now=None) -> list[MyAssignment]:
    """The open assignments of the pupil's current classes (approved membership, class not archived), with the
    state of their work; soonest due first. A fixed number of queries."""
    now = now or timezone.now()
    if not (user and user.is_authenticated):
        return []
    class_ids = Membership.objects.filter(
        student=user, status=MembershipStatus.ACTIVE, classroom__archived_at__isnull=True
    ).values("classroom_id")
    assignments = list(
        Assignment.objects.filter(classroom_id__in=class_ids)
        .filter(Q(for_everyone=True) | Q(recipients__student=user))
        .filter(Q(starts_at__isnull=True) | Q(starts_at__lte=now))
        .select_related("classroom", "module", "lesson", "quiz")
        .distinct()
    )
    work = work_map(student_ids=[user.pk], assignments=assignments)
    items = []
    for a in assignments:
        w = work[(user.pk, a.pk)]
        items.append(
            MyAssignment(
                a,
                Cell(
                    states.state_of(work=w, due_at=a.due_at, now=now), w.best_percent, w.done_at, w.attempts
                ),
            )
        )
    far = datetime.max.replace(tzinfo=timezone.get_current_timezone())
    items.sort(key=lambda i: (i.cell.state in states.FINISHED, i.assignment.due_at or far, i.assignment.pk))
    return items


def my_assignment(*, user, pk: int) -> Assignment:
    """One of the pupil's own open assignments; NotFound for any other."""
    now = timezone.now()
    assignment = (
        Assignment.objects.filter(
            pk=pk,
            classroom__memberships__student=user,
            classroom__memberships__status=MembershipStatus.ACTIVE,
            classroom__archived_at__isnull=True,
        )
        .filter(Q(for_everyone=True) | Q(recipients__student=user))
        .filter(Q(starts_at__isnull=True) | Q(starts_at__lte=now))
        .select_related("classroom", "quiz", "lesson", "module")
        .first()
    )
    if assignment is None:
        raise NotFound(_("There is no such assignment of yours."))
    return assignment


def my_assignments_next_change(*, user, now) -> datetime | None:
    """When the pupil's assignment list next changes by the clock alone: the next start or due time, from
    `now` on, of an assignment of their current classes (None: not before something is written)."""
    class_ids = Membership.objects.filter(
        student=user, status=MembershipStatus.ACTIVE, classroom__archived_at__isnull=True
    ).values("classroom_id")
    times = (
        Assignment.objects.filter(classroom_id__in=class_ids)
        .filter(Q(for_everyone=True) | Q(recipients__student=user))
        .filter(Q(starts_at__gte=now) | Q(due_at__gte=now))
        .values_list("starts_at", "due_at")
    )
    return min((t for pair in times for t in pair if t is not None and t >= now), default=None)


def my_classes(*, user) -> list[Membership]:
    return list(
        Membership.objects.filter(student=user)
        .select_related("classroom", "classroom__owner")
        .order_by("-joined_at")
    )


def notices_unread(*, user, limit: int = 20) -> list[Notice]:
    return list(
        Notice.objects.filter(user=user, read_at__isnull=True).select_related("assignment__classroom")[:limit]
    )


def profile_of(*, user) -> ClassroomProfile | None:
    return ClassroomProfile.objects.filter(user=user).first()


def profile_by_calendar_token(*, token: str) -> ClassroomProfile | None:
    if not token or len(token) > 64:
        return None
    return (
        ClassroomProfile.objects.filter(calendar_token=token, user__is_active=True)
        .select_related("user")
        .first()
    )


def assignments_set_by_teacher(*, user) -> list[Assignment]:
    """Due assignments of the current classes this person teaches (for their calendar)."""
    return list(
        Assignment.objects.filter(
            classroom__in=classes_taught(user=user).filter(archived_at__isnull=True), due_at__isnull=False
        ).select_related("classroom")
    )
