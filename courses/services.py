"""Every write of courses: starting and submitting quiz attempts, lesson visits, marking done, progress."""

import functools
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict
from core.observability import count_event

from . import scoring
from .activities import Activity, activities_done, lesson_activities
from .cache import learner_last_seen_set, learner_version_bump, seen_throttle
from .models import (
    TIME_LIMIT_GRACE,
    AttemptStatus,
    LessonPage,
    LessonProgress,
    LessonQuiz,
    ModulePage,
    Quiz,
    QuizAnswer,
    QuizAttempt,
)
from .selectors import LessonActivities, QuizTotals, quiz_lessons


def _module_key(lesson: LessonPage):
    parent_path = lesson.path[: -lesson.steplen]
    return ModulePage.objects.filter(path=parent_path).values_list("translation_key", flat=True).first()


def lesson_progress_visit(
    *, user, lesson: LessonPage, module_key=None, row: LessonProgress | None = None
) -> None:
    """Remember that the learner opened this lesson now (for "continue where you left off"). One query: the
    caller may pass the learner's progress row it has already read."""
    now = timezone.now()
    if row is not None:
        LessonProgress.objects.filter(pk=row.pk).update(last_seen_at=now, lesson=lesson)
        _seen(user, lesson.pk)
        return
    module_key = module_key or _module_key(lesson)
    if module_key is None:
        return
    # A parallel request may create the same row: the unique constraint keeps one, the other is ignored.
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(
                user=user,
                lesson_key=lesson.translation_key,
                module_key=module_key,
                lesson=lesson,
                last_seen_at=now,
            )
        ],
        ignore_conflicts=True,
    )
    _changed(user)  # the lesson is "started" now
    _seen(user, lesson.pk)


def lesson_progress_seen(*, user, lesson_id: int, lesson_key) -> None:
    """A cached lesson page was shown again: move "last seen" on, at most once a minute (one query)."""
    if seen_throttle(user_id=user.pk, lesson_id=lesson_id):
        LessonProgress.objects.filter(user=user, lesson_key=lesson_key).update(
            last_seen_at=timezone.now(), lesson_id=lesson_id
        )
        _seen(user, lesson_id)


def _seen(user, lesson_id: int) -> None:
    """The learner opened this lesson last ("My learning" shows the one to continue)."""
    _now_and_after_commit(lambda: learner_last_seen_set(user.pk, lesson_id))


def _changed(user) -> None:
    """The learner's pages must be rendered afresh (their cached copies carry the old state)."""
    _now_and_after_commit(lambda: learner_version_bump(user.pk))


def _now_and_after_commit(note) -> None:
    """Inside a transaction: now, and again after the commit (a page rendered in between from the old rows is
    then not kept under the new state). Outside one the write is already committed (the caller notes it after
    writing): once is enough."""
    note()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(note)


def _progress_row(*, user, lesson: LessonPage) -> LessonProgress:
    progress = (
        LessonProgress.objects.select_for_update()
        .filter(user=user, lesson_key=lesson.translation_key)
        .first()
    )
    if progress is None:
        progress = LessonProgress.objects.create(
            user=user,
            lesson_key=lesson.translation_key,
            module_key=_module_key(lesson),
            lesson=lesson,
            last_seen_at=timezone.now(),
        )
    return progress


