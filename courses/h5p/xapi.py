"""Checking the xAPI statements the H5P player posts. Scores in them were computed in the learner's browser:
we validate their shape and keep them as client-reported, never as server-checked results."""

import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from core.errors import Invalid

VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
VERB_PASSED = "http://adlnet.gov/expapi/verbs/passed"
VERB_ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
COMPLETION_VERBS = (VERB_COMPLETED, VERB_PASSED)

_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+$")
_DURATION = re.compile(
    r"^P(?!$)(\d+(?:\.\d+)?Y)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?W)?(\d+(?:\.\d+)?D)?"
    r"(T(?=\d)(\d+(?:\.\d+)?H)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?S)?)?$"
)
PACKAGE_IRI = re.compile(r"/h5p/(?P<uuid>[0-9a-fA-F-]{36})/")
MAX_STATEMENT_BYTES = 64 * 1024


@dataclass
class ParsedStatement:
    id: uuid.UUID
    verb: str
    object_id: str
    package_uuid: uuid.UUID
    is_package_level: bool
    score_raw: float | None
    score_min: float | None
    score_max: float | None
    score_scaled: float | None
    success: bool | None
    completion: bool | None
    duration: str
    timestamp: datetime
    raw: dict


def _number(value, field: str, errors: dict):
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or value != value
        or value
        in (
            float("inf"),
            float("-inf"),
        )
    ):
        errors[field] = [_("Must be a number.")]
        return None
    return float(value)


def statement_parse(data) -> ParsedStatement:
    """Validate one statement; raise Invalid (400) naming the fields at fault."""
    if not isinstance(data, dict):
        raise Invalid(_("An xAPI statement must be a JSON object."))
    if len(json.dumps(data)) > MAX_STATEMENT_BYTES:
        raise Invalid(_("The xAPI statement is too large."))
    errors: dict[str, list] = {}

    statement_id = uuid.uuid4()
    if data.get("id") is not None:
        try:
            statement_id = uuid.UUID(str(data["id"]))
        except ValueError:
            errors["id"] = [_("Must be a UUID.")]

    verb = data.get("verb")
    verb_id = verb.get("id") if isinstance(verb, dict) else None
    if not isinstance(verb_id, str) or not _IRI.match(verb_id) or len(verb_id) > 255:
        errors["verb.id"] = [_("A verb with an IRI id is required.")]

    obj = data.get("object")
    object_id = obj.get("id") if isinstance(obj, dict) else None
    package_uuid = None
    if not isinstance(object_id, str) or not _IRI.match(object_id) or len(object_id) > 500:
        errors["object.id"] = [_("An object with an IRI id is required.")]
    else:
        match = PACKAGE_IRI.search(object_id)
        if match:
            try:
                package_uuid = uuid.UUID(match["uuid"])
            except ValueError:
                match = None
        if not match:
            errors["object.id"] = [_("The object is not an H5P activity of this site.")]

    result = data.get("result", {})
    score_raw = score_min = score_max = score_scaled = None
    success = completion = None
    duration = ""
    if not isinstance(result, dict):
        errors["result"] = [_("Must be a JSON object.")]
        result = {}
    score = result.get("score")
    if score is not None:
        if not isinstance(score, dict):
            errors["result.score"] = [_("Must be a JSON object.")]
        else:
            score_raw = _number(score.get("raw"), "result.score.raw", errors)
            score_min = _number(score.get("min"), "result.score.min", errors)
            score_max = _number(score.get("max"), "result.score.max", errors)
            score_scaled = _number(score.get("scaled"), "result.score.scaled", errors)
            if score_scaled is not None and not -1 <= score_scaled <= 1:
                errors["result.score.scaled"] = [_("Must be between -1 and 1.")]
            if score_min is not None and score_max is not None and score_max < score_min:
                errors["result.score.max"] = [_("Must not be less than the minimum.")]
            if score_raw is not None and (
                (score_min is not None and score_raw < score_min)
                or (score_max is not None and score_raw > score_max)
            ):
                errors["result.score.raw"] = [_("Must lie between the minimum and the maximum.")]
            if score_scaled is None and score_raw is not None and score_max:
                score_scaled = max(-1.0, min(1.0, score_raw / score_max))
    for key in ("success", "completion"):
        value = result.get(key)
        if value is not None and not isinstance(value, bool):
            errors[f"result.{key}"] = [_("Must be true or false.")]
    if isinstance(result.get("success"), bool):
        success = result["success"]
    if isinstance(result.get("completion"), bool):
        completion = result["completion"]
    if result.get("duration") is not None:
        if not isinstance(result["duration"], str) or not _DURATION.match(result["duration"]):
            errors["result.duration"] = [_("Must be an ISO 8601 duration.")]
        else:
            duration = result["duration"][:64]

    timestamp = timezone.now()
    if data.get("timestamp") is not None:
        parsed = parse_datetime(data["timestamp"]) if isinstance(data["timestamp"], str) else None
        if parsed is None:
            errors["timestamp"] = [_("Must be an ISO 8601 date and time.")]
        else:
            timestamp = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, UTC)

    if errors:
        raise Invalid(fields=errors)
    return ParsedStatement(
        id=statement_id,
        verb=verb_id,
        object_id=object_id,
        package_uuid=package_uuid,
        is_package_level="?" not in object_id and "#" not in object_id,
        score_raw=score_raw,
        score_min=score_min,
        score_max=score_max,
        score_scaled=score_scaled,
        success=success,
        completion=completion,
        duration=duration,
        timestamp=timestamp,
        raw=data,
    )
