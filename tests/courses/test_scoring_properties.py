"""Quiz scoring on its edges, with properties over generated questions (hypothesis): the expected verdict is
worked out here from the question's own data, never copied from the code under test."""

from fractions import Fraction
from types import SimpleNamespace

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from courses.scoring import Question, ordered, passed, score

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

words = st.text(alphabet="абвгдеёжзийклмнңоөпрстуүфхцчшыэюяABCdefXYZ019", min_size=1, max_size=8)


@st.composite
def choice_questions(draw, kind):
    n = draw(st.integers(min_value=2, max_value=6))
    flags = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    if kind == "single_choice":
        right = draw(st.integers(min_value=0, max_value=n - 1))
        flags = [i == right for i in range(n)]
    elif not any(flags):
        flags[draw(st.integers(min_value=0, max_value=n - 1))] = True
    choices = [
        {"id": f"c{i}", "text": f"choice {i}", "correct": flag, "feedback": ""}
        for i, flag in enumerate(flags)
    ]
    points = draw(st.integers(min_value=1, max_value=5))
    return Question(id=draw(st.uuids()).hex, type=kind, text="?", points=points, choices=choices)


@given(question=choice_questions("multiple_choice"), data=st.data())
@PROPERTY
def test_multiple_choice_is_right_only_for_the_exact_set(question, data):
    ids = [c["id"] for c in question.choices]
    ticked = data.draw(st.sets(st.sampled_from(ids), min_size=1))
    right = {c["id"] for c in question.choices if c["correct"]}
    (result,) = score([question], {question.id: sorted(ticked)})
    assert result.correct is (ticked == right)
    assert result.points == (question.points if ticked == right else 0)


@given(question=choice_questions("multiple_choice"))
@PROPERTY
def test_ticking_every_box_is_wrong_unless_every_choice_is_right(question):
    every = [c["id"] for c in question.choices]
    (result,) = score([question], {question.id: every})
    assert result.correct is all(c["correct"] for c in question.choices)


@given(question=choice_questions("single_choice"), data=st.data())
@PROPERTY
def test_single_choice_is_right_only_for_the_right_choice(question, data):
    picked = data.draw(st.sampled_from(question.choices))
    (result,) = score([question], {question.id: picked["id"]})
    assert result.correct is picked["correct"]


@given(
    truth=st.booleans(),
    answer=st.sampled_from([True, False, "true", "false", "True", "FALSE"]),
    points=st.integers(1, 5),
)
@PROPERTY
def test_true_false_scores_both_polarities(truth, answer, points):
    question = Question(id="tf", type="true_false", text="?", points=points, correct=truth)
    said = answer if isinstance(answer, bool) else answer.lower() == "true"
    (result,) = score([question], {"tf": answer})
    assert result.correct is (said == truth)
    assert result.points == (points if said == truth else 0)


def _recase(text: str) -> str:
    return text.swapcase()


@given(
    blanks=st.lists(st.lists(words, min_size=1, max_size=3), min_size=1, max_size=4),
    case_sensitive=st.booleans(),
    data=st.data(),
)
@PROPERTY
def test_fill_blanks_need_every_blank_right_under_the_case_rule(blanks, case_sensitive, data):
    question = Question(
        id="fb", type="fill_blanks", text="x", points=2, blanks=blanks, case_sensitive=case_sensitive
    )
    given_answers, expected = [], True
    for accepted in blanks:
        how = data.draw(st.sampled_from(["accepted", "recased", "wrong"]))
        answer = data.draw(st.sampled_from(accepted))
        if how == "recased":
            answer = _recase(answer)
        elif how == "wrong":
            answer = answer + "щ"
        folded = {a.casefold() for a in accepted}
        ok = answer in accepted if case_sensitive else answer.casefold() in folded
        expected = expected and ok
        given_answers.append(answer)
    (result,) = score([question], {"fb": given_answers})
    assert result.correct is expected


