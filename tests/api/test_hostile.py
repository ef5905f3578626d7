"""Hostile input to every operation of the live OpenAPI document, as each role: control characters, NUL, lone
surrogates, 10,000-deep JSON, 30-digit ids in paths, query strings and bodies, the wrong content types and
11 MB bodies. Never a 5xx; a refusal changes nothing and speaks the one error shape; nothing hostile is stored.

The operations, their query parameters and body fields come from the schema, so a new endpoint is walked
without editing this file (ids for a new kind of path come from the model of that name, or are guessed
and reported)."""

import json
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import encode_multipart

from tests.hostile import (
    BIG_SIZE,
    DEEP_JSON,
    HOSTILE_TEXT,
    HUGE_ID,
    ROLES,
    Findings,
    Watch,
    api_error_problem,
    id_segment,
    judge,
    world,  # noqa: F401 (the module's seeded demo)
)

pytestmark = pytest.mark.django_db

BOUNDARY = "civic-hostile-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
_BIG_JSON = b'{"text": "' + b"a" * BIG_SIZE + b'"}'


def _big_multipart() -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="text"\r\n\r\n'.encode()
        + b"a" * BIG_SIZE
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def _query_text(value: str) -> str:
    """Percent-encoded as a client would send it; a lone surrogate as its (invalid) UTF-8 bytes."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def _default(schema: dict, demo) -> object:
    schema = demo.resolve(schema)
    if "enum" in schema and schema["enum"]:
        return schema["enum"][0]
    if "allOf" in schema or "oneOf" in schema:
        first = (schema.get("allOf") or schema.get("oneOf"))[0]
        return _default(first, demo)
    kind = schema.get("type")
    fmt = schema.get("format", "")
    if kind == "string":
        return {"date": "2008-05-01", "date-time": "2026-05-01T10:00:00Z", "email": "civic@example.org"}.get(
            fmt, "civic"
        )
    return {"integer": 1, "number": 1, "boolean": True, "array": [], "object": {}}.get(kind, "civic")


def _body_fields(op: dict, demo) -> dict[str, dict]:
    """Top-level properties of the operation's request body (JSON first), resolved."""
    content = op.get("requestBody", {}).get("content", {})
    for media in ("application/json", "application/x-www-form-urlencoded", "multipart/form-data"):
        if media in content:
            schema = demo.resolve(content[media].get("schema", {}))
            return {name: demo.resolve(s) for name, s in schema.get("properties", {}).items()}
    return {}


def _bodies(op: dict, demo):
    """(label, content type, raw body) for every hostile body of a writing operation."""
    fields = _body_fields(op, demo)
    base = {name: _default(s, demo) for name, s in fields.items() if not s.get("readOnly")}
    files = [n for n, s in fields.items() if s.get("format") == "binary"]
    texts = [
        n
        for n, s in fields.items()
        if s.get("type", "string") == "string" and not s.get("readOnly") and n not in files
    ]
    ints = [n for n, s in fields.items() if s.get("type") == "integer" and not s.get("readOnly")]
    for kind, value in HOSTILE_TEXT.items():
        everywhere = base | dict.fromkeys(texts, value) | ({} if texts else {"text": value})
        yield f"json all fields {kind}", "application/json", json.dumps(everywhere).encode()
        for name in texts:
            yield f"json {name}={kind}", "application/json", json.dumps(base | {name: value}).encode()
        form = {
            k: v if isinstance(v, str) else json.dumps(v) for k, v in everywhere.items() if k not in files
        }
        yield (
            f"multipart all fields {kind}",
            MULTIPART,
            encode_multipart(BOUNDARY, {k: v.encode("utf-8", "surrogatepass") for k, v in form.items()}),
        )
        yield (
            f"urlencoded all fields {kind}",
            "application/x-www-form-urlencoded",
            "&".join(f"{quote(k)}={_query_text(v)}" for k, v in form.items()).encode(),
        )
    for name in ints:
        yield (
            f"json {name}=30 digits",
            "application/json",
            json.dumps(base).replace(f'"{name}": 1', f'"{name}": {HUGE_ID}').encode(),
        )
    plain = {k: v if isinstance(v, str) else json.dumps(v) for k, v in base.items() if k not in files}
    for name in files:
        uploads = {
            "a hostile file name": SimpleUploadedFile("civic\u0001\u0000.zip", b"PK\x05\x06" + b"\x00" * 18),
            "a file of hostile text": SimpleUploadedFile(
                "civic.zip", "".join(HOSTILE_TEXT.values()).encode("utf-8", "surrogatepass")
            ),
            "an 11 MB file": SimpleUploadedFile("civic.zip", b"a" * BIG_SIZE),
        }
        for label, upload in uploads.items():
            yield f"{name}: {label}", MULTIPART, encode_multipart(BOUNDARY, plain | {name: upload})
    yield "json 10,000 deep", "application/json", DEEP_JSON
    yield "text/plain", "text/plain", b"civic"
    yield "application/xml", "application/xml", b'<?xml version="1.0"?><civic>civic</civic>'
    yield "11 MB json", "application/json", _BIG_JSON
    yield "11 MB multipart", MULTIPART, _big_multipart()


def _cases(method: str, path: str, op: dict, role: str, demo):
    """(label, method, url, content type, body) for every hostile request to one operation."""
    real = path
    if "{id}" in path:
        real = path.replace("{id}", str(demo.api_id(id_segment(path), role)))
        yield "30-digit id in the path", method, path.replace("{id}", HUGE_ID), None, None
    for param in op.get("parameters", []):
        if param["in"] != "query":
            continue
        for label, value in [("30 digits", HUGE_ID), *HOSTILE_TEXT.items()]:
            yield (
                f"query {param['name']}={label}",
                method,
                f"{real}?{param['name']}={_query_text(value)}",
                None,
                None,
            )
    if method in ("POST", "PUT", "PATCH"):
        for label, content_type, body in _bodies(op, demo):
            yield label, method, real, content_type, body


def _send(client: Client, method: str, url: str, content_type, body, auth: dict):
    if body is None:
        return lambda: client.generic(method, url, **auth)
    return lambda: client.generic(method, url, data=body, content_type=content_type, **auth)


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_refuses_hostile_input(world, role, record_property):  # noqa: F811
    client = Client(raise_request_exception=False)
    auth = world.auth(role)
    findings = Findings("API hostile walk", role)
    for _method, path, _op in world.operations():  # real ids are looked up before the baseline is taken
        if "{id}" in path:
            world.api_id(id_segment(path), role)
    watch = Watch()
    for method, path, op in world.operations():
        findings.counts["operations"] += 1
        findings.covered.add(f"{method} {path}")
        for label, verb, url, content_type, body in _cases(method, path, op, role, world):
            outcome = watch(_send(client, verb, url, content_type, body, auth))
            findings.counts["hostile requests"] += 1
            problems = judge(outcome)
            if shape := api_error_problem(outcome):
                problems.append(shape)
            findings.add(f"{role} {verb} {url[:120]}", label, problems)
    findings.finish(record_property)
