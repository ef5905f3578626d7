"""StreamField blocks of courses: the lesson body (shared blocks + quiz, key idea, glossary term) and quiz questions.

Quiz question data shape (stored in `Quiz.questions`, a StreamField; each question is one stream child whose
`id` is a stable UUID that attempts reference in `QuizAnswer.question_id`):

- ``single_choice`` / ``multiple_choice``: ``{"text", "choices": [{"text", "correct": bool, "feedback"}],
  "feedback_correct", "feedback_incorrect", "points"}``. Single choice has exactly one correct choice;
  multiple choice is right only when exactly the correct choices are ticked. Choices in the stored list
  value each have their own stable id (ListBlock item ids) which answers use.
- ``true_false``: ``{"text", "correct": bool, "feedback_correct", "feedback_incorrect", "points"}``.
- ``fill_blanks``: ``{"text", "blanks": [{"answers": "Bishkek / Бишкек"}], "case_sensitive": bool,
  "feedback_correct", "feedback_incorrect", "points"}``. The text marks each blank with ``___`` (three
  underscores), in order; each blank accepts any of its answers separated by ``/`` (as in H5P Blanks'
  ``*answer1/answer2*``); surrounding spaces are ignored and the comparison ignores case unless
  ``case_sensitive``. The question is right when every blank is.

A question scores its ``points`` when right and 0 otherwise. Feedback is plain text.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.blocks import BodyBlock
from courses.h5p.blocks import H5PBlock

from .cache import quiz_row, quiz_rows

BLANK = "___"


# ---- quiz questions -------------------------------------------------------------------------------------


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Choice"), max_length=500)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.TextBlock(
        label=_("Feedback for this choice"), required=False, help_text=_("Why this choice is right or wrong.")
    )

    class Meta:
        icon = "radio-full"
        label = _("Choice")


def _common_fields():
    return [
        (
            "feedback_correct",
            blocks.TextBlock(label=_("Feedback when right"), required=False),
        ),
        (
            "feedback_incorrect",
            blocks.TextBlock(label=_("Feedback when wrong"), required=False),
        ),
        ("points", blocks.IntegerBlock(label=_("Points"), min_value=1, max_value=100, default=1)),
    ]


class SingleChoiceQuestionBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Question"))
    choices = blocks.ListBlock(ChoiceBlock(), label=_("Choices"), min_num=2)

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__(local_blocks=_common_fields(), **kwargs)

    class Meta:
        icon = "radio-full"
        label = _("Single choice")

    expected_correct = "one"

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        if self.expected_correct == "one" and correct != 1:
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Mark exactly one choice as correct."))}
            )
        if self.expected_correct == "some" and correct < 1:
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Mark at least one choice as correct."))}
            )
        return value


class MultipleChoiceQuestionBlock(SingleChoiceQuestionBlock):
    expected_correct = "some"

    class Meta:
        icon = "tasks"
        label = _("Multiple choice")


class TrueFalseQuestionBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Statement"))
    correct = blocks.BooleanBlock(label=_("The statement is true"), required=False)

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__(local_blocks=_common_fields(), **kwargs)

    class Meta:
        icon = "tick"
        label = _("True or false")


class BlankBlock(blocks.StructBlock):
    answers = blocks.CharBlock(
        label=_("Accepted answers"), max_length=300, help_text=_("Separate several accepted answers with /.")
    )

    class Meta:
        icon = "minus"
        label = _("Blank")


class FillBlanksQuestionBlock(blocks.StructBlock):
    text = blocks.TextBlock(
        label=_("Text with blanks"), help_text=_("Mark each blank with three underscores: ___")
    )
    blanks = blocks.ListBlock(BlankBlock(), label=_("Blanks, in order"), min_num=1)
    case_sensitive = blocks.BooleanBlock(label=_("Letter case matters"), required=False)

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__(local_blocks=_common_fields(), **kwargs)

    class Meta:
        icon = "edit"
        label = _("Fill in the blanks")

    def clean(self, value):
        value = super().clean(value)
        if value["text"].count(BLANK) != len(value["blanks"]):
            raise StructBlockValidationError(
                block_errors={
                    "blanks": ValidationError(_("The text must have one ___ for each blank, in order."))
                }
            )
        return value


class QuizQuestionsBlock(blocks.StreamBlock):
    single_choice = SingleChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    true_false = TrueFalseQuestionBlock()
    fill_blanks = FillBlanksQuestionBlock()


# ---- lesson body ----------------------------------------------------------------------------------------


class KeyIdeaBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200, required=False)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "pick"
        label = _("Key idea")
        template = "courses/blocks/key_idea.html"


class GlossaryTermBlock(blocks.StructBlock):
    term = blocks.CharBlock(label=_("Term"), max_length=200)
    definition = blocks.TextBlock(label=_("Definition"))

    class Meta:
        icon = "doc-full"
        label = _("Glossary term")
        template = "courses/blocks/glossary_term.html"


class QuizChooserBlock(SnippetChooserBlock):
    """Chooses a quiz; lesson bodies load their quizzes from the cache (plain values, rebuilt into objects)."""

    def __init__(self, **kwargs):
        super().__init__("courses.Quiz", **kwargs)

    def bulk_to_python(self, values):
        ids = sorted({v for v in values if isinstance(v, int)})
        if not ids:
            return super().bulk_to_python(values)
        rows = quiz_rows(
            ids,
            lambda ids: {pk: quiz_row(quiz) for pk, quiz in self.model_class.objects.in_bulk(ids).items()},
        )
        objects = {pk: self.model_class(**row) for pk, row in rows.items()}
        return [objects.get(v) for v in values]


class QuizBlock(blocks.StructBlock):
    quiz = QuizChooserBlock(label=_("Quiz"))

    class Meta:
        icon = "form"
        label = _("Quiz")
        template = "courses/blocks/quiz.html"

    def get_api_representation(self, value, context=None):
        quiz = value.get("quiz")
        return {"quiz": quiz.pk if quiz else None, "title": quiz.title if quiz else ""}


class LessonBodyBlock(BodyBlock):
    """Shared blocks plus the learning ones: quizzes and H5P activities count for progress."""

    key_idea = KeyIdeaBlock()
    glossary_term = GlossaryTermBlock()
    quiz = QuizBlock()
    h5p = H5PBlock()  # courses.h5p: played only when the learner opens it; counts for progress
