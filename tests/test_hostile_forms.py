"""Hostile input to every form of the site under /ky/: every URL pattern under the language prefix (and every
live page of the Kyrgyz site) is opened as each role; each form it shows is read from the HTML (action, method,
field names and their defaults) and sent back with a control character, NUL, a lone surrogate or a 30-digit
number in every field, one field at a time and all at once, plus an 11 MB body; the pages' ids are also tried
with 30 digits. Never a 5xx; a refusal changes nothing; nothing hostile is stored.

The forms are found, not listed, so a new page with a form is walked without editing this file (a new kind of
id in a URL needs one line in tests/hostile.py)."""

import re
from copy import deepcopy
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.models import Page

from tests.hostile import (
    BIG_SIZE,
    HOSTILE_TEXT,
    HUGE_ID,
    ROLES,
    Findings,
    Watch,
    id_segment,
    judge,
    pk_candidates,
    rolled_back,
    world,  # noqa: F401 (the module's seeded demo)
)

pytestmark = pytest.mark.django_db

LANGUAGE = "ky"
FREE_TEXT = {"text", "email", "password", "search", "url", "tel", "textarea"}
KINDS = {**HOSTILE_TEXT, "30 digits": HUGE_ID}
BOUNDARY = "civic-hostile-form"
# A form that several roles see (the profile, a lesson's quiz) is walked once, by the first role that finds it.
WALKED: dict[tuple, str] = {}


class _Form:
    def __init__(self, attrs: dict):
        self.action = attrs.get("action") or ""
        self.method = (attrs.get("method") or "get").lower()
        self.multipart = (attrs.get("enctype") or "").lower() == "multipart/form-data"
        self.fields: list[dict] = []  # name, kind, value, options

    def defaults(self) -> list[tuple[str, str]]:
        """What a browser sends when the form is submitted as it stands (with its first submit button)."""
        data, radios, pressed = [], set(), False
        for f in self.fields:
            kind = f["kind"]
            if kind == "submit":
                if not pressed:
                    data.append((f["name"], f["value"]))
                    pressed = True
            elif kind in ("checkbox", "radio"):
                if f.get("checked") and (kind == "checkbox" or f["name"] not in radios):
                    radios.add(f["name"])
                    data.append((f["name"], f["value"]))
            elif kind == "select":
                chosen = f.get("selected") or (f["options"][:1])
                data.extend((f["name"], v) for v in chosen)
            elif kind != "file":
                data.append((f["name"], f["value"]))
        return data

    def names(self) -> list[str]:
        """Field names a person (or a forged request) can fill, in order, without the CSRF token."""
        seen = []
        for f in self.fields:
            if f["name"] != "csrfmiddlewaretoken" and f["kind"] != "file" and f["name"] not in seen:
                seen.append(f["name"])
        return seen

    def files(self) -> list[str]:
        return [f["name"] for f in self.fields if f["kind"] == "file"]

    def kind_of(self, name: str) -> str:
        return next(f["kind"] for f in self.fields if f["name"] == name)

    def token(self) -> str:
        return next((f["value"] for f in self.fields if f["name"] == "csrfmiddlewaretoken"), "")


class _Forms(HTMLParser):
    """The forms of a page: <form> with its <input>, <textarea>, <select>/<option> and named <button>s."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[_Form] = []
        self._form = self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = {k: v if v is not None else "" for k, v in attrs}
        if tag == "form":
            self._form = _Form(a)
            self.forms.append(self._form)
        elif self._form is None or not a.get("name") or "disabled" in a:
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("button", "reset", "image"):
                return
            value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
            self._form.fields.append(
                {"name": a["name"], "kind": kind, "value": value, "checked": "checked" in a}
            )
        elif tag == "button" and (a.get("type") or "submit").lower() == "submit":
            self._form.fields.append({"name": a["name"], "kind": "submit", "value": a.get("value", "")})
        elif tag == "textarea":
            self._textarea = {"name": a["name"], "kind": "textarea", "value": ""}
            self._form.fields.append(self._textarea)
        elif tag == "select":
            self._select = {"name": a["name"], "kind": "select", "options": [], "selected": []}
            self._form.fields.append(self._select)
        if tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))
            if "selected" in a:
                self._select["selected"].append(a.get("value", ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def _encode(value: str) -> bytes:
    return value.encode("utf-8", "surrogatepass")  # a lone surrogate as the (invalid) bytes ED A0 80


def _body(form: _Form, data: list[tuple[str, object]]) -> tuple[str, bytes]:
    """The form's body as the browser encodes it; a value (filename, bytes) is a file."""
    if form.multipart:
        parts = []
        for name, value in data:
            if isinstance(value, tuple):
                filename, content = value
                head = f'name="{name}"; filename="{filename}"\r\nContent-Type: text/csv'
            else:
                head, content = f'name="{name}"', _encode(value)
            parts.append(f"--{BOUNDARY}\r\nContent-Disposition: form-data; ".encode() + _encode(head))
            parts.append(b"\r\n\r\n" + content + b"\r\n")
        return f"multipart/form-data; boundary={BOUNDARY}", b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()
    body = "&".join(f"{quote(n)}={quote(_encode(v), safe='')}" for n, v in data)
    return "application/x-www-form-urlencoded", body.encode()


