"""The report's tables, shared by the page, the CSV and the XLSX export (so they have the same columns), and
every answer of the class's pupils to the class's quizzes.

CSV is UTF-8 with a byte-order mark (Excel then reads Kyrgyz letters right); XLSX keeps numbers as numbers and
dates as dates (in Asia/Bishkek). One header row each. Text that a spreadsheet would run as a formula is
written as text.
"""

import csv
import io
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import printable
from courses import scoring
from courses.models import AttemptStatus, Quiz, QuizAnswer

from .models import AssignmentKind, Classroom, Membership, MembershipStatus
from .selectors import Matrix, assignments_of, class_locale

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _local(value: datetime | None) -> datetime | None:
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0) if value else None


def matrix_table(matrix: Matrix) -> tuple[list[str], list[list]]:
    """The header and the rows of the report: per assignment its state, best score (%) and date done."""
    header = [_("Pupil"), _("Username")]
    for column in matrix.columns:
        title = column.assignment.title
        header += [
            _("%(title)s: state") % {"title": title},
            _("%(title)s: best score, %%") % {"title": title},
            _("%(title)s: done") % {"title": title},
        ]
    rows = []
    for student, cells in matrix.rows():
        row = [student.display_name, student.username]
        for cell in cells:
            if cell is None:
                row += [_("Not assigned"), None, None]
            else:
                row += [cell.label, cell.best_percent, _local(cell.done_at)]
        rows.append(row)
    return header, rows


def _answer_text(question: scoring.Question | None, response) -> str:
    if response is None:
        return ""
    if question is not None and question.choices:
        texts = {c["id"]: c["text"] for c in question.choices}
        chosen = response if isinstance(response, list) else [response]
        return "; ".join(texts.get(c, str(c)) for c in chosen)
    if isinstance(response, bool):
        return _("True") if response else _("False")
    if isinstance(response, list):
        return "; ".join(str(r) for r in response)
    return str(response)


def answers_table(classroom: Classroom) -> tuple[list[str], list[list]]:
    """Every answer of the class's pupils in their submitted attempts at the class's quizzes. Four queries."""
    header = [
        _("Pupil"),
        _("Username"),
        _("Assignment"),
        _("Attempt"),
        _("Submitted"),
        _("Question"),
        _("Answer"),
        _("Correct"),
        _("Points"),
        _("Maximum points"),
    ]
    titles = {}
    for assignment in assignments_of(classroom=classroom):
        if assignment.kind == AssignmentKind.QUIZ:
            titles.setdefault(assignment.content_key, assignment.title)
    students = {
        m.student_id: m.student
        for m in Membership.objects.filter(
            classroom=classroom, status=MembershipStatus.ACTIVE
        ).select_related("student")
    }
    locale = class_locale(classroom)
    questions = {}
    for quiz in Quiz.objects.filter(translation_key__in=titles, locale=locale):
        questions[quiz.translation_key] = {q.id: q for q in scoring.quiz_questions(quiz)}
    answers = (
        QuizAnswer.objects.filter(
            attempt__user_id__in=list(students),
            attempt__quiz_key__in=list(titles),
            attempt__status=AttemptStatus.SUBMITTED,
        )
        .select_related("attempt")
        .order_by("attempt__user__last_name", "attempt__user_id", "attempt__submitted_at", "pk")
    )
    rows = []
    for answer in answers:
        attempt = answer.attempt
        student = students[attempt.user_id]
        question = questions.get(attempt.quiz_key, {}).get(answer.question_id)
        rows.append(
            [
                student.display_name,
                student.username,
                titles[attempt.quiz_key],
                attempt.number,
                _local(attempt.submitted_at),
                question.text if question else answer.question_id,
                _answer_text(question, answer.response),
                _("yes") if answer.correct else _("no"),
                answer.points,
                answer.max_points,
            ]
        )
    return header, rows


def _safe(value):
    """Text as text: control characters stored before the edge refused them show as U+FFFD (XLSX cannot hold
    them), and text a spreadsheet would run as a formula gets a leading apostrophe."""
    if not isinstance(value, str):
        return value
    value = printable(value)
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def table_file(header: list[str], rows: list[list], fmt: str, sheet_title: str) -> bytes:
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        book = Workbook(write_only=True)
        sheet = book.create_sheet(title=sheet_title[:31])
        sheet.append([_safe(h) for h in header])
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=_safe(value))
                if isinstance(value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                cells.append(cell)
            sheet.append(cells)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_safe(h) for h in header])
    for row in rows:
        writer.writerow(
            [
                "" if v is None else v.strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime) else _safe(v)
                for v in row
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_filename(classroom: Classroom, what: str, fmt: str) -> str:
    return f"class-{classroom.pk}-{what}.{fmt}"
