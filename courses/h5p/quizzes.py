"""Native quizzes (courses.Quiz) as the neutral dict of convert.py, and .h5p exports of them.

Writes (creating a quiz from H5P content) live in services.py; this module only reads."""

from .convert import quiz_to_h5p


def _plain(value):
    """StructValue/ListValue/StreamValue children -> plain dicts and lists."""
    if isinstance(value, dict):  # StructValue is a dict
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple) or value.__class__.__name__ == "ListValue":
        return [_plain(item) for item in value]
    return value


def quiz_as_dict(quiz) -> dict:
    return {
        "title": quiz.title,
        "intro": quiz.intro,
        "pass_mark": quiz.pass_mark,
        "questions": [{"type": child.block_type, "value": _plain(child.value)} for child in quiz.questions],
    }


def quiz_export_h5p(*, quiz) -> bytes:
    """A .h5p (H5P.QuestionSet) with the quiz's questions, answers and feedback."""
    language = quiz.locale.language_code if quiz.locale_id else "und"
    return quiz_to_h5p(quiz_as_dict(quiz), language=language)
