"""Conversion between H5P question content types and native quizzes.

The native side is a plain dict in the shape of courses' quiz data (see courses/blocks.py):

    {"title": str, "intro": str, "pass_mark": int,
     "questions": [{"type": "single_choice" | "multiple_choice" | "true_false" | "fill_blanks", "value": {...}}]}

with question values as documented there (choices with text/correct/feedback, feedback_correct,
feedback_incorrect, points; true_false's correct; fill_blanks' text with ___ and blanks' answers "a / b").
Native text is plain text: H5P HTML is sanitised and reduced to its text on import, and escaped on export.

H5P side: H5P.MultiChoice, H5P.TrueFalse, H5P.Blanks and H5P.QuestionSet (of those), following their
semantics. H5P has no per-question weight, so points other than 1 do not survive a round trip.
"""

import re
import uuid
from html import escape

from django.utils.translation import gettext_lazy as _
from lxml import html as lxml_html

from .package import Dependency, h5p_json, write_package
from .sanitize import sanitize_html

MULTI_CHOICE = Dependency("H5P.MultiChoice", 1, 16)
TRUE_FALSE = Dependency("H5P.TrueFalse", 1, 8)
BLANKS = Dependency("H5P.Blanks", 1, 14)
QUESTION_SET = Dependency("H5P.QuestionSet", 1, 20)
BLANK = "___"
_STARRED = re.compile(r"\*([^*]+)\*")


class ConversionError(ValueError):
    """The content cannot be converted; the message is translated."""


def html_to_text(value) -> str:
    """Sanitise an H5P HTML string and keep only its text (paragraphs become line breaks)."""
    if not isinstance(value, str) or not value.strip():
        return ""
    cleaned = sanitize_html(value)
    if "<" not in cleaned:
        return _unescape(cleaned).strip()
    root = lxml_html.fragment_fromstring(cleaned, create_parent="div")
    for block in root.iter("p", "div", "li", "br", "h1", "h2", "h3", "h4"):
        block.tail = "\n" + (block.tail or "")
    text = root.text_content()
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _unescape(text: str) -> str:
    from html import unescape

    return unescape(text)


def text_to_html(text: str) -> str:
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return "".join(f"<p>{escape(line)}</p>" for line in lines)


def _range_feedback(ranges) -> tuple[str, str]:
    """(feedback for a full score, feedback for a zero score) from H5P's overallFeedback ranges."""
    right = wrong = ""
    for item in ranges or []:
        if not isinstance(item, dict):
            continue
        low, high = item.get("from", 0), item.get("to", 100)
        text = html_to_text(item.get("feedback", ""))
        if low <= 100 <= high and not right:
            right = text
        if low <= 0 <= high and not wrong:
            wrong = text
    return right, wrong


def _ranges(right: str, wrong: str) -> list[dict]:
    return [
        {"from": 0, "to": 99, "feedback": escape(wrong or "")},
        {"from": 100, "to": 100, "feedback": escape(right or "")},
    ]


# ---- H5P -> native --------------------------------------------------------------------------------------


def _from_multichoice(params: dict) -> dict:
    answers = [a for a in params.get("answers") or [] if isinstance(a, dict)]
    choices = [
        {
            "text": html_to_text(a.get("text", "")),
            "correct": bool(a.get("correct")),
            "feedback": html_to_text((a.get("tipsAndFeedback") or {}).get("chosenFeedback", "")),
        }
        for a in answers
    ]
    if len(choices) < 2 or not any(c["correct"] for c in choices):
        raise ConversionError(
            _("A multiple choice question needs at least two answers and one right answer.")
        )
    behaviour = params.get("behaviour") or {}
    kind = behaviour.get("type", "auto")
    correct = sum(c["correct"] for c in choices)
    single = kind == "single" or (kind != "multi" and correct == 1)
    if single and correct != 1:
        single = False
    right, wrong = _range_feedback(params.get("overallFeedback"))
    return {
        "type": "single_choice" if single else "multiple_choice",
        "value": {
            "text": html_to_text(params.get("question", "")),
            "choices": choices,
            "feedback_correct": right,
            "feedback_incorrect": wrong,
            "points": 1,
        },
    }


