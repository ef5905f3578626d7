"""Courses API: modules, lessons, quizzes, attempts and the learner's progress. Thin: parse, call a selector
or a service, serialise. The language comes from ?lang= or Accept-Language (ApiLanguageMiddleware); a page or
quiz asked for by id is returned in that language when it has a translation there."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Locale
from wagtail.rich_text import expand_db_html

from .. import selectors, services
from ..models import LessonPage, ModulePage, QuizAttempt
from ..permissions import IsLearner
from . import serializers as s

LANG = OpenApiParameter(
    "lang", str, description="ky, ru or en (else Accept-Language)", enum=["ky", "ru", "en"]
)
RICH_TEXT_BLOCKS = {"paragraph"}


def _answers_invalid(error: ValidationError) -> exceptions.ValidationError:
    """A service's ValidationError in the API's words: an answer at fault is named by its question
    (``{"answers": {"<question id>": [message]}}``); every other field stays as it is."""
    fields = {}
    for name, errors in error.error_dict.items():
        by_question = {e.params["question"]: e.messages for e in errors if (e.params or {}).get("question")}
        fields[name] = by_question or [m for e in errors for m in e.messages]
    return exceptions.ValidationError(fields)


def _link(page, request) -> dict | None:
    if page is None:
        return None
    return {
        "id": page.id,
        "title": page.title,
        "url": getattr(page, "url", None) or page.get_url(request) or "",
    }


def _module_data(module: ModulePage, request, progress: dict | None) -> dict:
    return {
        "id": module.pk,
        "title": module.title,
        "url": module.get_url(request) or "",
        "language": module.locale.language_code,
        "topic": module.topic,
        "summary": module.summary,
        "cover_image": module.cover_image_id,
        "age_min": module.age_min,
        "age_max": module.age_max,
        "estimated_minutes": module.estimated_minutes,
        "learning_outcomes": module.outcomes,
        "progress": progress,
    }


class ModuleListView(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.ModuleSerializer
    queryset = ModulePage.objects.none()  # for the schema; the real list comes from the selector

    @extend_schema(
        summary="Modules in the requested language",
        parameters=[
            LANG,
            OpenApiParameter("topic", str, enum=["rights", "media_literacy", "civic_activism"]),
        ],
        responses={200: s.ModuleSerializer(many=True)},
    )
    def get(self, request):
        query = s.TopicFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        modules = selectors.module_list(
            locale=Locale.get_active(), topic=query.validated_data.get("topic", "")
        )
        page = self.paginate_queryset(modules.select_related("locale"))
        progress = selectors.module_progress_map(user=request.user, modules=page)
        data = [_module_data(m, request, progress.get(m.pk)) for m in page]
        return self.get_paginated_response(data)


class ModuleDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="A module with its lessons", parameters=[LANG], responses={200: s.ModuleDetailSerializer}
    )
    def get(self, request, pk: int):
        module = selectors.page_in_language(model=ModulePage, pk=pk, locale=Locale.get_active())
        lessons = selectors.module_lessons(module=module)
        progress = selectors.module_progress_map(user=request.user, modules=[module], lessons=lessons).get(
            module.pk
        )
        done = selectors.completed_lesson_keys(user=request.user, module=module)
        data = _module_data(module, request, progress)
        data["lessons"] = [
            {
                **_link(lesson, request),
                "summary": lesson.summary,
                "estimated_minutes": lesson.estimated_minutes,
                "completed": (lesson.translation_key in done) if done is not None else None,
            }
            for lesson in lessons
        ]
        return Response(data)


def _body(lesson: LessonPage) -> list:
    body = lesson.body.stream_block.get_api_representation(lesson.body)
    for block in body:
        if block["type"] in RICH_TEXT_BLOCKS and isinstance(block["value"], str):
            block["value"] = expand_db_html(block["value"])
        elif block["type"] == "key_idea":
            block["value"]["text"] = expand_db_html(block["value"]["text"])
    return body


class LessonDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="A lesson, its body as structured blocks",
        parameters=[LANG],
        responses={200: s.LessonSerializer},
    )
    def get(self, request, pk: int):
        lesson = selectors.page_in_language(model=LessonPage, pk=pk, locale=Locale.get_active())
        module, lessons = selectors.module_outline(lesson=lesson, request=request)
        index = next((i for i, item in enumerate(lessons) if item.id == lesson.pk), 0)
        done = selectors.completed_lesson_keys(user=request.user, module=module)
        quizzes = selectors.quizzes_in_locale(
            [c.value["quiz"] for c in lesson.body if c.block_type == "quiz" and c.value.get("quiz")],
            lesson.locale_id,
        )
        return Response(
            {
                "id": lesson.pk,
                "title": lesson.title,
                "url": lesson.get_url(request) or "",
                "language": lesson.locale.language_code,
                "summary": lesson.summary,
                "estimated_minutes": lesson.estimated_minutes,
                "module": _link(module, request),
                "previous": _link(lessons[index - 1], request) if index > 0 else None,
                "next": _link(lessons[index + 1], request) if index + 1 < len(lessons) else None,
                "body": _body(lesson),
                "quizzes": sorted({q.pk for q in quizzes.values()}),
                "completed": (lesson.translation_key in done) if done is not None else None,
            }
        )


class LessonDoneView(APIView):
    permission_classes = [IsLearner]

    @extend_schema(
        summary="Mark a lesson without activities as done",
        request=None,
        responses={200: s.LessonDoneSerializer},
    )
    def post(self, request, pk: int):
        lesson = selectors.page_in_language(model=LessonPage, pk=pk, locale=Locale.get_active())
        progress = services.lesson_mark_done(user=request.user, lesson=lesson)
        return Response({"completed": progress.completed})


def _quiz_data(quiz, request) -> dict:
    state = selectors.quiz_states(user=request.user, quizzes=[quiz])[quiz.pk]
    mine = None
    if state.authenticated:
        best = state.best
        mine = {
            "attempts_used": state.attempts_used,
            "attempts_left": state.attempts_left,
            "passed": state.passed,
            "best_percent": best.percent if best else None,
            "open_attempt": state.open_attempt.pk if state.open_attempt else None,
            "deadline": state.open_attempt.deadline if state.open_attempt else None,
        }
    return {
        "id": quiz.pk,
        "title": quiz.title,
        "language": quiz.locale.language_code,
        "intro": quiz.intro,
        "pass_mark": quiz.pass_mark,
        "max_attempts": quiz.max_attempts,
        "time_limit_minutes": quiz.time_limit_minutes,
        "show_answers": quiz.show_answers,
        "questions": state.questions,
        "mine": mine,
    }


class QuizDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="A quiz, without its answers", parameters=[LANG], responses={200: s.QuizSerializer}
    )
    def get(self, request, pk: int):
        quiz = selectors.quiz_available(pk=pk)
        return Response(_quiz_data(quiz, request))


class QuizAttemptListView(generics.GenericAPIView):
    permission_classes = [IsLearner]
    serializer_class = s.AttemptSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QuizAttempt.objects.none()
        return selectors.own_attempts(user=self.request.user, quiz=self.quiz)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.quiz = selectors.quiz_available(pk=kwargs["pk"])

    @extend_schema(
        summary="My attempts at a quiz", parameters=[LANG], responses={200: s.AttemptSerializer(many=True)}
    )
    def get(self, request, pk: int):
        reveal = selectors.quiz_reveal_for(user=request.user, quiz=self.quiz)
        page = self.paginate_queryset(self.get_queryset())
        data = [selectors.attempt_result(attempt=a, quiz=self.quiz, reveal=reveal) for a in page]
        return self.get_paginated_response(data)

    @extend_schema(
        summary="Submit answers: scored on the server",
        parameters=[LANG],
        request=s.AttemptInputSerializer,
        responses={201: s.AttemptSerializer},
    )
    def post(self, request, pk: int):
        data = s.AttemptInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            attempt = services.quiz_attempt_submit(
                user=request.user,
                quiz=self.quiz,
                answers=data.validated_data["answers"],
                attempt_id=data.validated_data.get("attempt"),
                answered_offline_at=data.validated_data.get("answered_offline_at"),
            )
        except ValidationError as error:
            raise _answers_invalid(error) from error
        reveal = selectors.quiz_reveal_for(user=request.user, quiz=self.quiz, totals=attempt.totals)
        return Response(
            selectors.attempt_result(
                attempt=attempt, quiz=self.quiz, reveal=reveal, answers=attempt.stored_answers
            ),
            status=status.HTTP_201_CREATED,
        )


class QuizAttemptStartView(APIView):
    permission_classes = [IsLearner]

    @extend_schema(
        summary="Start an attempt (needed for a quiz with a time limit; the clock is the server's)",
        request=None,
        responses={201: s.StartedAttemptSerializer},
    )
    def post(self, request, pk: int):
        quiz = selectors.quiz_available(pk=pk)
        attempt = services.quiz_attempt_start(user=request.user, quiz=quiz)
        return Response(
            {
                "id": attempt.pk,
                "number": attempt.number,
                "started_at": attempt.started_at,
                "deadline": attempt.deadline,
            },
            status=status.HTTP_201_CREATED,
        )


class MyProgressView(APIView):
    permission_classes = [IsLearner]

    @extend_schema(
        summary="My progress in every module", parameters=[LANG], responses={200: s.MyProgressSerializer}
    )
    def get(self, request):
        locale = Locale.get_active()
        overview = selectors.learner_overview(user=request.user, locale=locale)
        continue_lesson = selectors.learner_continue(user=request.user, locale=locale)
        return Response(
            {
                "continue_lesson": _link(continue_lesson, request),
                "modules": [
                    {
                        **_link(item.module, request),
                        "topic": item.module.topic,
                        "progress": {
                            "completed": item.completed,
                            "total": item.total,
                            "percent": item.percent,
                        },
                        "lessons": [
                            {
                                **_link(lesson, request),
                                "completed": bool(p and p.completed_at),
                                "last_seen_at": p.last_seen_at if p else None,
                            }
                            for lesson, p in item.lessons
                        ],
                    }
                    for item in overview
                ],
            }
        )
