"""Serializer fields shared by the API's apps."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.converters import MAX_ID


class IdField(serializers.IntegerField):
    """A record's id in a body or query string: 1 to 2**63-1, so that a lookup never overflows the database."""

    default_error_messages = {
        "invalid": _("A valid id is required."),
        "min_value": _("A valid id is required."),
        "max_value": _("A valid id is required."),
        "max_string_length": _("A valid id is required."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class DateTimeField(serializers.DateTimeField):
    """DRF's, except that a time without a zone at the very edge of the calendar (0001-01-01 00:00) is refused as
    out of range: DRF's own check of the zone converts it to UTC, which overflows (a server error)."""

    def enforce_timezone(self, value):
        try:
            return super().enforce_timezone(value)
        except OverflowError:
            self.fail("overflow")
