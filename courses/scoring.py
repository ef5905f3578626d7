"""Quiz questions as plain data, their public (answer-free) form, scoring and the "show answers" rule.

Pure functions: no database access, so the API, the HTML form and the tests share one implementation.
"""

import random
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .blocks import BLANK
from .models import Quiz, ShowAnswers

CHOICE_TYPES = ("single_choice", "multiple_choice")


@dataclass
class Question:
    id: str
    type: str
    text: str
    points: int
    choices: list[dict] = field(default_factory=list)  # {"id", "text", "correct", "feedback"}
    correct: bool | None = None  # true_false
    blanks: list[list[str]] = field(default_factory=list)  # accepted answers per blank
    case_sensitive: bool = False
    feedback_correct: str = ""
    feedback_incorrect: str = ""

    @property
    def text_parts(self) -> list[str]:
        return self.text.split(BLANK) if self.type == "fill_blanks" else [self.text]


def quiz_questions(quiz: Quiz) -> list[Question]:
    """The quiz's questions in their stored order, as plain data."""
    questions = []
    for child in quiz.questions:
        value = child.value
        question = Question(
            id=str(child.id),
            type=child.block_type,
            text=value["text"],
            points=value.get("points") or 1,
            feedback_correct=value.get("feedback_correct") or "",
            feedback_incorrect=value.get("feedback_incorrect") or "",
        )
        if child.block_type in CHOICE_TYPES:
            question.choices = [
                {
                    "id": str(bound.id),
                    "text": bound.value["text"],
                    "correct": bool(bound.value["correct"]),
                    "feedback": bound.value.get("feedback") or "",
                }
                for bound in value["choices"].bound_blocks
            ]
        elif child.block_type == "true_false":
            question.correct = bool(value["correct"])
        elif child.block_type == "fill_blanks":
            question.case_sensitive = bool(value.get("case_sensitive"))
            question.blanks = [
                [a.strip() for a in (blank["answers"] or "").split("/") if a.strip()]
                for blank in value["blanks"]
            ]
        questions.append(question)
    return questions


def ordered(questions: list[Question], *, quiz: Quiz, seed: str) -> list[Question]:
    """Questions (and choices) in the order this learner sees them: shuffled per attempt when the quiz says so,
    the same on every page load of one attempt."""
    if not (quiz.shuffle_questions or quiz.shuffle_choices):
        return questions
    rng = random.Random(seed)
    result = list(questions)
    if quiz.shuffle_questions:
        rng.shuffle(result)
    if quiz.shuffle_choices:
        shuffled = []
        for q in result:
            if q.choices:
                choices = list(q.choices)
                rng.shuffle(choices)
                q = Question(**{**q.__dict__, "choices": choices})
            shuffled.append(q)
        result = shuffled
    return result


def public_question(question: Question) -> dict:
    """What the browser and the API may see before answering: no correct answers, no feedback."""
    data: dict[str, Any] = {
        "id": question.id,
        "type": question.type,
        "text": question.text,
        "points": question.points,
    }
    if question.choices:
        data["choices"] = [{"id": c["id"], "text": c["text"]} for c in question.choices]
    if question.type == "fill_blanks":
        data["text_parts"] = question.text_parts
        data["blanks"] = len(question.blanks)
    return data


class AnswerError(ValueError):
    """An answer that cannot be scored (unknown question or choice, wrong shape); `field` names the question."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message


def _as_bool(value) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def normalise_response(question: Question, response: Any) -> Any:
    """Check one answer's shape; return it in stored form (None when unanswered)."""
    if response is None or response == "" or response == []:
        return None
    if question.type == "single_choice":
        if isinstance(response, list) and len(response) == 1:
            response = response[0]
        if not isinstance(response, str) or response not in {c["id"] for c in question.choices}:
            raise AnswerError(question.id, _("Choose one of the question's choices."))
        return response
    if question.type == "multiple_choice":
        if isinstance(response, str):
            response = [response]
        ids = {c["id"] for c in question.choices}
        if not isinstance(response, list) or not all(isinstance(r, str) and r in ids for r in response):
            raise AnswerError(question.id, _("Choose among the question's choices."))
        return sorted(set(response))
    if question.type == "true_false":
        value = _as_bool(response)
        if value is None:
            raise AnswerError(question.id, _("Answer true or false."))
        return value
    if question.type == "fill_blanks":
        if isinstance(response, str) and len(question.blanks) == 1:
            response = [response]
        if (
            not isinstance(response, list)
            or len(response) != len(question.blanks)
            or not all(isinstance(r, str) and len(r) <= 300 for r in response)
        ):
            raise AnswerError(question.id, _("Fill in each blank with text."))
        return [r.strip() for r in response]
    raise AnswerError(question.id, _("This question cannot be answered."))