def _lessons_refresh(*, user, lessons: list[LessonActivities], known: dict | None = None) -> None:
    """The one place where completion is decided, for any number of lessons in a fixed number of queries (one
    to read and lock the learner's rows; one for each kind of activity still to check; one to insert missing
    rows; one to complete): each lesson has a progress row afterwards, complete when every activity of one of
    its copies (any language) is done, or, without activities, when marked done. Completion, once reached,
    stays. `known`: {(kind, key): done or not} for activities the caller knows about (no query for them)."""
    if not lessons:
        return
    rows = {
        p.lesson_key: p
        for p in LessonProgress.objects.select_for_update().filter(
            user=user, lesson_key__in={lesson.lesson_key for lesson in lessons}
        )
    }
    open_lessons = [
        lesson
        for lesson in lessons
        if lesson.lesson_key not in rows or rows[lesson.lesson_key].completed_at is None
    ]
    known = known or {}
    done = {a for a, is_done in known.items() if is_done}
    to_check = {a for lesson in open_lessons for a in lesson.activities if a not in known}
    if to_check:
        done |= activities_done(user=user, activities=[Activity(kind, key) for kind, key in to_check])
    complete = set()
    for lesson in open_lessons:
        row = rows.get(lesson.lesson_key)
        if lesson.activities:
            if all(a in done for a in lesson.activities):
                complete.add(lesson.lesson_key)
        elif row is not None and row.marked_done:
            complete.add(lesson.lesson_key)
    now = timezone.now()
    missing: dict = {}
    for lesson in lessons:
        if lesson.lesson_key not in rows and lesson.module_key is not None:
            missing.setdefault(lesson.lesson_key, lesson)
    if missing:
        # A parallel request may insert the same row (the unique constraint keeps one): the update below then
        # completes it all the same.
        LessonProgress.objects.bulk_create(
            [
                LessonProgress(
                    user=user,
                    lesson_key=key,
                    module_key=lesson.module_key,
                    lesson_id=lesson.lesson_id,
                    last_seen_at=now,
                    completed_at=now if key in complete else None,
                )
                for key, lesson in missing.items()
            ],
            ignore_conflicts=True,
        )
    if complete:
        LessonProgress.objects.filter(user=user, lesson_key__in=complete, completed_at__isnull=True).update(
            completed_at=now
        )
        _changed(user)


def _lesson_entry(lesson: LessonPage) -> LessonActivities:
    return LessonActivities(
        lesson_id=lesson.pk,
        lesson_key=lesson.translation_key,
        module_key=_module_key(lesson),
        activities=tuple((a.kind, a.key) for a in lesson_activities(lesson)),
        quiz_ids=(),
        url="",
        path=lesson.path,
    )


@transaction.atomic
def lesson_progress_refresh(*, user, lesson: LessonPage) -> LessonProgress:
    """Recompute whether the lesson is complete for this learner: all activities done (see
    ``courses.activities``), or marked done when it has none. Completion, once reached, stays."""
    _lessons_refresh(user=user, lessons=[_lesson_entry(lesson)])
    return LessonProgress.objects.get(user=user, lesson_key=lesson.translation_key)


@transaction.atomic
def lesson_mark_done(*, user, lesson: LessonPage) -> LessonProgress:
    """The learner says they have read a lesson that has no quiz or other activity."""
    if lesson_activities(lesson):
        raise Conflict(_("This lesson is complete when you finish its activities."))
    progress = _progress_row(user=user, lesson=lesson)
    if not progress.marked_done:
        progress.marked_done = True
        progress.save(update_fields=["marked_done"])
        _changed(user)
    return lesson_progress_refresh(user=user, lesson=lesson)


def lesson_quiz_sync(*, lesson: LessonPage) -> None:
    """Rebuild the lesson → quiz index from the lesson's live body (called when a lesson is published)."""
    quiz_ids = {
        child.value["quiz"].pk
        for child in lesson.body
        if child.block_type == "quiz" and child.value.get("quiz") is not None
    }
    with transaction.atomic():
        LessonQuiz.objects.filter(lesson=lesson).exclude(quiz_id__in=quiz_ids).delete()
        existing = set(LessonQuiz.objects.filter(lesson=lesson).values_list("quiz_id", flat=True))
        LessonQuiz.objects.bulk_create([LessonQuiz(lesson=lesson, quiz_id=q) for q in quiz_ids - existing])


_QUIZ_LOCKS = 0x51C0  # the advisory-lock space of learners' quiz writes (the first of the two keys)


