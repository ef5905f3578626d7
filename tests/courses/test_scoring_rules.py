"""The rest of courses/scoring.py as plain examples, without a database: questions read from a quiz's blocks,
their public form, what counts as answered, each refusal of an answer's shape, the "show answers" rule and a
question's result. (tests/courses/test_scoring_properties.py covers scoring itself as properties.)"""

from types import SimpleNamespace

import pytest
from django.utils import translation

from courses.models import Quiz, ShowAnswers
from courses.scoring import (
    AnswerError,
    Question,
    is_answered,
    normalise_response,
    passed,
    public_question,
    question_result,
    quiz_questions,
    reveal_allowed,
    score,
    unanswered,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _item(id_, **value):
    return {"type": "item", "id": id_, "value": value}


QUIZ = Quiz(
    questions=[
        {
            "type": "single_choice",
            "id": "q-single",
            "value": {
                "text": "Кыргызстандын парламенти кандай аталат?",
                "points": 2,
                "feedback_correct": "Туура!",
                "feedback_incorrect": "Кайра окуңуз.",
                "choices": [
                    _item("c-kenesh", text="Жогорку Кеңеш", correct=True, feedback="Дал ушул."),
                    _item("c-kurultai", text="Курултай", correct=False, feedback=""),
                ],
            },
        },
        {
            "type": "multiple_choice",
            "id": "q-multiple",
            "value": {
                "text": "Укуктар?",
                "points": None,
                "choices": [
                    _item("m1", text="Сөз эркиндиги", correct=True),
                    _item("m2", text="Шайлоо укугу", correct=1),
                    _item("m3", text="Салык төлөбөө", correct=False, feedback="Жок."),
                ],
            },
        },
        {
            "type": "true_false",
            "id": "q-true",
            "value": {"text": "Шайлоо жашыруун.", "correct": 1, "points": 0},
        },
        {
            "type": "fill_blanks",
            "id": "q-blanks",
            "value": {
                "text": "Борбор шаар ___, эң бийик чоку ___.",
                "points": 3,
                "case_sensitive": "yes",
                "blanks": [_item("b1", answers=" Бишкек / Фрунзе /  "), _item("b2", answers=None)],
            },
        },
    ]
)


def _questions():
    return {q.id: q for q in quiz_questions(QUIZ)}


# -- Reading the quiz -----------------------------------------------------------------------------------------


def test_questions_are_read_from_the_quiz_s_blocks_in_order():
    questions = quiz_questions(QUIZ)
    assert [(q.id, q.type, q.points) for q in questions] == [
        ("q-single", "single_choice", 2),
        ("q-multiple", "multiple_choice", 1),  # no points stored: one
        ("q-true", "true_false", 1),  # zero points stored: one
        ("q-blanks", "fill_blanks", 3),
    ]
    single, multiple, true_false, blanks = questions
    assert single.text == "Кыргызстандын парламенти кандай аталат?"
    assert (single.feedback_correct, single.feedback_incorrect) == ("Туура!", "Кайра окуңуз.")
    assert (multiple.feedback_correct, multiple.feedback_incorrect) == ("", "")
    assert single.choices == [
        {"id": "c-kenesh", "text": "Жогорку Кеңеш", "correct": True, "feedback": "Дал ушул."},
        {"id": "c-kurultai", "text": "Курултай", "correct": False, "feedback": ""},
    ]
    assert [c["correct"] for c in multiple.choices] == [
        True,
        True,
        False,
    ]  # stored truthy values become bools
    assert true_false.correct is True and true_false.choices == [] and true_false.blanks == []
    assert blanks.blanks == [["Бишкек", "Фрунзе"], []] and blanks.case_sensitive is True
    assert single.case_sensitive is False and single.correct is None


def test_a_fill_in_s_text_is_cut_at_its_blanks():
    blanks = _questions()["q-blanks"]
    assert blanks.text_parts == ["Борбор шаар ", ", эң бийик чоку ", "."]
    assert _questions()["q-true"].text_parts == ["Шайлоо жашыруун."]


def test_the_public_form_of_each_question_hides_answers_and_feedback():
    q = _questions()
    assert public_question(q["q-single"]) == {
        "id": "q-single",
        "type": "single_choice",
        "text": "Кыргызстандын парламенти кандай аталат?",
        "points": 2,
        "choices": [{"id": "c-kenesh", "text": "Жогорку Кеңеш"}, {"id": "c-kurultai", "text": "Курултай"}],
    }
    assert public_question(q["q-true"]) == {
        "id": "q-true",
        "type": "true_false",
        "text": "Шайлоо жашыруун.",
        "points": 1,
    }
    assert public_question(q["q-blanks"]) == {
        "id": "q-blanks",
        "type": "fill_blanks",
        "text": "Борбор шаар ___, эң бийик чоку ___.",
        "points": 3,
        "text_parts": ["Борбор шаар ", ", эң бийик чоку ", "."],
        "blanks": 2,
    }


# -- Answers -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question_id", "response", "message"),
    [
        ("q-single", "c-nowhere", "Choose one of the question's choices."),
        ("q-single", ["c-kenesh", "c-kurultai"], "Choose one of the question's choices."),
        ("q-single", 7, "Choose one of the question's choices."),
        ("q-multiple", ["m1", "m9"], "Choose among the question's choices."),
        ("q-multiple", ["m1", 2], "Choose among the question's choices."),
        ("q-multiple", {"m1": True}, "Choose among the question's choices."),
        ("q-true", "yes", "Answer true or false."),
        ("q-true", 1, "Answer true or false."),
        ("q-blanks", ["Бишкек"], "Fill in each blank with text."),
        ("q-blanks", "Бишкек", "Fill in each blank with text."),
        ("q-blanks", ["Бишкек", 7000], "Fill in each blank with text."),
        ("q-blanks", ["Бишкек", "ж" * 301], "Fill in each blank with text."),
    ],
)
def test_an_answer_of_the_wrong_shape_is_refused_naming_its_question(question_id, response, message):
    with pytest.raises(AnswerError) as error:
        normalise_response(_questions()[question_id], response)
    assert (error.value.field, error.value.message, str(error.value)) == (question_id, message, message)