def _replace(data, name, value):
    """The defaults with `name` set to `value` (added when the defaults leave it out: unchecked boxes)."""
    out = [(n, value if n == name else v) for n, v in data]
    return out if any(n == name for n, _ in data) else [*out, (name, value)]


# Where forms live


def _routes(resolver=None, prefix="", namespace="", under_language=False):
    """(route, name) of every URL pattern under the language prefix, with Django's <converter:name> kept
    (regular-expression routes are Wagtail's page serving, walked through the pages instead)."""
    for entry in (resolver or get_resolver()).url_patterns:
        localised = entry.pattern.__class__.__name__ == "LocalePrefixPattern"
        piece = "" if localised else str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from _routes(entry, prefix + piece, inner, under_language or localised)
        elif isinstance(entry, URLPattern) and under_language and not piece.startswith("^"):
            yield prefix + piece, ":".join(filter(None, [namespace, entry.name]))


def _param_values(route: str, user, demo) -> list[dict] | None:
    """Sets of real values for the route's parameters (a few per route; none when no such object exists),
    or None for parameters this walk cannot make up."""
    from camps.models import Certificate

    params = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    if not params:
        return [{}]
    names = {name for _, name in params}
    if names == {"uidb64", "token"}:
        person = user or demo.users["student"]
        return [
            {
                "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
                "token": default_token_generator.make_token(person),
            }
        ]
    if names == {"code"}:
        return [{"code": c} for c in Certificate.objects.order_by("pk").values_list("code", flat=True)[:2]]
    if names == {"page_view_restriction_id", "page_id"}:  # Wagtail's password form for a restricted page
        from wagtail.models import PageViewRestriction

        restricted = PageViewRestriction.objects.filter(restriction_type=PageViewRestriction.PASSWORD)
        return [{"page_view_restriction_id": r.pk, "page_id": r.page_id} for r in restricted[:2]]
    if names in ({"pk"}, {"pk", "what", "fmt"}):
        from camps import exporting

        download = {"what": next(iter(exporting.TABLES)), "fmt": next(iter(exporting.FORMATS))}
        extra = download if "what" in names else {}
        return [{"pk": pk, **extra} for pk in pk_candidates(id_segment(route), user)[:6]]
    return None  # no way to make up values (a token, a signed code): reported as not walked


def _fill(route: str, values: dict) -> str:
    return f"/{LANGUAGE}/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


def _pages() -> list[str]:
    return [
        p.url
        for p in Page.objects.live().filter(locale__language_code=LANGUAGE, depth__gt=1).specific()
        if p.url and p.url.startswith(f"/{LANGUAGE}/")
    ]


def _route_name(url: str) -> str:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return urlsplit(url).path
    if match.url_name == "wagtail_serve":
        return urlsplit(url).path
    return match.view_name


def _discover(client: Client, urls: list[str]):
    """(page url, form) for each form of the first page among `urls` that shows one."""
    for url in urls:
        with rolled_back():
            response = client.get(url, follow=True)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(response.content.decode("utf-8", "replace"))
        page = response.request["PATH_INFO"]
        forms = [f for f in parser.forms if f.names() or f.files()]
        if forms:
            return [(page, f) for f in forms]
    return []


def _sends(form: _Form, action: str):
    """(label, data) of every hostile submission of a form that posts to the URL named `action`."""
    names, defaults = form.names(), form.defaults()
    for kind, value in KINDS.items():
        targets = [n for n in names if kind != "30 digits" or form.kind_of(n) not in FREE_TEXT]
        everything = defaults
        for n in targets:
            everything = _replace(everything, n, value)
        yield f"all fields {kind}", everything
        for n in targets:
            yield f"{n}={kind}", _replace(defaults, n, value)
    if form.method == "post" and names:
        yield "11 MB field", _replace(defaults, names[0], "a" * BIG_SIZE)
    unchecked = [(n, v) for n, v in defaults if n not in form.names() or form.kind_of(n) != "checkbox"]
    for name in form.files() if form.multipart else []:
        for label, upload in _hostile_files(action).items():
            yield f"{name}: {label}", [*defaults, (name, upload)]
            if unchecked != defaults:  # a "dry run" box, checked by default, would save nothing
                yield f"{name}: {label}, boxes cleared", [*unchecked, (name, upload)]