def _lock_learner(user) -> None:
    """One learner's quiz writes go one at a time: the attempt count read after this cannot be raced. On
    PostgreSQL a lock held until the transaction ends, in memory only (a row lock on the learner wrote their
    row on every submission); elsewhere the learner's row lock."""
    if connection.vendor == "postgresql":
        if not connection.in_atomic_block:
            raise TransactionManagementError("the learner's quiz lock needs a transaction")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_QUIZ_LOCKS, user.pk & 0x7FFFFFFF])
        return
    get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()


def _lock_learner_counting(*, user, quiz: Quiz) -> tuple[int, QuizTotals]:
    """Lock the learner (so the counts cannot be raced) and count their attempts at the quiz (any language) in
    one query: all of them (the attempt limit), the submitted ones and the passed ones (what they may see)."""
    _lock_learner(user)
    key = QuizAttempt._meta.get_field("quiz_key").get_db_prep_value(quiz.translation_key, connection)
    with connection.cursor() as cursor:
        cursor.execute(_attempt_counts_sql(connection.alias), [AttemptStatus.SUBMITTED, user.pk, key])
        used, submitted, passed = cursor.fetchone()
    return used, QuizTotals(submitted=submitted, passed_any=passed > 0)


@functools.cache
def _attempt_counts_sql(alias: str) -> str:
    """The three counts of _lock_learner_counting, written once from the model's table and columns: building
    the same aggregate with the ORM on every submission cost more than running it (measured with cProfile)."""
    qn = connections[alias].ops.quote_name
    meta = QuizAttempt._meta

    def column(name: str) -> str:
        return qn(meta.get_field(name).column)

    # Only the model's own table and column names, quoted; the values are parameters.
    return (
        f"SELECT COUNT(*), "  # noqa: S608
        f"COALESCE(SUM(CASE WHEN {column('status')} = %s THEN 1 ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN {column('passed')} THEN 1 ELSE 0 END), 0) "
        f"FROM {qn(meta.db_table)} WHERE {column('user')} = %s AND {column('quiz_key')} = %s"
    )


def _attempts(*, user, quiz: Quiz):
    return QuizAttempt.objects.filter(user=user, quiz_key=quiz.translation_key)


def _open_attempt(*, user, quiz: Quiz, now) -> QuizAttempt | None:
    attempt = _attempts(user=user, quiz=quiz).filter(status=AttemptStatus.STARTED).order_by("-number").first()
    if attempt is not None and attempt.deadline is not None and now > attempt.deadline + TIME_LIMIT_GRACE:
        return None
    return attempt


def _check_limit(*, quiz: Quiz, used: int) -> None:
    if quiz.max_attempts and used >= quiz.max_attempts:
        raise Conflict(_("You have used all your attempts at this quiz."))


@transaction.atomic
def quiz_attempt_start(*, user, quiz: Quiz) -> QuizAttempt:
    """Start an attempt now (the server's clock is what the time limit counts from); an attempt still open is
    returned instead of a new one."""
    _lock_learner(user)
    now = timezone.now()
    open_attempt = _open_attempt(user=user, quiz=quiz, now=now)
    if open_attempt is not None:
        return open_attempt
    used = _attempts(user=user, quiz=quiz).count()
    _check_limit(quiz=quiz, used=used)
    _changed(user)
    return QuizAttempt.objects.create(
        user=user,
        quiz=quiz,
        quiz_key=quiz.translation_key,
        number=used + 1,
        status=AttemptStatus.STARTED,
        started_at=now,
        deadline=now + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None,
    )


