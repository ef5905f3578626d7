"""Answer secrecy, with oracles taken from the quiz itself: before answering, nobody (an anonymous visitor or a
signed-in learner) can tell the right answer from the lesson page's HTML (data- attributes included) or from the
API's JSON.

Two oracles per question type:
- what is secret by nature (feedback, each accepted blank answer) appears nowhere;
- what must be shown (the choices) gives nothing away: the quiz is fetched, its right answers are moved to other
  choices (true becomes false), and it is fetched again; the two answers must be the same, byte for byte once the
  per-request tokens are set aside. A page that marked the right choice in any way would differ.
"""

import copy
import json
import re
import uuid

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import StudentFactory
from tests.factories.courses import QuizFactory, course_tree, quiz_questions_data

pytestmark = pytest.mark.django_db

_PER_REQUEST = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(r'nonce="[^"]*"'),
    re.compile(r'name="attempt" value="[^"]*"'),
]


def _unique(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:10]}"


def _question_of(kind: str) -> dict:
    """One question of `kind` from the factory's set, with every secret replaced by a unique marker."""
    data = copy.deepcopy(next(q for q in quiz_questions_data() if q["type"] == kind))
    value = data["value"]
    value["feedback_correct"] = _unique("feedback-correct")
    value["feedback_incorrect"] = _unique("feedback-incorrect")
    for choice in value.get("choices", []):
        choice["value"]["feedback"] = _unique("choice-feedback")
        choice["value"]["text"] = _unique("choice-text")
    for blank in value.get("blanks", []):
        blank["value"]["answers"] = f"{_unique('accepted')} / {_unique('accepted')}"
    return data


def _moved(data: dict) -> dict:
    """The same question with its right answers elsewhere."""
    data = copy.deepcopy(data)
    value = data["value"]
    if data["type"] in ("single_choice", "multiple_choice"):
        flags = [c["value"]["correct"] for c in value["choices"]]
        for choice, flag in zip(value["choices"], flags[1:] + flags[:1], strict=True):
            choice["value"]["correct"] = flag
        assert flags != flags[1:] + flags[:1], "the factory's question must have a right and a wrong choice"
    elif data["type"] == "true_false":
        value["correct"] = not value["correct"]
    elif data["type"] == "fill_blanks":
        for blank in value["blanks"]:
            blank["value"]["answers"] = f"{_unique('accepted')} / {_unique('accepted')}"
    return data


def _secrets(data: dict) -> list[str]:
    value = data["value"]
    found = [value["feedback_correct"], value["feedback_incorrect"]]
    found += [c["value"]["feedback"] for c in value.get("choices", [])]
    for blank in value.get("blanks", []):
        found += [a.strip() for a in blank["value"]["answers"].split("/")]
    return found


def _normalised(text: str) -> str:
    for pattern in _PER_REQUEST:
        text = pattern.sub("", text)
    return text


def _fetch(lesson, quiz, who) -> dict[str, str]:
    cache.clear()  # a cached page would hide the second version
    views = {}
    page = who["page"].get(lesson.get_url())
    assert page.status_code == 200
    views["html"] = _normalised(page.content.decode())
    api = who["api"].get(f"/api/v1/quizzes/{quiz.pk}/")
    assert api.status_code == 200
    views["json"] = json.dumps(api.json(), sort_keys=True, ensure_ascii=False)
    return views


@pytest.fixture(params=["anonymous", "learner"])
def who(request, client):
    api = APIClient()
    if request.param == "learner":
        learner = StudentFactory()
        client.force_login(learner)
        api.force_authenticate(learner)
    return {"page": client, "api": api}


@pytest.mark.parametrize("kind", ["single_choice", "multiple_choice", "true_false", "fill_blanks"])
def test_nothing_before_answering_tells_the_right_answer(kind, who):
    question = _question_of(kind)
    quiz = QuizFactory(questions=[question])
    _module, lessons = course_tree(lessons=1, quiz=quiz)
    before = _fetch(lessons[0], quiz, who)

    for view in before.values():
        # the question really is on the page and in the JSON (a fill-in shows the text around its blanks)
        assert all(part.strip() in view for part in question["value"]["text"].split("___") if part.strip())
        for secret in _secrets(question):
            assert secret not in view, f"{secret!r} leaks before answering"
        for choice in question["value"].get("choices", []):  # the choices themselves are shown
            assert choice["id"] in view and choice["value"]["text"] in view

    moved = _moved(question)
    quiz.questions = [moved]
    quiz.save()
    after = _fetch(lessons[0], quiz, who)
    for secret in _secrets(moved):
        assert all(secret not in view for view in after.values()), f"{secret!r} leaks before answering"
    assert after == before, "moving the right answer changed what the learner sees before answering"