def test_fill_blanks_with_one_right_blank_of_several_is_wrong():
    question = Question(
        id="fb", type="fill_blanks", text="x", points=1, blanks=[["Бишкек"], ["Ош"], ["Нарын"]]
    )
    (result,) = score([question], {"fb": ["Бишкек", "Талас", "Баткен"]})
    assert result.correct is False
    (result,) = score([question], {"fb": ["бишкек", "ОШ", "Нарын"]})
    assert result.correct is True


@given(
    score_=st.integers(min_value=0, max_value=60),
    max_score=st.integers(min_value=1, max_value=60),
    pass_mark=st.integers(min_value=0, max_value=100),
)
@PROPERTY
def test_the_pass_mark_is_reached_exactly_at_its_boundary(score_, max_score, pass_mark):
    assume(score_ <= max_score)
    assert passed(score_, max_score, pass_mark) is (Fraction(score_, max_score) >= Fraction(pass_mark, 100))


def test_a_score_exactly_at_the_pass_mark_passes_and_one_below_fails():
    assert passed(7, 10, 70) is True
    assert passed(6, 10, 70) is False
    assert passed(0, 0, 0) is False  # a quiz worth nothing is never passed


@given(
    questions=st.lists(
        st.one_of(choice_questions("single_choice"), choice_questions("multiple_choice")),
        min_size=1,
        max_size=6,
        unique_by=lambda q: q.id,
    ),
    data=st.data(),
)
@PROPERTY
def test_points_are_the_sum_over_right_answers(questions, data):
    answers = {}
    expected = 0
    for q in questions:
        ids = [c["id"] for c in q.choices]
        if q.type == "single_choice":
            pick = data.draw(st.sampled_from(ids))
            answers[q.id] = pick
            right = next(c for c in q.choices if c["id"] == pick)["correct"]
        else:
            pick = data.draw(st.sets(st.sampled_from(ids), min_size=1))
            answers[q.id] = sorted(pick)
            right = pick == {c["id"] for c in q.choices if c["correct"]}
        expected += q.points if right else 0
    assert sum(s.points for s in score(questions, answers)) == expected


def _many_questions(n=8):
    return [
        Question(
            id=f"q{i}",
            type="single_choice",
            text=f"question {i}",
            points=1 + i % 3,
            choices=[
                {"id": f"q{i}c{j}", "text": str(j), "correct": j == i % 4, "feedback": ""} for j in range(4)
            ],
        )
        for i in range(n)
    ]


def test_shuffled_order_differs_between_attempts_and_is_stable_within_one():
    quiz = SimpleNamespace(shuffle_questions=True, shuffle_choices=True)
    questions = _many_questions()
    orders = {tuple(q.id for q in ordered(questions, quiz=quiz, seed=f"attempt-{n}")) for n in range(10)}
    assert len(orders) > 1
    first = [(q.id, [c["id"] for c in q.choices]) for q in ordered(questions, quiz=quiz, seed="same")]
    again = [(q.id, [c["id"] for c in q.choices]) for q in ordered(questions, quiz=quiz, seed="same")]
    assert first == again
    choice_orders = {
        tuple(c["id"] for c in ordered(questions, quiz=quiz, seed=f"s{n}")[0].choices) for n in range(10)
    }
    assert len(choice_orders) > 1


@given(seed=st.text(max_size=12), data=st.data())
@PROPERTY
def test_shuffling_never_changes_the_score(seed, data):
    quiz = SimpleNamespace(shuffle_questions=True, shuffle_choices=True)
    questions = _many_questions()
    answers = {q.id: data.draw(st.sampled_from([c["id"] for c in q.choices])) for q in questions}
    plain = {s.question.id: (s.correct, s.points) for s in score(questions, answers)}
    shown = ordered(questions, quiz=quiz, seed=seed)
    assert sorted(q.id for q in shown) == sorted(q.id for q in questions)
    shuffled = {s.question.id: (s.correct, s.points) for s in score(shown, answers)}
    assert shuffled == plain


def test_without_shuffling_the_stored_order_is_kept():
    quiz = SimpleNamespace(shuffle_questions=False, shuffle_choices=False)
    questions = _many_questions()
    assert [q.id for q in ordered(questions, quiz=quiz, seed="x")] == [q.id for q in questions]