def quiz_attempt_submit(
    *,
    user,
    quiz: Quiz,
    answers: dict[str, Any],
    attempt_id: int | None = None,
    answered_offline_at: datetime | None = None,
) -> QuizAttempt:
    """Score the answers on the server and store the attempt with every answer, or store nothing.

    Raises Django's ValidationError (400) for answers that do not fit the quiz or answer no question (nothing is
    stored, no attempt used) and for an attempt that is not the learner's, Conflict (409) past the attempt
    limit or the time limit. `answered_offline_at` marks answers given on a phone without a network and sent
    later; they are scored, limited and dated like any other on arrival.

    The attempt, its answers and the progress of the lessons using the quiz are written in one transaction,
    under the learner's lock, in a fixed number of queries. The returned attempt also carries what showing
    the result needs without reading it back: ``stored_answers`` and ``totals`` (a ``QuizTotals``)."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": [_("Answers must be an object of question ids and responses.")]})
    questions = scoring.quiz_questions(quiz)
    try:
        scored = scoring.score(questions, answers)
    except scoring.AnswerError as error:
        # The question at fault travels in params: the API names it ({"answers": {"<question id>": [...]}}).
        answer_error = ValidationError(error.message, code="invalid_answer", params={"question": error.field})
        raise ValidationError({"answers": [answer_error]}) from error
    if questions and len(scoring.unanswered(questions, answers)) == len(questions):
        # Nothing answered is a slip (an early tap on "submit"), not an attempt: it must not use one up.
        raise ValidationError({"answers": [_("Answer at least one question.")]})
    lessons = quiz_lessons(quiz=quiz)
    try:
        with transaction.atomic():
            attempt = _submit_locked(
                user=user,
                quiz=quiz,
                scored=scored,
                attempt_id=attempt_id,
                answered_offline_at=answered_offline_at,
            )
            # Whether the quiz is passed is known from the counts: only other activities are read.
            known = {("quiz", str(quiz.translation_key)): attempt.totals.passed_any}
            _lessons_refresh(user=user, lessons=lessons, known=known)
    except IntegrityError as error:
        # Only a racing request can get here (the lock makes it unlikely); the other one won.
        raise Conflict(_("Another submission of this quiz was stored at the same time.")) from error
    count_event("quiz_submission")
    return attempt


def _submit_locked(
    *, user, quiz: Quiz, scored, attempt_id: int | None, answered_offline_at: datetime | None
) -> QuizAttempt:
    used, totals = _lock_learner_counting(user=user, quiz=quiz)
    now = timezone.now()
    if attempt_id is not None:
        attempt = (
            _attempts(user=user, quiz=quiz).select_for_update().filter(pk=attempt_id).first()
            if isinstance(attempt_id, int)
            else None
        )
        if attempt is None:
            raise ValidationError({"attempt": [_("There is no such attempt of yours at this quiz.")]})
        if attempt.status != AttemptStatus.STARTED:
            raise Conflict(_("This attempt has already been submitted."))
        if attempt.deadline is not None and now > attempt.deadline + TIME_LIMIT_GRACE:
            raise Conflict(_("The time for this attempt is over."))
        attempt.quiz = quiz  # the learner may have switched language since starting
    else:
        if quiz.time_limit_minutes:
            raise ValidationError({"attempt": [_("This quiz has a time limit: start an attempt first.")]})
        _check_limit(quiz=quiz, used=used)
        attempt = QuizAttempt(
            user=user, quiz=quiz, quiz_key=quiz.translation_key, number=used + 1, started_at=now
        )
    attempt.status = AttemptStatus.SUBMITTED
    attempt.submitted_at = now
    # A phone's clock may run ahead: the answers cannot have been given after they arrived.
    attempt.answered_offline_at = min(answered_offline_at, now) if answered_offline_at else None
    attempt.score = sum(a.points for a in scored)
    attempt.max_score = sum(a.question.points for a in scored)
    attempt.passed = scoring.passed(attempt.score, attempt.max_score, quiz.pass_mark)
    attempt.save()
    _changed(user)
    attempt.totals = QuizTotals(
        submitted=totals.submitted + 1, passed_any=totals.passed_any or attempt.passed
    )
    attempt.stored_answers = QuizAnswer.objects.bulk_create(
        [
            QuizAnswer(
                attempt=attempt,
                question_id=a.question.id,
                question_type=a.question.type,
                response=a.response,
                correct=a.correct,
                points=a.points,
                max_points=a.question.points,
            )
            for a in scored
        ]
    )
    return attempt
