"""Classrooms API: classes, joining by code, pupils, assignments, the report (JSON, CSV, XLSX), difficult
questions, reteach, and a pupil's own assignments. Thin: parse, call one service or selector, serialise.

Every class is looked up through ``selectors.classroom_for_teacher``: another teacher's class is 403, a class
that does not exist 404. Services raise core.errors; the API's exception handler gives them the one error shape.
"""

from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.schema import ErrorSerializer
from core.links import absolute_url

from .. import cache, exporting, selectors, services
from ..links import join_url
from ..models import Classroom
from ..permissions import IsAuthenticated, IsTeacher
from . import serializers as s


class _FileRenderer(BaseRenderer):
    """Lets `?format=csv|xlsx` through DRF's content negotiation; the view answers with the file itself."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class CSVRenderer(_FileRenderer):
    media_type = "text/csv"
    format = "csv"


class XLSXRenderer(_FileRenderer):
    media_type = exporting.CONTENT_TYPES["xlsx"]
    format = "xlsx"


def _person(user) -> dict:
    return {"id": user.pk, "username": user.username, "name": user.display_name}


def classroom_data(classroom: Classroom, request, *, counts: dict | None = None) -> dict:
    counts = counts or {}
    co_teachers = selectors.co_teachers_of(classroom=classroom)
    return {
        "id": classroom.pk,
        "name": classroom.name,
        "school": classroom.school,
        "grade": classroom.grade,
        "language": classroom.language,
        "academic_year": classroom.academic_year,
        "join_code": classroom.join_code,
        "join_enabled": classroom.join_enabled,
        "join_requires_approval": classroom.join_requires_approval,
        "join_url": join_url(classroom),
        "qr_url": absolute_url(
            _in(classroom.language, lambda: reverse("classrooms:qr", args=[classroom.pk]))
        ),
        "archived": classroom.archived,
        "owner": _person(classroom.owner),
        "co_teachers": [_person(t) for t in co_teachers],
        "pupils": getattr(classroom, "pupils", counts.get("pupils", 0)),
        "pending": getattr(classroom, "pending", counts.get("pending", 0)),
        "created_at": classroom.created_at,
    }


def _in(language, make):
    with translation.override(language):
        return make()


def _counted(user, pk) -> Classroom:
    """The class with its counts; 404 or 403 first, as for every class."""
    selectors.classroom_for_teacher(user=user, pk=pk)
    return selectors.classes_with_counts(user=user, archived=None, pk=pk)[0]


class ClassListView(APIView):
    permission_classes = [IsTeacher]

    @extend_schema(
        summary="The classes I teach (own and shared)", responses={200: s.ClassroomSerializer(many=True)}
    )
    def get(self, request):
        classes = selectors.classes_with_counts(user=request.user, archived=None)
        return Response([classroom_data(c, request) for c in classes])

    @extend_schema(
        summary="Open a class (it gets a join code at once)",
        request=s.ClassroomInputSerializer,
        responses={201: s.ClassroomSerializer},
    )
    def post(self, request):
        data = s.ClassroomInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        classroom = services.classroom_create(by=request.user, **data.validated_data)
        return Response(classroom_data(classroom, request), status=status.HTTP_201_CREATED)


class ClassDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="A class I teach", responses={200: s.ClassroomSerializer})
    def get(self, request, pk: int):
        return Response(classroom_data(_counted(request.user, pk), request))

    @extend_schema(
        summary="Change a class, its join code, or archive it",
        request=s.ClassroomPatchSerializer,
        responses={200: s.ClassroomSerializer},
    )
    def patch(self, request, pk: int):
        classroom = selectors.classroom_for_teacher(user=request.user, pk=pk)
        data = s.ClassroomPatchSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        archived = changes.pop("archived", None)
        enabled = changes.pop("join_enabled", None)
        regenerate = changes.pop("regenerate_code", False)
        if archived is False:
            services.classroom_archive(classroom=classroom, by=request.user, archived=False)
        if changes:
            services.classroom_update(classroom=classroom, by=request.user, **changes)
        if enabled is not None:
            services.join_code_enable(classroom=classroom, by=request.user, enabled=enabled)
        if regenerate:
            services.join_code_regenerate(classroom=classroom, by=request.user)
        if archived:
            services.classroom_archive(classroom=classroom, by=request.user, archived=True)
        return Response(classroom_data(_counted(request.user, pk), request))

    @extend_schema(summary="Delete a class (its own teacher only)", responses={204: None})
    def delete(self, request, pk: int):
        classroom = selectors.classroom_for_teacher(user=request.user, pk=pk)
        services.classroom_delete(classroom=classroom, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class JoinView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Join a class by its code",
        request=s.JoinInputSerializer,
        responses={
            201: s.JoinSerializer,
            400: OpenApiResponse(ErrorSerializer, description="No class has this code."),
            409: OpenApiResponse(
                ErrorSerializer, description="Code switched off, class archived, or already in it."
            ),
        },
    )
    def post(self, request):
        data = s.JoinInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.class_join(student=request.user, code=data.validated_data["code"])
        body = {
            "class_id": membership.classroom_id,
            "class_name": membership.classroom.name,
            "status": membership.status,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class StudentListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="The class's pupils (and those waiting for approval)",
        responses={200: s.MemberSerializer(many=True)},
    )
    def get(self, request, pk: int):
        classroom = selectors.classroom_for_teacher(user=request.user, pk=pk)
        return Response(
            s.MemberSerializer(selectors.members_of(classroom=classroom, status=None), many=True).data
        )

    @extend_schema(
        summary="Add a pupil who has an account, by username (approves one who is waiting)",
        request=s.StudentAddSerializer,
        responses={201: s.MemberSerializer},
    )
    def post(self, request, pk: int):
        classroom = selectors.classroom_for_teacher(user=request.user, pk=pk)
        data = s.StudentAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.student_add(classroom=classroom, by=request.user, **data.validated_data)
        return Response(s.MemberSerializer(membership).data, status=status.HTTP_201_CREATED)


class StudentDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Remove a pupil from the class (or decline their request)", responses={204: None})
    def delete(self, request, pk: int, user_id: int):
        classroom = selectors.classroom_for_teacher(user=request.user, pk=pk)
        services.membership_remove(classroom=classroom, by=request.user, student_id=user_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


def assignment_data(assignment) -> dict:
    content = assignment.lesson_id or assignment.module_id or assignment.quiz_id
    return {
        "id": assignment.pk,
        "kind": assignment.kind,
        "content": content,
        "title": assignment.title,
        "note": assignment.note,
        "starts_at": assignment.starts_at,
        "due_at": assignment.due_at,
        "students": None
        if assignment.for_everyone
        else sorted(r.student_id for r in assignment.recipients.all()),
        "practice": assignment.practice,
        "source": assignment.source_id,
        "created_at": assignment.created_at,
    }


class AssignmentListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="The class's assignments", responses={200: s.AssignmentSerializer(many=True)})
    def get(self, request, pk: int):
        classroom = selectors.classroom_for_teacher(user=request.user, pk=pk)
        return Response([assignment_data(a) for a in selectors.assignments_of(classroom=classroom)])

    @extend_schema(
        summary="Assign a lesson, a module or a quiz to the class or to chosen pupils",
        request=s.AssignmentInputSerializer,
        responses={201: s.AssignmentSerializer},
    )
    def post(self, request, pk: int):
        classroom = selectors.classroom_for_teacher(user=request.user, pk=pk)
        data = s.AssignmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        assignment = services.assignment_create(
            classroom=classroom,
            by=request.user,
            kind=v["kind"],
            content_id=v["content"],
            student_ids=v.get("students"),
            starts_at=v.get("starts_at"),
            due_at=v.get("due_at"),
            note=v.get("note", ""),
        )
        return Response(assignment_data(assignment), status=status.HTTP_201_CREATED)


def report_data(matrix) -> dict:
    return {
        "class_id": matrix.classroom.pk,
        "assignments": [
            {
                "id": c.assignment.pk,
                "title": c.assignment.title,
                "kind": c.assignment.kind,
                "due_at": c.assignment.due_at,
                "recipients": c.recipients,
                "done": c.done,
                "late": c.late,
                "overdue": c.overdue,
                "done_percent": c.done_percent,
                "average_percent": c.average_percent,
            }
            for c in matrix.columns
        ],
        "students": [
            {
                "id": student.pk,
                "username": student.username,
                "name": student.display_name,
                "cells": [
                    {
                        "assignment": column.assignment.pk,
                        "state": cell.state,
                        "best_percent": cell.best_percent,
                        "done_at": cell.done_at,
                        "attempts": cell.attempts,
                    }
                    for column, cell in zip(matrix.columns, cells, strict=True)
                    if cell is not None
                ],
            }
            for student, cells in matrix.rows()
        ],
    }


def file_response(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exporting.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ReportView(APIView):
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer, CSVRenderer, XLSXRenderer]

    @extend_schema(
        summary="Pupils × assignments: state, best score and date; class figures per assignment",
        parameters=[
            OpenApiParameter("format", str, enum=["json", "csv", "xlsx"], description="json by default")
        ],
        responses={
            200: s.ReportSerializer,
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, XLSXRenderer.media_type): OpenApiTypes.BINARY,
        },
    )
    def get(self, request, pk: int):
        classroom = selectors.classroom_for_teacher(user=request.user, pk=pk)
        fmt = request.accepted_renderer.format
        if fmt in exporting.FORMATS:
            header, rows = exporting.matrix_table(selectors.class_matrix(classroom=classroom))
            content = exporting.table_file(header, rows, fmt, classroom.name)
            return file_response(content, fmt, exporting.export_filename(classroom, "report", fmt))
        # Until a pupil's work, the class or the minute changes, the same answer (cache.py).
        key = cache.fingerprint(
            scope=f"report:{classroom.pk}",
            load_student_ids=lambda: selectors.pupil_ids_of(classroom=classroom),
        )
        body = cache.get(key)
        if body is None:
            body = JSONRenderer().render(report_data(selectors.class_matrix(classroom=classroom)))
            cache.put(key, body)
        return HttpResponse(body, content_type="application/json")


def questions_data(quiz, stats) -> dict:
    return {
        "quiz": quiz.pk,
        "title": quiz.title,
        "questions": [
            {
                "id": q.question.id,
                "type": q.question.type,
                "text": q.question.text,
                "answers": q.answers,
                "correct": q.correct,
                "share_correct": q.share_correct,
                "options": [
                    {
                        "id": o.id,
                        "text": str(o.text),
                        "correct": o.correct,
                        "chosen": o.chosen,
                        "share": o.share,
                    }
                    for o in q.options
                ],
                "missed_by": q.missed_by,
            }
            for q in stats
        ],
    }


class DifficultQuestionsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="A quiz's questions, hardest first: share right, share of each option, who missed it",
        responses={200: s.DifficultQuestionsSerializer},
    )
    def get(self, request, pk: int, quiz_id: int):
        classroom = selectors.classroom_for_teacher(user=request.user, pk=pk)
        quiz = selectors.quiz_in_class(classroom=classroom, quiz_id=quiz_id)
        return Response(questions_data(quiz, selectors.difficult_questions(classroom=classroom, quiz=quiz)))


class ReteachView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="A practice quiz of chosen questions, assigned to the pupils who missed them",
        request=s.ReteachInputSerializer,
        responses={201: s.AssignmentSerializer},
    )
    def post(self, request, pk: int):
        classroom = selectors.classroom_for_teacher(user=request.user, pk=pk)
        data = s.ReteachInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        assignment = services.reteach_create(
            classroom=classroom,
            by=request.user,
            quiz_id=v["quiz"],
            question_ids=v["questions"],
            due_at=v.get("due_at"),
            note=v.get("note", ""),
        )
        return Response(assignment_data(assignment), status=status.HTTP_201_CREATED)


class MyAssignmentsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="My assignments and the state of my work",
        responses={200: s.MyAssignmentSerializer(many=True)},
    )
    def get(self, request):
        items = selectors.my_assignments(user=request.user)
        data = []
        for item in items:
            a = item.assignment
            path = _in(a.classroom.language, lambda a=a: reverse("classrooms:my_assignment", args=[a.pk]))
            data.append(
                {
                    "id": a.pk,
                    "class_id": a.classroom_id,
                    "class_name": a.classroom.name,
                    "kind": a.kind,
                    "title": a.title,
                    "note": a.note,
                    "starts_at": a.starts_at,
                    "due_at": a.due_at,
                    "state": item.cell.state,
                    "state_label": item.cell.label,
                    "best_percent": item.cell.best_percent,
                    "done_at": item.cell.done_at,
                    "url": absolute_url(path),
                }
            )
        return Response(data)
