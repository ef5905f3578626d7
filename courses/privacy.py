"""Personal data of courses: quiz attempts with their answers, and lesson progress (visits, done, completed)."""

from django.utils.translation import gettext_lazy as _

from . import cache
from .models import LessonProgress, QuizAttempt

SECTION_LABELS = {
    "quiz_attempts": _("Quiz attempts"),
    "lesson_progress": _("Lesson progress"),
}
COVERS = ["courses.QuizAttempt", "courses.LessonProgress"]
EXEMPT: dict[str, str] = {}


def _dt(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    attempts = QuizAttempt.objects.filter(user=user).select_related("quiz").prefetch_related("answers")
    progress = (
        LessonProgress.objects.filter(user=user).select_related("lesson").order_by("last_seen_at", "pk")
    )
    return {
        "quiz_attempts": [
            {
                "quiz": attempt.quiz.title,
                "number": attempt.number,
                "status": attempt.status,
                "started_at": _dt(attempt.started_at),
                "submitted_at": _dt(attempt.submitted_at),
                "score": attempt.score,
                "max_score": attempt.max_score,
                "passed": attempt.passed,
                "answers": [
                    {
                        "question": a.question_id,
                        "response": a.response,
                        "correct": a.correct,
                        "points": a.points,
                    }
                    for a in attempt.answers.order_by("pk")
                ],
            }
            for attempt in attempts.order_by("started_at", "pk")
        ],
        "lesson_progress": [
            {
                "lesson": row.lesson.title,
                "last_seen_at": _dt(row.last_seen_at),
                "marked_done": row.marked_done,
                "completed_at": _dt(row.completed_at),
            }
            for row in progress
        ],
    }


def erase(user) -> None:
    QuizAttempt.objects.filter(user=user).delete()  # their answers go with them
    LessonProgress.objects.filter(user=user).delete()
    cache.learner_version_bump(user.pk)  # no cached page of theirs shows the old progress
    cache.learner_last_seen_set(user.pk, None)  # nor which lesson they opened last
    cache.learner_followers_forget(user.pk)  # nor which teachers' pages followed them
