"""Text that Civic refuses at the edge: NUL, unpaired surrogates and control characters other than tab, newline
and carriage return. PostgreSQL cannot store NUL, a lone surrogate cannot be encoded as UTF-8 (a page or JSON
answer that shows it fails), and control characters are illegal in the XML inside XLSX files. None of them is
typed by a person; they come from broken clients or from someone probing.

The rule lives here once: the API's parsers (config/api/parsers.py) ask `unsafe_text_path` of a JSON body
(which also caps its nesting) and `unsafe_field_names` of a form; the pages' middleware (core/middleware.py)
asks `unsafe_field_names` of query strings and forms; exports and `manage.py text_scrub` show text stored
earlier through `printable`."""

import re
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

# C0 controls except \t \n \r, DEL and the C1 controls, and every surrogate code point (after JSON decoding a
# str only holds a surrogate when it is unpaired: a valid pair becomes one code point).
UNSAFE_TEXT_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

MAX_DEPTH = 64

UNSAFE_TEXT_MESSAGE = _(
    "This text contains invisible control characters that cannot be saved. Type it again or paste it as "
    "plain text."
)


class TooDeep(ValueError):
    """The document nests arrays and objects deeper than MAX_DEPTH."""


def is_unsafe(text: str) -> bool:
    return UNSAFE_TEXT_RE.search(text) is not None


def unsafe_text_path(data, *, max_depth: int = MAX_DEPTH) -> str | None:
    """The dotted path (`answers.3`, `statement.verb.display.en`, `present.0`) of the first key or string in
    `data` (dicts, lists, str, numbers) that holds unsafe text, or None. A key is named by its own path.
    Raises TooDeep when containers nest deeper than `max_depth`. Iterative, so any depth is safe to walk.
    The path itself is returned printable: an unsafe character in a key shows as U+FFFD."""
    if not _has_unsafe(data, max_depth):
        return None
    path = _unsafe_path(data, max_depth)
    return None if path is None else printable(path)


def _has_unsafe(data, max_depth: int) -> bool:
    """The fast pass every body takes: no paths built, strings checked where they are found."""
    search = UNSAFE_TEXT_RE.search
    if isinstance(data, str):
        return search(data) is not None
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            if depth >= max_depth:
                raise TooDeep
            if any(isinstance(k, str) and search(k) for k in value):
                return True
            items = value.values()
        elif isinstance(value, list | tuple):
            if depth >= max_depth:
                raise TooDeep
            items = value
        else:
            continue
        for item in items:
            if isinstance(item, str):
                if search(item):
                    return True
            elif isinstance(item, dict | list | tuple):
                stack.append((item, depth + 1))
    return False


def printable(text: str) -> str:
    return UNSAFE_TEXT_RE.sub("\ufffd", text)


def _unsafe_path(data, max_depth: int) -> str | None:
    stack: list[tuple[object, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            if is_unsafe(value):
                return path or "non_field_errors"
        elif isinstance(value, dict):
            if depth >= max_depth:
                raise TooDeep
            items = [(f"{path}.{key}" if path else str(key), key, item) for key, item in value.items()]
            bad_key = next((p for p, key, _item in items if isinstance(key, str) and is_unsafe(key)), None)
            if bad_key is not None:
                return bad_key
            # Reversed onto the stack, so that the first bad value in document order is the one named.
            stack.extend((item, key_path, depth + 1) for key_path, _key, item in reversed(items))
        elif isinstance(value, list | tuple):
            if depth >= max_depth:
                raise TooDeep
            stack.extend(
                (item, f"{path}.{i}" if path else str(i), depth + 1)
                for i, item in reversed(list(enumerate(value)))
            )
    return None


def unsafe_field_names(items: Iterable[tuple[str, str]]) -> list[str]:
    """Names of form fields (key, value pairs as in a QueryDict's `lists()` flattened) with unsafe text in
    their name or value, each once, in order, printable."""
    names: list[str] = []
    for key, value in items:
        name = printable(key)
        if (is_unsafe(key) or (isinstance(value, str) and is_unsafe(value))) and name not in names:
            names.append(name)
    return names
