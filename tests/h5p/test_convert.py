"""H5P <-> native quiz conversion: every supported type, sanitised HTML, and a round trip."""

import pytest

from courses.h5p.convert import ConversionError, quiz_from_h5p, quiz_to_h5p, quiz_to_h5p_content
from courses.h5p.package import read_package

QUIZ = {
    "title": "Your vote",
    "intro": "Check what you know about elections.",
    "pass_mark": 70,
    "questions": [
        {
            "type": "single_choice",
            "value": {
                "text": "At what age can a citizen vote?",
                "choices": [
                    {"text": "16", "correct": False, "feedback": "Too young: the Constitution says 18."},
                    {"text": "18", "correct": True, "feedback": "Yes: from 18."},
                    {"text": "21", "correct": False, "feedback": ""},
                ],
                "feedback_correct": "Right.",
                "feedback_incorrect": "Look at the Constitution.",
                "points": 1,
            },
        },
        {
            "type": "multiple_choice",
            "value": {
                "text": "Which are ways to check a news source?",
                "choices": [
                    {"text": "Find who published it", "correct": True, "feedback": ""},
                    {
                        "text": "Count the likes",
                        "correct": False,
                        "feedback": "Likes say nothing about truth.",
                    },
                    {"text": "Look for the same news elsewhere", "correct": True, "feedback": ""},
                ],
                "feedback_correct": "",
                "feedback_incorrect": "",
                "points": 1,
            },
        },
        {
            "type": "true_false",
            "value": {
                "text": "Voting is secret.",
                "correct": True,
                "feedback_correct": "Yes, nobody may see your ballot.",
                "feedback_incorrect": "It is secret by law.",
                "points": 1,
            },
        },
        {
            "type": "fill_blanks",
            "value": {
                "text": "The capital of Kyrgyzstan is ___ & it lies in the ___ valley.",
                "blanks": [{"answers": "Bishkek / Бишкек"}, {"answers": "Chüy / Chui"}],
                "case_sensitive": False,
                "feedback_correct": "Well done.",
                "feedback_incorrect": "",
                "points": 1,
            },
        },
    ],
}


def test_round_trip_native_to_h5p_and_back():
    data = quiz_to_h5p(QUIZ, language="en")
    package = read_package(data)  # a valid package as far as its own files go
    assert package.main_library == "H5P.QuestionSet"
    libraries = {d["machineName"] for d in package.h5p["preloadedDependencies"]}
    assert libraries == {"H5P.QuestionSet", "H5P.MultiChoice", "H5P.TrueFalse", "H5P.Blanks"}
    back = quiz_from_h5p(library=package.main_library, content=package.content, title=package.title)
    assert back.pop("skipped") == []
    assert back == QUIZ


def test_h5p_content_follows_semantics():
    content = quiz_to_h5p_content(QUIZ)
    single, multi, truefalse, blanks = content["questions"]
    assert single["library"] == "H5P.MultiChoice 1.16" and single["params"]["behaviour"]["type"] == "single"
    assert multi["params"]["behaviour"]["type"] == "multi"
    assert single["params"]["answers"][1]["correct"] is True
    assert truefalse["library"] == "H5P.TrueFalse 1.8" and truefalse["params"]["correct"] == "true"
    assert blanks["library"] == "H5P.Blanks 1.14"
    assert (
        "*Bishkek/Бишкек*" in blanks["params"]["questions"][0] and "&amp;" in blanks["params"]["questions"][0]
    )
    assert content["passPercentage"] == 70


def test_import_sanitises_html():
    content = {
        "question": '<p onclick="x()">Pick <script>alert(1)</script><b>one</b></p>',
        "answers": [
            {
                "text": "<div>A<img src=x onerror=alert(1)></div>",
                "correct": True,
                "tipsAndFeedback": {"chosenFeedback": "<a href='javascript:alert(1)'>why</a>"},
            },
            {"text": "<div>B</div>", "correct": False},
        ],
        "behaviour": {"type": "auto"},
    }
    quiz = quiz_from_h5p(library="H5P.MultiChoice 1.16", content=content, title="t")
    question = quiz["questions"][0]
    assert question["type"] == "single_choice"
    assert question["value"]["text"] == "Pick one"
    assert question["value"]["choices"][0] == {"text": "A", "correct": True, "feedback": "why"}
    assert "alert" not in str(quiz)


def test_truefalse_and_blanks_alone():
    tf = quiz_from_h5p(
        library="H5P.TrueFalse", content={"question": "<p>Sky is green</p>", "correct": "false"}
    )
    assert tf["questions"][0]["value"]["correct"] is False
    blanks = quiz_from_h5p(
        library="H5P.Blanks",
        content={
            "text": "<p>Fill in:</p>",
            "questions": ["<p>2+2 is *4/four:a number*.</p>"],
            "behaviour": {"caseSensitive": True},
        },
    )
    value = blanks["questions"][0]["value"]
    assert value["text"] == "Fill in:\n2+2 is ___."
    assert value["blanks"] == [{"answers": "4 / four"}] and value["case_sensitive"] is True


def test_question_set_skips_unknown_types():
    content = quiz_to_h5p_content(QUIZ)
    content["questions"].append({"library": "H5P.DragText 1.10", "params": {}})
    quiz = quiz_from_h5p(library="H5P.QuestionSet 1.20", content=content)
    assert quiz["skipped"] == ["H5P.DragText"] and len(quiz["questions"]) == 4


def test_unsupported_content_type():
    with pytest.raises(ConversionError):
        quiz_from_h5p(library="H5P.CivicStatements", content={})
    with pytest.raises(ConversionError):
        quiz_from_h5p(library="H5P.MultiChoice", content={"answers": [{"text": "only", "correct": True}]})
