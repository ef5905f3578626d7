"""Template tags of courses: a quiz's state on the lesson page, "continue where you left off", lookups."""

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Locale

from cms.templatetags.civic import anchor

from .. import selectors
from ..cache import body_segments
from ..views import REVIEW_SESSION_KEY

register = template.Library()


@register.simple_tag(takes_context=True)
def quiz_state(context, quiz):
    states = context.get("quiz_states") or {}
    return states.get(getattr(quiz, "pk", None))


@register.simple_tag(takes_context=True)
def quiz_review(context, quiz_pk):
    """The answers, open questions and error kept by the quiz form's last submission, shown once on the page it
    sends the learner back to (``?review=<quiz>``, which the page cache never serves)."""
    request = context.get("request")
    if request is None or request.GET.get("review") != str(quiz_pk) or not hasattr(request, "session"):
        return None
    reviews = request.session.get(REVIEW_SESSION_KEY) or {}
    review = reviews.pop(str(quiz_pk), None)
    if review is not None:
        request.session[REVIEW_SESSION_KEY] = reviews
    return review


@register.filter
def at(sequence, index):
    """The item at `index`, or "" when there is none."""
    try:
        return sequence[index]
    except (IndexError, KeyError, TypeError):
        return ""


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


@register.simple_tag(takes_context=True)
def lesson_body(context, page):
    """The lesson body: everything but the quiz blocks comes from the cache (rendered once per language and
    revision); quiz blocks, which depend on the learner, are rendered for each request."""
    request = context.get("request")
    live = page.live and not getattr(request, "is_preview", False) and page.live_revision_id
    # Blocks may show a note to the anonymous (the H5P block does): logged-in and anonymous copies differ.
    signed_in = bool(request and request.user.is_authenticated)

    def render():
        segments, html = [], []
        for index, child in enumerate(page.body):
            if child.block_type == "quiz":
                segments += [("html", "".join(html)), ("quiz", index)]
                html = []
            else:
                html.append(child.render(context=context.flatten()))
        segments.append(("html", "".join(html)))
        return segments

    segments = (
        body_segments(
            language=translation.get_language(),
            signed_in=signed_in,
            page_id=page.pk,
            revision_id=page.live_revision_id,
            render=render,
        )
        if live
        else render()
    )
    out = []
    for kind, value in segments:
        if kind == "html":
            out.append(value)
        else:
            child = page.body[value]
            out.append(child.render(context=context.flatten()))
    return mark_safe("".join(out))  # noqa: S308 - rendered by our own block templates


# A lesson with this many headings gets a table of contents at its top.
CONTENTS_MIN_HEADINGS = 3


@register.simple_tag
def lesson_contents(page):
    """The lesson's headings (text, anchor, level) for its table of contents; empty for a short lesson."""
    headings = [
        {"text": child.value["text"], "anchor": anchor(child.value["text"]), "level": child.value["level"]}
        for child in page.body
        if child.block_type == "heading"
    ]
    return headings if len(headings) >= CONTENTS_MIN_HEADINGS else []
