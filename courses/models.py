"""Courses: module and lesson pages (content, in Wagtail), quizzes (translatable snippets), and the learner's
attempts and progress (plain models).

Progress and attempt limits are language-independent: they are keyed by the Wagtail ``translation_key`` of the
lesson, module and quiz, so a learner who switches from Kyrgyz to Russian keeps their progress.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from .blocks import LessonBodyBlock, QuizQuestionsBlock


class Topic(models.TextChoices):
    RIGHTS = "rights", _("Rights")
    MEDIA_LITERACY = "media_literacy", _("Media literacy")
    CIVIC_ACTIVISM = "civic_activism", _("Civic activism")


class CoursePageMixin:
    """View restrictions of the page and its ancestors in one query (ancestor paths are known from the path)."""

    def get_view_restrictions(self):
        if self.alias_of_id:
            return super().get_view_restrictions()
        from wagtail.models import PageViewRestriction

        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        return PageViewRestriction.objects.filter(page__path__in=paths)


def shared_scope(page: Page, request) -> str | None:
    """What the page's shared parts (core/templatetags/shared.py: the frame, title, contents and links that are
    the same for every learner) are kept under: the page and its live revision, for a plain view of the live
    page (not a view with a query, such as a quiz result)."""
    if not page.live or not page.live_revision_id or request.GET:  # (the tag itself refuses previews)
        return None
    return f"{page._meta.model_name}:{page.pk}:{page.live_revision_id}"


class ModuleIndexPage(Page):
    """The list of learning modules of one language, filterable by topic."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.ModulePage"]
    max_count_per_parent = 1
    template = "courses/module_index_page.html"

    class Meta:
        verbose_name = _("module index")
        verbose_name_plural = _("module indexes")

    def get_context(self, request, *args, **kwargs):
        from . import selectors  # late: selectors import these models (see pyproject's import contracts)

        context = super().get_context(request, *args, **kwargs)
        topic = request.GET.get("topic", "")
        if topic not in Topic.values:
            topic = ""
        modules = selectors.module_list_for_index(index=self, topic=topic)
        context.update(
            topic=topic,
            topics=Topic.choices,
            modules=modules,
            progress=selectors.module_progress_map(user=request.user, modules=modules),
        )
        return context


class ModulePage(CoursePageMixin, Page):
    """A learning module on one topic: a short course of ordered lessons."""

    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices, db_index=True)
    summary = models.TextField(_("summary"))
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    age_min = models.PositiveSmallIntegerField(_("youngest age"), default=14)
    age_max = models.PositiveSmallIntegerField(_("oldest age"), default=20)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=30)
    learning_outcomes = models.TextField(
        _("learning outcomes"), blank=True, help_text=_("One outcome per line.")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("topic"),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [FieldPanel("age_min"), FieldPanel("age_max"), FieldPanel("estimated_minutes")],
            heading=_("Audience and time"),
        ),
        FieldPanel("learning_outcomes"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.FilterField("topic")]
    parent_page_types = ["courses.ModuleIndexPage"]
    subpage_types = ["courses.LessonPage"]
    template = "courses/module_page.html"

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.CheckConstraint(condition=Q(age_min__lte=F("age_max")), name="module_age_range_ordered"),
        ]

    @property
    def outcomes(self) -> list[str]:
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        from . import selectors  # late: selectors import these models

        context = super().get_context(request, *args, **kwargs)
        lessons = selectors.module_lessons(module=self)
        context.update(
            shared_scope=shared_scope(self, request),
            lessons=lessons,
            progress=selectors.module_progress_map(user=request.user, modules=[self], lessons=lessons).get(
                self.pk
            ),
        )
        return context


class LessonPage(CoursePageMixin, Page):
    """One lesson of a module: text, media, key ideas, glossary terms and quizzes; ordered in its module."""

    summary = models.TextField(_("summary"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=10)
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list = []
    template = "courses/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_context(self, request, *args, **kwargs):
        from . import selectors  # late: selectors import these models

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.lesson_page_context(lesson=self, request=request))
        context["shared_scope"] = shared_scope(self, request)
        return context


class ShowAnswers(models.TextChoices):
    NEVER = "never", _("Never")
    EACH_ATTEMPT = "each_attempt", _("After each attempt")
    AFTER_PASSING = "after_passing", _("After passing")
    LAST_ATTEMPT = "last_attempt", _("After the last attempt")


