"""Small template helpers for alumni pages."""

from django import template

from ..permissions import is_alumnus

register = template.Library()


@register.simple_tag
def alumni_flags(user) -> dict:
    return {"alumnus": is_alumnus(user)}
