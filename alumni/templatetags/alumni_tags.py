"""Small template helpers for alumni pages."""

from django import template

from ..permissions import is_alumnus, is_event_organiser

register = template.Library()


@register.simple_tag
def alumni_flags(user) -> dict:
    return {"alumnus": is_alumnus(user), "organiser": is_event_organiser(user)}