def is_answered(question: Question, response: Any) -> bool:
    """Did the learner answer the question at all? (An answer of the wrong shape counts: scoring refuses it.)"""
    try:
        value = normalise_response(question, response)
    except AnswerError:
        return True
    if question.type == "fill_blanks":
        return value is not None and any(value)
    return value is not None


def form_answers(data, quiz) -> dict:
    """The answers a page's quiz form posted (fields `q-<question id>`, read with `getlist`), in the shape
    `score` takes: a list for multiple choice and blanks (None when every blank is empty), else one value."""
    answers = {}
    for question in quiz_questions(quiz):
        values = list(data.getlist(f"q-{question.id}"))
        if question.type == "multiple_choice":
            answers[question.id] = values
        elif question.type == "fill_blanks":
            answers[question.id] = values if any(v.strip() for v in values) else None
        else:
            answers[question.id] = values[0] if values else None
    return answers


def unanswered(questions: list[Question], answers: dict[str, Any]) -> list[str]:
    """The ids of the questions left open, in the order given."""
    return [q.id for q in questions if not is_answered(q, answers.get(q.id))]


def is_correct(question: Question, response: Any) -> bool:
    if response is None:
        return False
    if question.type == "single_choice":
        return any(c["id"] == response and c["correct"] for c in question.choices)
    if question.type == "multiple_choice":
        return set(response) == {c["id"] for c in question.choices if c["correct"]}
    if question.type == "true_false":
        return response is question.correct
    if question.type == "fill_blanks":

        def same(a: str, b: str) -> bool:
            return a == b if question.case_sensitive else a.casefold() == b.casefold()

        return all(
            any(same(given, accepted) for accepted in accepted_list)
            for given, accepted_list in zip(response, question.blanks, strict=True)
        )
    return False


@dataclass
class ScoredAnswer:
    question: Question
    response: Any
    correct: bool
    points: int


def score(questions: list[Question], answers: dict[str, Any]) -> list[ScoredAnswer]:
    """Score every question (unanswered ones score 0). Raises AnswerError for an unknown question id."""
    by_id = {q.id: q for q in questions}
    for key in answers:
        if key not in by_id:
            raise AnswerError(str(key), _("There is no such question in this quiz."))
    scored = []
    for question in questions:
        response = normalise_response(question, answers.get(question.id))
        correct = is_correct(question, response)
        scored.append(ScoredAnswer(question, response, correct, question.points if correct else 0))
    return scored


def passed(score_: int, max_score: int, pass_mark: int) -> bool:
    return max_score > 0 and score_ * 100 >= pass_mark * max_score


def reveal_allowed(*, quiz: Quiz, attempts_used: int, passed_any: bool) -> bool:
    """May the learner see correct answers and feedback now, after `attempts_used` submitted attempts?"""
    if attempts_used < 1:
        return False
    rule = quiz.show_answers
    if rule == ShowAnswers.EACH_ATTEMPT:
        return True
    if rule == ShowAnswers.AFTER_PASSING:
        return passed_any
    if rule == ShowAnswers.LAST_ATTEMPT:
        return bool(quiz.max_attempts) and attempts_used >= quiz.max_attempts
    return False


def question_result(question: Question, *, response: Any, correct: bool, points: int, reveal: bool) -> dict:
    """One question's result for the learner; answers and feedback only when `reveal`."""
    data: dict[str, Any] = {
        "id": question.id,
        "type": question.type,
        "text": question.text,
        "response": response,
        "correct": correct,
        "points": points,
        "max_points": question.points,
    }
    if not reveal:
        return data
    feedback = [question.feedback_correct if correct else question.feedback_incorrect]
    chosen = response if isinstance(response, list) else [response]
    feedback += [c["feedback"] for c in question.choices if c["id"] in chosen and c["feedback"]]
    data["feedback"] = [f for f in feedback if f]
    if question.choices:
        data["correct_answer"] = [c["id"] for c in question.choices if c["correct"]]
        data["choices"] = [
            {"id": c["id"], "text": c["text"], "correct": c["correct"]} for c in question.choices
        ]
    elif question.type == "true_false":
        data["correct_answer"] = question.correct
    elif question.type == "fill_blanks":
        data["correct_answer"] = question.blanks
    return data
