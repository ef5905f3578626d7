"""Template tags of courses: a quiz's state on the lesson page, "continue where you left off", lookups."""

from django import template
from wagtail.models import Locale

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def quiz_state(context, quiz):
    states = context.get("quiz_states") or {}
    return states.get(getattr(quiz, "pk", None))


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag(takes_context=True)
def continue_learning(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    return selectors.learner_continue(user=request.user, locale=Locale.get_active())