def test_a_question_of_an_unknown_type_cannot_be_answered():
    odd = Question(id="q-odd", type="essay", text="?", points=1)
    with pytest.raises(AnswerError) as error:
        normalise_response(odd, "text")
    assert error.value.message == "This question cannot be answered."


@pytest.mark.parametrize(
    ("question_id", "response", "stored"),
    [
        ("q-single", ["c-kenesh"], "c-kenesh"),
        ("q-multiple", "m2", ["m2"]),
        ("q-multiple", ["m2", "m1", "m2"], ["m1", "m2"]),
        ("q-true", "TRUE", True),
        ("q-true", "false", False),
        ("q-true", False, False),
        ("q-blanks", [" Бишкек ", "ж" * 300], ["Бишкек", "ж" * 300]),
    ],
)
def test_answers_are_stored_in_one_form(question_id, response, stored):
    assert normalise_response(_questions()[question_id], response) == stored


def test_a_single_blank_may_be_answered_with_text():
    one = Question(id="q-one", type="fill_blanks", text="___", points=1, blanks=[["Ош"]])
    assert normalise_response(one, "Ош") == ["Ош"]


@pytest.mark.parametrize(
    ("question_id", "response", "answered"),
    [
        ("q-single", None, False),
        ("q-single", "", False),
        ("q-multiple", [], False),
        ("q-true", False, True),
        ("q-blanks", ["", "  "], False),
        ("q-blanks", ["", "Жеңиш"], True),
        ("q-single", "c-nowhere", True),  # answered, though scoring will refuse it
    ],
)
def test_what_counts_as_answered(question_id, response, answered):
    assert is_answered(_questions()[question_id], response) is answered


def test_the_open_questions_are_listed_in_order():
    questions = quiz_questions(QUIZ)
    answers = {"q-multiple": ["m1"], "q-blanks": ["", ""]}
    assert unanswered(questions, answers) == ["q-single", "q-true", "q-blanks"]
    assert unanswered(questions, {}) == ["q-single", "q-multiple", "q-true", "q-blanks"]


