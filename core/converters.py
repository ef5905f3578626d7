"""Ids in URLs, query strings and bodies: positive integers that fit a database's 64-bit integer.

A larger number cannot be looked up (SQLite raises OverflowError, PostgreSQL an out-of-range error), so it is
refused where it comes in: `<id:pk>` in a path does not match (404), `parse_id` answers None and the API's
`IdField` (config/api/fields.py) a 400.
"""

from django.urls import register_converter

MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """The id in `value` (an int or a string of ASCII digits), or None if it is not one a database can hold."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        number = int(value)
    else:
        return None
    return number if 0 < number <= MAX_ID else None


class IdConverter:
    """Django's `int` converter, bounded: `<id:pk>` matches 1 to 2**63-1 and nothing else."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # the pattern does not match: 404
        return number

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")
