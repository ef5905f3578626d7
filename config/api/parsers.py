"""The API's JSON parser: DRF's, plus the edge rules every JSON body obeys before a view sees it.

- Nesting deeper than core.text.MAX_DEPTH, or so deep that the decoder itself gives up (RecursionError), is a
  400 `parse_error`, as any other body that is not usable JSON.
- A key or string holding NUL, an unpaired surrogate or a control character other than tab, newline and
  carriage return is a 400 `invalid` naming the field by its JSON path (`answers.3`,
  `statement.verb.display.en`).

Form and multipart bodies obey the same text rule, by field name. Every API body comes through these parsers:
API views are exempt from Django's CSRF middleware, and DRF's own CSRF check for a session reads the form
through them. Query strings are checked by core.middleware.UnsafeTextMiddleware.
"""

from rest_framework import exceptions, parsers

from core.text import UNSAFE_TEXT_MESSAGE, TooDeep, unsafe_field_names, unsafe_text_path


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
            path = unsafe_text_path(data)
        except (RecursionError, TooDeep) as exc:
            raise exceptions.ParseError() from exc
        if path is not None:
            raise exceptions.ValidationError({path: [UNSAFE_TEXT_MESSAGE]})
        return data


def _form_check(data) -> None:
    names = unsafe_field_names((key, value) for key, values in data.lists() for value in values)
    if names:
        raise exceptions.ValidationError({name: [UNSAFE_TEXT_MESSAGE] for name in names})


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _form_check(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        _form_check(parsed.data)
        return parsed