TEXT = object()  # a cell that takes free text


def _upload_shape(action: str) -> tuple[list[str], list]:
    """The columns an upload form reads and one valid row, so hostile text reaches the row checks rather
    than a "missing column" error; any other upload gets a plain three-column CSV."""
    if action == "camps:organiser_import":
        from camps.services.importing import COLUMNS

        valid = {
            "date_of_birth": "2008-05-01",
            "region": "osh",
            "contact_email": "civic@example.org",
            "guardian_consent": "yes",
            "photo_consent": "yes",
            "status": "accepted",
        }
        return list(COLUMNS), [valid.get(column, TEXT) for column in COLUMNS]
    return ["full_name", "note", "email"], [TEXT, TEXT, "civic@example.org"]


def _hostile_files(action: str) -> dict[str, tuple[str, bytes]]:
    header, row = _upload_shape(action)
    files = {
        f"rows with {kind}": (
            "civic.csv",
            _encode(",".join(header) + "\r\n" + ",".join(value if c is TEXT else c for c in row) + "\r\n"),
        )
        for kind, value in HOSTILE_TEXT.items()
    }
    files["a hostile file name"] = ("civic\u0001\ud800.csv", _encode(",".join(header) + "\r\n"))
    files["11 MB file"] = ("civic.csv", b"a" * BIG_SIZE)
    return files


def _walk(client: Client, watch: Watch, page: str, form: _Form, findings: Findings, role: str) -> None:
    action = urljoin(page, form.action or page)
    name = _route_name(action)
    token = [("csrfmiddlewaretoken", form.token())]
    for label, data in _sends(form, name):
        findings.counts["hostile requests"] += 1
        cookies = deepcopy(client.cookies)  # a log-out or log-in must not change who sends the next one
        if form.method == "post":
            content_type, body = _body(
                form, [*[(n, v) for n, v in data if n != "csrfmiddlewaretoken"], *token]
            )
            outcome = watch(lambda b=body, c=content_type: client.post(action, data=b, content_type=c))
        else:
            query = "&".join(f"{quote(n)}={quote(_encode(v), safe='')}" for n, v in data)
            outcome = watch(lambda q=query: client.get(f"{urlsplit(action).path}?{q}"))
        client.cookies = cookies
        problems = judge(outcome)
        if form.method == "post" and outcome.status == 403 and b"CSRF" in outcome.content:
            problems.append("refused as a CSRF failure: the walk lost its token, so the form was not tested")
        findings.add(f"{role} {form.method.upper()} {action} (form on {page})", label, problems)


@pytest.mark.parametrize("role", ROLES)
def test_every_form_refuses_hostile_input(world, role, record_property):  # noqa: F811
    user = world.users[role]
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    findings = Findings("Form hostile walk", role)
    found: dict[tuple, tuple[str, _Form]] = {}
    huge: list[str] = []
    for route, name in _routes():
        if name in ("wagtail_serve", "javascript-catalog"):
            continue
        findings.counts["URL patterns"] += 1
        values = _param_values(route, user, world)
        if values is None:
            findings.skipped.add(f"/{LANGUAGE}/{route} (no values for its parameters)")
            continue
        for page, form in _discover(client, [_fill(route, v) for v in values]):
            action = urljoin(page, form.action or page)
            found.setdefault((form.method, _route_name(action), tuple(form.names())), (page, form))
        if re.search(r"<(?:\w+:)?pk>", route) and values:
            huge.append(_fill(route, {**values[0], "pk": HUGE_ID}))
    for url in _pages():
        findings.counts["pages"] += 1
        for page, form in _discover(client, [url]):
            action = urljoin(page, form.action or page)
            found.setdefault((form.method, _route_name(action), tuple(form.names())), (page, form))

    watch = Watch()
    for url in huge:
        findings.add(
            f"{role} GET {url}", "30-digit id in the path", judge(watch(lambda u=url: client.get(u)))
        )
        findings.counts["hostile requests"] += 1
    for key, (page, form) in sorted(found.items()):
        method, action, names = key
        findings.covered.add(f"{method.upper()} {action} ({', '.join(names)})")
        if WALKED.setdefault(key, role) != role:
            findings.counts["forms walked by an earlier role"] += 1
            continue
        findings.counts[f"{method.upper()} forms"] += 1
        _walk(client, watch, page, form, findings, role)
    findings.finish(record_property)
