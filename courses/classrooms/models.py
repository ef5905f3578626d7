"""Classrooms: a teacher's class with its join code, its pupils and co-teachers, the work assigned to it, the
on-site notices about that work, and each person's classroom settings (forced password change, calendar feed).

Uniqueness lives in the database: one membership per pupil per class, one join code per class across the site,
one notice of a kind per person and assignment (so a reminder task run twice reminds once).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

JOIN_CODE_LENGTH = 8


def academic_year_now() -> int:
    """The year the current school year began (it begins in September)."""
    today = timezone.localdate()
    return today.year if today.month >= 8 else today.year - 1


class Classroom(models.Model):
    """A teacher's class: pupils join it by code or are added by the teacher, and get its assignments."""

    name = models.CharField(_("name"), max_length=100)
    school = models.CharField(_("school"), max_length=200, blank=True)
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(1), MaxValueValidator(12)], null=True, blank=True
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    academic_year = models.PositiveSmallIntegerField(
        _("academic year"), default=academic_year_now, help_text=_("The year the school year begins.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="classrooms_owned",
        verbose_name=_("teacher"),
    )
    join_code = models.CharField(_("join code"), max_length=JOIN_CODE_LENGTH, unique=True)
    join_enabled = models.BooleanField(_("join code on"), default=True)
    join_requires_approval = models.BooleanField(
        _("the teacher approves each join"),
        default=False,
        help_text=_("Pupils who join by code wait until you approve them."),
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["-academic_year", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | Q(grade__gte=1, grade__lte=12), name="classroom_grade_range"
            ),
            models.CheckConstraint(
                condition=Q(join_code__regex=r"^[0-9]{8}$"), name="classroom_join_code_digits"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    @property
    def academic_year_label(self) -> str:
        return f"{self.academic_year}–{self.academic_year + 1}"


class CoTeacher(models.Model):
    """Another teacher with whom the class's teacher shares it: they see and manage it as the teacher does."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="co_teachers")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classrooms_shared"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("co-teacher")
        verbose_name_plural = _("co-teachers")
        constraints = [
            models.UniqueConstraint(fields=["classroom", "teacher"], name="classroom_co_teacher_once")
        ]

    def __str__(self):
        return f"{self.classroom_id}: {self.teacher_id}"


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    ACTIVE = "active", _("In the class")


class Membership(models.Model):
    """A pupil in a class. Pending ones (joined by code, approval required) see nothing of the class yet."""

    class Via(models.TextChoices):
        CODE = "code", _("Join code")
        TEACHER = "teacher", _("Added by the teacher")
        ROSTER = "roster", _("Account created by the teacher")

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="classroom_memberships",
        verbose_name=_("pupil"),
    )
    status = models.CharField(_("status"), max_length=10, choices=MembershipStatus.choices)
    via = models.CharField(_("joined by"), max_length=10, choices=Via.choices)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("pupil in a class")
        verbose_name_plural = _("pupils in classes")
        constraints = [
            models.UniqueConstraint(fields=["classroom", "student"], name="classroom_membership_once"),
        ]
        indexes = [models.Index(fields=["student", "status"], name="membership_student_status")]

    def __str__(self):
        return f"{self.classroom_id}: {self.student_id} ({self.status})"


class AssignmentKind(models.TextChoices):
    LESSON = "lesson", _("Lesson")
    MODULE = "module", _("Module")
    QUIZ = "quiz", _("Quiz")


class Assignment(models.Model):
    """Work set for a class or for chosen pupils of it: a lesson, a whole module or a quiz, in the class's
    language, with optional start and due times (the server's clock decides what is late).

    ``content_key`` is the translation key of the lesson, module or quiz: progress and attempts are keyed by it,
    so work done in another language still counts. A practice (reteach) quiz is built by Civic from chosen
    questions of another quiz (``source``)."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    kind = models.CharField(_("kind"), max_length=10, choices=AssignmentKind.choices)
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    quiz = models.ForeignKey(
        "courses.Quiz", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    content_key = models.UUIDField(_("content translation key"))
    title = models.CharField(_("title"), max_length=255)
    note = models.TextField(_("note to pupils"), blank=True, max_length=2000)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    for_everyone = models.BooleanField(_("for the whole class"), default=True)
    practice = models.BooleanField(_("practice quiz"), default=False)
    source = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reteaches"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(due_at__isnull=True) | Q(due_at__gt=F("starts_at")),
                name="assignment_due_after_start",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="lesson", lesson__isnull=False, module__isnull=True, quiz__isnull=True)
                    | Q(kind="module", module__isnull=False, lesson__isnull=True, quiz__isnull=True)
                    | Q(kind="quiz", quiz__isnull=False, lesson__isnull=True, module__isnull=True)
                ),
                name="assignment_one_content",
            ),
        ]
        indexes = [models.Index(fields=["classroom", "due_at"], name="assignment_class_due")]

    def __str__(self):
        return self.title

    def is_open(self, now=None) -> bool:
        return self.starts_at is None or self.starts_at <= (now or timezone.now())


class AssignmentRecipient(models.Model):
    """One chosen pupil of an assignment that is not for the whole class."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="recipients")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classroom_assignments"
    )

    class Meta:
        verbose_name = _("assignment recipient")
        verbose_name_plural = _("assignment recipients")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "student"], name="assignment_recipient_once")
        ]

    def __str__(self):
        return f"{self.assignment_id}: {self.student_id}"


class NoticeKind(models.TextChoices):
    ASSIGNED = "assigned", _("New assignment")
    DUE_SOON = "due_soon", _("Due tomorrow")


class Notice(models.Model):
    """An on-site notice to a pupil about an assignment (and, by mail, when they have an address)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classroom_notices"
    )
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=10, choices=NoticeKind.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "assignment", "kind"], name="notice_once_per_kind")
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread")]

    def __str__(self):
        return f"{self.user_id}: {self.kind} {self.assignment_id}"


class EmailFrequency(models.TextChoices):
    EACH = "each", _("One e-mail for each new assignment and reminder")
    WEEKLY = "weekly", _("One weekly digest")
    NEVER = "never", _("No e-mail (notices on the site only)")


class ClassroomProfile(models.Model):
    """A person's classroom settings: whether they still log in with a teacher's one-time password (kept as the
    account's password hash only), how they want mail, their calendar feed's secret, and their last weekly mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classroom_profile"
    )
    must_change_password = models.BooleanField(_("must set a new password"), default=False)
    account_created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email_frequency = models.CharField(
        _("e-mail about assignments"),
        max_length=10,
        choices=EmailFrequency.choices,
        default=EmailFrequency.EACH,
    )
    calendar_token = models.CharField(_("calendar feed secret"), max_length=64, unique=True)
    last_digest_at = models.DateTimeField(_("last weekly digest"), null=True, blank=True)
    last_summary_at = models.DateTimeField(_("last weekly summary of classes"), null=True, blank=True)

    class Meta:
        verbose_name = _("classroom profile")
        verbose_name_plural = _("classroom profiles")

    def __str__(self):
        return str(self.user_id)
