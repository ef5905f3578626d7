"""Template helpers of classrooms: who is a teacher (for the menu), and a join code grouped for reading aloud."""

from django import template

from ..permissions import is_teacher as _is_teacher

register = template.Library()


@register.simple_tag
def is_teacher(user) -> bool:
    return _is_teacher(user)


@register.filter
def code_groups(code: str) -> str:
    """12345678 -> 1234 5678"""
    return f"{code[:4]} {code[4:]}" if code and len(code) == 8 else code