def _from_truefalse(params: dict) -> dict:
    behaviour = params.get("behaviour") or {}
    return {
        "type": "true_false",
        "value": {
            "text": html_to_text(params.get("question", "")),
            "correct": str(params.get("correct", "true")).lower() == "true",
            "feedback_correct": html_to_text(behaviour.get("feedbackOnCorrect", "")),
            "feedback_incorrect": html_to_text(behaviour.get("feedbackOnWrong", "")),
            "points": 1,
        },
    }


def _from_blanks(params: dict) -> dict:
    lines = [html_to_text(q) for q in params.get("questions") or [] if isinstance(q, str)]
    description = html_to_text(params.get("text", ""))
    blanks = []

    def replace(match):
        answers = [a.split(":", 1)[0].strip() for a in match.group(1).split("/")]
        blanks.append({"answers": " / ".join(a for a in answers if a)})
        return BLANK

    text = "\n".join(_STARRED.sub(replace, line) for line in lines)
    if not blanks:
        raise ConversionError(_("A fill-in-the-blanks question needs at least one blank (*answer*)."))
    if description:
        text = f"{description}\n{text}"
    right, wrong = _range_feedback(params.get("overallFeedback"))
    return {
        "type": "fill_blanks",
        "value": {
            "text": text,
            "blanks": blanks,
            "case_sensitive": bool((params.get("behaviour") or {}).get("caseSensitive", False)),
            "feedback_correct": right,
            "feedback_incorrect": wrong,
            "points": 1,
        },
    }


QUESTION_IMPORTERS = {
    "H5P.MultiChoice": _from_multichoice,
    "H5P.TrueFalse": _from_truefalse,
    "H5P.Blanks": _from_blanks,
}


def quiz_from_h5p(*, library: str, content: dict, title: str = "") -> dict:
    """Convert an H5P package's content (main library name and content.json) to a native quiz dict.

    Questions of a QuestionSet in other content types are skipped and listed under "skipped"."""
    machine_name = library.split(" ", 1)[0]
    skipped: list[str] = []
    if machine_name == "H5P.QuestionSet":
        questions = []
        for item in content.get("questions") or []:
            if not isinstance(item, dict):
                continue
            sub = str(item.get("library", "")).split(" ", 1)[0]
            importer = QUESTION_IMPORTERS.get(sub)
            if importer is None:
                skipped.append(sub or "?")
                continue
            questions.append(importer(item.get("params") or {}))
        intro_page = content.get("introPage") or {}
        intro = html_to_text(intro_page.get("introduction", ""))
        pass_mark = content.get("passPercentage", 60)
    elif machine_name in QUESTION_IMPORTERS:
        questions = [QUESTION_IMPORTERS[machine_name](content)]
        intro = ""
        pass_mark = 60
    else:
        raise ConversionError(
            _("Only H5P.MultiChoice, H5P.TrueFalse, H5P.Blanks and H5P.QuestionSet can become a native quiz.")
        )
    if not questions:
        raise ConversionError(_("The H5P content has no question that a native quiz can hold."))
    try:
        pass_mark = max(0, min(100, int(pass_mark)))
    except (TypeError, ValueError):
        pass_mark = 60
    return {
        "title": title,
        "intro": intro,
        "pass_mark": pass_mark,
        "questions": questions,
        "skipped": skipped,
    }


# ---- native -> H5P --------------------------------------------------------------------------------------


def _to_multichoice(value: dict, single: bool) -> dict:
    return {
        "question": text_to_html(value.get("text", "")),
        "answers": [
            {
                "text": f"<div>{escape(choice.get('text', ''))}</div>\n",
                "correct": bool(choice.get("correct")),
                "tipsAndFeedback": {
                    "tip": "",
                    "chosenFeedback": f"<div>{escape(choice['feedback'])}</div>\n"
                    if choice.get("feedback")
                    else "",
                    "notChosenFeedback": "",
                },
            }
            for choice in value.get("choices", [])
        ],
        "overallFeedback": _ranges(value.get("feedback_correct", ""), value.get("feedback_incorrect", "")),
        "behaviour": {
            "enableRetry": True,
            "enableSolutionsButton": True,
            "enableCheckButton": True,
            "type": "single" if single else "multi",
            "singlePoint": True,
            "randomAnswers": False,
            "showSolutionsRequiresInput": True,
            "confirmCheckDialog": False,
            "confirmRetryDialog": False,
            "autoCheck": False,
            "passPercentage": 100,
            "showScorePoints": True,
        },
        "media": {"disableImageZooming": False},
    }