class Quiz(TranslatableMixin, models.Model):
    """A native quiz, scored on the server; one per language (translatable snippet), used by lesson pages.

    ``questions`` is a StreamField of question blocks whose shapes are documented in ``courses/blocks.py``
    (single_choice, multiple_choice, true_false, fill_blanks; choices with ``correct`` and ``feedback``,
    per-question ``feedback_correct``/``feedback_incorrect`` and ``points``). Each question's stream id is
    stable and is what ``QuizAnswer.question_id`` stores. Correct answers and feedback leave the server only
    when ``show_answers`` allows (see ``courses.scoring.reveal_allowed``).
    """

    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    questions = StreamField(QuizQuestionsBlock(), verbose_name=_("questions"))
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=60, help_text=_("Percentage of points needed to pass.")
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"), default=0, help_text=_("0 means no limit.")
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=False)
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Leave empty for no time limit.")
    )
    show_answers = models.CharField(
        _("show correct answers after"),
        max_length=20,
        choices=ShowAnswers.choices,
        default=ShowAnswers.EACH_ATTEMPT,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        FieldPanel("questions"),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("max_attempts"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("show_answers"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_choices"),
            ],
            heading=_("Rules"),
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="quiz_pass_mark_percent"),
            models.CheckConstraint(
                condition=Q(time_limit_minutes__isnull=True) | Q(time_limit_minutes__gte=1),
                name="quiz_time_limit_positive",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.locale.language_code})" if self.locale_id else self.title


class LessonQuiz(models.Model):
    """Which lesson uses which quiz (rebuilt from the lesson body when it is published), so a quiz's
    availability follows its lessons: no live lesson, no quiz."""

    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="quiz_links")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="lesson_links")

    class Meta:
        verbose_name = _("lesson quiz")
        verbose_name_plural = _("lesson quizzes")
        constraints = [models.UniqueConstraint(fields=["lesson", "quiz"], name="lesson_quiz_unique")]

    def __str__(self):
        return f"{self.lesson_id} → {self.quiz_id}"


# A submission a few seconds past an attempt's deadline still counts: the network is not instant.
TIME_LIMIT_GRACE = timedelta(seconds=15)


class AttemptStatus(models.TextChoices):
    STARTED = "started", _("Started")
    SUBMITTED = "submitted", _("Submitted")


class QuizAttempt(models.Model):
    """One learner's try at a quiz: started on the server (so a time limit holds), then submitted and scored.

    ``number`` counts the learner's attempts at the quiz in any language (``quiz_key``); the unique
    constraint makes a second attempt with the same number impossible even if two requests race.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("user"),
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("quiz"))
    quiz_key = models.UUIDField(_("quiz translation key"), db_index=True)
    number = models.PositiveSmallIntegerField(_("attempt number"))
    status = models.CharField(_("status"), max_length=10, choices=AttemptStatus.choices)
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Answers given without a network are kept on the phone and sent later: when they were given (the phone's
    # clock, never later than their arrival); submitted_at stays the server's time, which limits and due dates use.
    answered_offline_at = models.DateTimeField(_("answered offline at"), null=True, blank=True)
    score = models.PositiveIntegerField(_("score"), default=0)
    max_score = models.PositiveIntegerField(_("maximum score"), default=0)
    passed = models.BooleanField(_("passed"), default=False)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz_key", "number"], name="quiz_attempt_number_unique"),
            models.CheckConstraint(
                condition=Q(score__lte=F("max_score")), name="quiz_attempt_score_in_range"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="quiz_attempt_number_positive"),
        ]

    def __str__(self):
        return f"{self.quiz} #{self.number} ({self.user})"

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.max_score) if self.max_score else 0


class QuizAnswer(models.Model):
    """The learner's answer to one question of a submitted attempt, with its scoring."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(_("question id"), max_length=64)
    question_type = models.CharField(_("question type"), max_length=30)
    response = models.JSONField(_("response"), null=True, blank=True)
    correct = models.BooleanField(_("correct"), default=False)
    points = models.PositiveIntegerField(_("points"), default=0)
    max_points = models.PositiveIntegerField(_("maximum points"), default=1)

    class Meta:
        verbose_name = _("quiz answer")
        verbose_name_plural = _("quiz answers")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question_id"], name="quiz_answer_once_per_question"),
            models.CheckConstraint(
                condition=Q(points__lte=F("max_points")), name="quiz_answer_points_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.attempt_id}: {self.question_id}"


class LessonProgress(models.Model):
    """A learner's progress in one lesson (any language): last visit, marked done, completed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lesson_progress",
        verbose_name=_("user"),
    )
    lesson_key = models.UUIDField(_("lesson translation key"))
    module_key = models.UUIDField(_("module translation key"), db_index=True)
    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("lesson last seen")
    )
    marked_done = models.BooleanField(_("marked as done"), default=False)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["user", "lesson_key"], name="lesson_progress_unique")]
        indexes = [models.Index(fields=["user", "-last_seen_at"], name="lesson_progress_recent")]

    def __str__(self):
        return f"{self.user_id}: {self.lesson_key}"

    @property
    def completed(self) -> bool:
        return self.completed_at is not None
