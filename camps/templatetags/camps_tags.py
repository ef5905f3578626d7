"""Small template helpers for camp pages."""

from django import template

from ..permissions import is_organiser

register = template.Library()


@register.simple_tag
def is_camps_organiser(user):
    return is_organiser(user)