def _to_truefalse(value: dict) -> dict:
    return {
        "question": text_to_html(value.get("text", "")),
        "correct": "true" if value.get("correct") else "false",
        "behaviour": {
            "enableRetry": True,
            "enableSolutionsButton": True,
            "enableCheckButton": True,
            "confirmCheckDialog": False,
            "confirmRetryDialog": False,
            "autoCheck": False,
            "feedbackOnCorrect": escape(value.get("feedback_correct", "")),
            "feedbackOnWrong": escape(value.get("feedback_incorrect", "")),
        },
        "media": {"disableImageZooming": False},
    }


def _to_blanks(value: dict) -> dict:
    blanks = list(value.get("blanks", []))
    parts = value.get("text", "").split(BLANK)
    text = parts[0]
    for index, part in enumerate(parts[1:]):
        answers = blanks[index]["answers"] if index < len(blanks) else ""
        starred = "/".join(a.strip().replace("*", "") for a in answers.split("/") if a.strip())
        text += f"*{starred}*" + part
    return {
        "text": "",
        "questions": [f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip()],
        "overallFeedback": _ranges(value.get("feedback_correct", ""), value.get("feedback_incorrect", "")),
        "behaviour": {
            "enableRetry": True,
            "enableSolutionsButton": True,
            "enableCheckButton": True,
            "autoCheck": False,
            "caseSensitive": bool(value.get("case_sensitive")),
            "showSolutionsRequiresInput": True,
            "separateLines": False,
            "acceptSpellingErrors": False,
        },
    }


def _sub(dep: Dependency, params: dict, title: str) -> dict:
    return {
        "library": f"{dep.machine_name} {dep.major}.{dep.minor}",
        "params": params,
        "subContentId": str(uuid.uuid4()),
        "metadata": {"contentType": dep.machine_name.split(".", 1)[1], "license": "U", "title": title[:60]},
    }


def question_to_h5p(question: dict) -> dict:
    kind, value = question["type"], question["value"]
    title = value.get("text", "")[:60]
    if kind in ("single_choice", "multiple_choice"):
        return _sub(MULTI_CHOICE, _to_multichoice(value, kind == "single_choice"), title)
    if kind == "true_false":
        return _sub(TRUE_FALSE, _to_truefalse(value), title)
    if kind == "fill_blanks":
        return _sub(BLANKS, _to_blanks(value), title)
    raise ConversionError(_("This question type cannot be exported to H5P."))


def quiz_to_h5p_content(quiz: dict) -> dict:
    """A QuestionSet content.json for a native quiz dict."""
    intro = quiz.get("intro", "")
    return {
        "introPage": {
            "showIntroPage": bool(intro),
            "title": quiz.get("title", ""),
            "introduction": text_to_html(intro),
            "startButtonText": "Start",
        },
        "progressType": "dots",
        "passPercentage": int(quiz.get("pass_mark", 60)),
        "questions": [question_to_h5p(q) for q in quiz.get("questions", [])],
        "disableBackwardsNavigation": False,
        "randomQuestions": False,
        "endGame": {
            "showResultPage": True,
            "showSolutionButton": True,
            "showRetryButton": True,
            "noResultMessage": "Finished",
            "message": "Your result:",
            "overallFeedback": [{"from": 0, "to": 100}],
            "solutionButtonText": "Show solution",
            "retryButtonText": "Retry",
            "finishButtonText": "Finish",
            "showAnimations": False,
            "skippable": False,
            "skipButtonText": "Skip video",
        },
        "override": {"checkButton": True},
    }


def quiz_to_h5p(quiz: dict, *, language: str) -> bytes:
    """A .h5p (H5P.QuestionSet of MultiChoice/TrueFalse/Blanks) for a native quiz dict. Like an h5p.org export
    it names its libraries without bundling them: a site that has them installed can play it."""
    deps = [QUESTION_SET, MULTI_CHOICE, TRUE_FALSE, BLANKS]
    meta = h5p_json(
        title=quiz.get("title") or "Quiz", language=language, main=QUESTION_SET, dependencies=deps
    )
    return write_package(h5p=meta, content=quiz_to_h5p_content(quiz))
