"""A simulated learner's answers to a quiz as the API describes its questions: each question answered, right or
wrong at random (bench/quizzes.py and the exam-week locust users share it)."""

import random


def answers_for(questions: list, rng: random.Random) -> dict:
    answers = {}
    for q in questions:
        choices = [c["id"] for c in q.get("choices", [])]
        if q["type"] == "multiple_choice":
            answers[q["id"]] = rng.sample(choices, rng.randint(1, len(choices)))
        elif q["type"] == "fill_blanks":
            answers[q["id"]] = [rng.choice(["Бишкек", "Ош", "закон", "x"]) for _ in range(q.get("blanks", 1))]
        elif q["type"] == "true_false":
            answers[q["id"]] = rng.choice(["true", "false"])
        else:
            answers[q["id"]] = rng.choice(choices)
    return answers
