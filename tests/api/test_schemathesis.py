"""schemathesis against the live OpenAPI document (/api/v1/schema/), served by the WSGI app over the seeded demo:
every operation, anonymously and as each role, with examples that fit the schema and examples that do not.
Checks: no 5xx (`not_a_server_error`); status codes, content types and bodies as the schema documents them
(`status_code_conformance`, `content_type_conformance`, `response_schema_conformance`); every refusal in the one
error shape. Paths with an id get the id of a real object this role can see, so the examples reach past 404.

Hypothesis runs a fixed number of examples per operation, derandomized (the same examples on every run, so a
failure reproduces), without a deadline and without shrinking (a failure is reported as found, with the
request that caused it). Each example runs in a savepoint rolled back after it, so no example changes what the
next one meets."""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.hostile import (
    ROLES,
    SCHEMA_URL,
    Findings,
    Outcome,
    api_error_problem,
    id_segment,
    rolled_back,
    world,  # noqa: F401 (the module's seeded demo)
)

pytestmark = pytest.mark.django_db

EXAMPLES = {GenerationMode.POSITIVE: 6, GenerationMode.NEGATIVE: 3}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


class _App:
    """Django's WSGI handler, except that the end of a request does not close the database connection (as in
    Django's test client): closing it would end the transaction the test runs in."""

    def __init__(self):
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()  # sends request_finished
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def api(world):  # noqa: F811
    """The schema as schemathesis loads it from the running app."""
    return schemathesis.openapi.from_wsgi(SCHEMA_URL, _App())


def _request(case) -> str:
    text = f"{case.method} {case.formatted_path}"
    if case.query:
        text += f" query={case.query!r}"
    if isinstance(case.body, dict | list | str | int | float | bool):
        text += f" body={case.body!r}"
    return text[:300]


def _brief(failure: Failure) -> str:
    """The failure's title, its first line and where in the schema it is (schemathesis' message is long)."""
    lines = [line.strip() for line in failure.message.splitlines() if line.strip()]
    where = next((line for line in lines if line.startswith("Schema at")), "")
    documented = next((line for line in lines if line.startswith("Documented")), "")
    return " ".join(filter(None, [f"{failure.title}:", lines[0] if lines else "", where, documented]))


def _run(operation, mode: GenerationMode, role: str, demo, findings: Findings) -> None:
    path_parameters = (
        {"id": demo.api_id(id_segment(operation.path), role)} if "{id}" in operation.path else {}
    )
    token = demo.tokens[role]
    headers = {"Authorization": f"Token {token}"} if token else {}
    reported: set[str] = set()  # one line per operation and kind of failure

    @hypothesis_settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters, headers=headers))
    def examples(case):
        findings.counts["cases"] += 1
        from django.core.cache import cache

        cache.clear()  # the examples are not a flood: no throttle
        with rolled_back():
            response = case.call()
        failures: list[str] = []
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            failures += [_brief(f) for f in group.exceptions]
        except Failure as failure:
            failures.append(_brief(failure))
        outcome = Outcome(
            status=response.status_code,
            content=response.content,
            content_type=response.headers.get("content-type", [""])[0]
            if isinstance(response.headers.get("content-type"), list)
            else response.headers.get("content-type", ""),
            diff={},
        )
        if shape := api_error_problem(outcome):
            failures.append(shape)
        for failure in failures:
            kind = failure.split(":", 1)[0] + failure.split("Schema at", 1)[-1]
            if kind not in reported:
                reported.add(kind)
                findings.add(f"{role} {operation.label} ({mode.value})", _request(case), [failure[:500]])

    try:
        examples()
    except Unsatisfiable:  # nothing in the operation can be made invalid (no parameters, no body)
        findings.counts[f"operations without {mode.value} examples"] += 1


@pytest.mark.parametrize("role", ROLES)
def test_api_answers_as_its_schema_says(api, world, role, record_property):  # noqa: F811
    findings = Findings("schemathesis", role)
    for result in api.get_all_operations():
        operation = result.ok()
        findings.counts["operations"] += 1
        findings.covered.add(operation.label)
        for mode in EXAMPLES:
            _run(operation, mode, role, world, findings)
    findings.finish(record_property)
