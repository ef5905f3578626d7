"""`{% shared "name" %}…{% endshared %}`: a part of a page that is the same for everyone who may see the page,
rendered once per process and kept until any generation moves on (core.generations: publishing, menus,
footers, site settings, courses, classes).

The page's view opts in by putting `shared_scope` in the context: a string naming what the part depends on
besides the host, the language, whether someone is signed in, the year and the generations (a lesson page
gives its id and live revision). Without it, or on a preview, the part is rendered as usual. Only parts that
show nothing personal may be wrapped: no CSRF token, no role-dependent links, no messages, no progress.

A signed-in learner's lesson page is a cache miss on most visits in an exam week (every quiz submitted moves
their version on): the frame around their own parts is then served from here instead of rendered again.
"""

import time

from django import template
from django.utils import timezone, translation

from core.generations import LOCAL_LIMIT, LOCAL_ONLY, stamp

register = template.Library()

MAX_PARTS = 4000  # per process; a page has a handful of parts, a site a few hundred shared pages per language
_PARTS: dict[tuple, tuple[str, float]] = {}


def key_for(context, name: str) -> tuple | None:
    scope = context.get("shared_scope")
    request = context.get("request")
    if not scope or request is None or getattr(request, "is_preview", False):
        return None
    # What every part of this page shares, worked out once per rendering (a page has several parts).
    base = context.render_context.get("shared_key_base")
    if base is None or base[0] != scope:
        signed_in = bool(getattr(request, "user", None) and request.user.is_authenticated)
        # The host too: absolute links (hreflang alternates) are built from it.
        base = context.render_context["shared_key_base"] = (
            scope,
            request.get_host(),
            translation.get_language(),
            signed_in,
            timezone.localdate().year,
            stamp(),
        )
    return (*base, name)


class SharedNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList):
        self.name = name
        self.nodelist = nodelist  # named so: blocks inside it are found by the templates that extend it

    def render(self, context):
        key = key_for(context, self.name)
        if key is None:
            return self.nodelist.render(context)
        kept = _PARTS.get(key)
        if kept is not None and not (LOCAL_ONLY and time.monotonic() - kept[1] > LOCAL_LIMIT):
            return kept[0]
        html = self.nodelist.render(context)
        if len(_PARTS) >= MAX_PARTS:
            _PARTS.clear()
        _PARTS[key] = (html, time.monotonic())
        return html


@register.tag("shared")
def do_shared(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('Usage: {% shared "name" %}…{% endshared %}')
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(bits[1][1:-1], nodelist)