def test_an_answer_to_an_unknown_question_is_refused():
    with pytest.raises(AnswerError) as error:
        score(quiz_questions(QUIZ), {"q-elsewhere": "x"})
    assert (error.value.field, error.value.message) == (
        "q-elsewhere",
        "There is no such question in this quiz.",
    )


def test_a_quiz_without_points_is_never_passed():
    assert passed(0, 0, 0) is False
    assert passed(1, 1, 100) is True


# -- Showing the answers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "max_attempts", "used", "passed_any", "allowed"),
    [
        (ShowAnswers.EACH_ATTEMPT, 0, 0, True, False),  # nothing submitted yet
        (ShowAnswers.EACH_ATTEMPT, 0, 1, False, True),
        (ShowAnswers.AFTER_PASSING, 0, 1, False, False),
        (ShowAnswers.AFTER_PASSING, 0, 1, True, True),
        (ShowAnswers.LAST_ATTEMPT, 3, 2, True, False),
        (ShowAnswers.LAST_ATTEMPT, 3, 3, False, True),
        (ShowAnswers.LAST_ATTEMPT, 3, 4, False, True),
        (ShowAnswers.LAST_ATTEMPT, 0, 9, True, False),  # no limit: there is no last attempt
        (ShowAnswers.NEVER, 1, 1, True, False),
    ],
)
def test_when_answers_may_be_shown(rule, max_attempts, used, passed_any, allowed):
    quiz = SimpleNamespace(show_answers=rule, max_attempts=max_attempts)
    assert reveal_allowed(quiz=quiz, attempts_used=used, passed_any=passed_any) is allowed


def test_a_result_without_reveal_has_no_answers_or_feedback():
    single = _questions()["q-single"]
    assert question_result(single, response="c-kurultai", correct=False, points=0, reveal=False) == {
        "id": "q-single",
        "type": "single_choice",
        "text": "Кыргызстандын парламенти кандай аталат?",
        "response": "c-kurultai",
        "correct": False,
        "points": 0,
        "max_points": 2,
    }


def test_a_revealed_choice_result_has_the_answer_and_the_feedback_of_what_was_chosen():
    single = _questions()["q-single"]
    result = question_result(single, response="c-kenesh", correct=True, points=2, reveal=True)
    assert result["feedback"] == ["Туура!", "Дал ушул."]
    assert result["correct_answer"] == ["c-kenesh"]
    assert result["choices"] == [
        {"id": "c-kenesh", "text": "Жогорку Кеңеш", "correct": True},
        {"id": "c-kurultai", "text": "Курултай", "correct": False},
    ]
    wrong = question_result(single, response="c-kurultai", correct=False, points=0, reveal=True)
    assert wrong["feedback"] == ["Кайра окуңуз."]  # the chosen choice has no feedback of its own


def test_a_revealed_multiple_choice_result_gathers_each_chosen_choice_s_feedback():
    multiple = _questions()["q-multiple"]
    result = question_result(multiple, response=["m1", "m3"], correct=False, points=0, reveal=True)
    assert result["feedback"] == ["Жок."]  # no question-level feedback: only the chosen choice's
    assert result["correct_answer"] == ["m1", "m2"]


def test_revealed_true_false_and_fill_in_results_carry_their_answers():
    q = _questions()
    true_false = question_result(q["q-true"], response=False, correct=False, points=0, reveal=True)
    assert (true_false["correct_answer"], true_false["feedback"]) == (True, [])
    assert "choices" not in true_false
    blanks = question_result(q["q-blanks"], response=["Бишкек", ""], correct=False, points=0, reveal=True)
    assert blanks["correct_answer"] == [["Бишкек", "Фрунзе"], []]
    assert "choices" not in blanks


def test_only_the_chosen_choice_s_feedback_is_shown_even_when_ids_overlap():
    """A single answer is one id, not a string to search: "c1" is not chosen when "c10" is."""
    question = Question(
        id="q",
        type="single_choice",
        text="?",
        points=1,
        choices=[
            {"id": "c1", "text": "Бир", "correct": False, "feedback": "Биринчиси эмес."},
            {"id": "c10", "text": "Он", "correct": True, "feedback": "Он туура."},
        ],
    )
    result = question_result(question, response="c10", correct=True, points=1, reveal=True)
    assert result["feedback"] == ["Он туура."]
