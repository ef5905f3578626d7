"""Serve module and lesson pages fast: anonymous ones from the cache without touching the database, the others
found by one query (the cached route map) instead of Wagtail's walk down the tree. Anything else, or any
doubt, goes on to Wagtail's own routing untouched."""

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from wagtail import hooks

from . import services
from .cache import (
    LEARNER_TIMEOUT,
    TIMEOUT,
    anonymous_cacheable,
    course_map,
    generation,
    learner_cacheable,
    learner_page_key,
    live_page,
    page_key,
)
from .models import LessonPage, ModulePage


class CoursePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._serve(request) if request.method in ("GET", "HEAD") else None
        if response is None:
            response = self.get_response(request)
        visit = getattr(request, "courses_visit", None)
        if visit is not None:  # the lesson page asked for the learner's visit to be written down
            services.lesson_progress_visit(**visit)
        return response

    def _serve(self, request):
        if getattr(request, "is_dummy", False):
            return None  # Wagtail's preview of a draft (make_preview_request): it serves the draft itself
        language = translation.get_language()
        prefix = f"/{language}/"
        if not request.path_info.startswith(prefix) or request.path_info.count("/") < 4:
            return None
        gen = generation()
        data = course_map(gen)
        entry = data["routes"].get((language, request.path_info[len(prefix) - 1 :])) if data else None
        if entry is None:
            return None
        page_id, kind, revision_id, translation_key = entry
        cacheable = anonymous_cacheable(request)
        key = page_key(language=language, page_id=page_id, revision_id=revision_id, gen=gen)
        timeout = TIMEOUT
        if not cacheable and request.user.is_authenticated and learner_cacheable(request):
            cacheable = True
            key = learner_page_key(
                request=request, language=language, page_id=page_id, revision_id=revision_id, gen=gen
            )
            timeout = LEARNER_TIMEOUT
        if cacheable:
            cached = cache.get(key)
            if cached is not None:
                if kind == "lesson" and request.user.is_authenticated:
                    services.lesson_progress_seen(
                        user=request.user, lesson_id=page_id, lesson_key=translation_key
                    )
                response = HttpResponse(cached[0], content_type=cached[1])
                response["X-Civic-Cache"] = "hit"
                return response
        model = LessonPage if kind == "lesson" else ModulePage
        page = live_page(
            page_id=page_id,
            revision_id=revision_id,
            gen=gen,
            load=lambda: model.objects.live().filter(pk=page_id).first(),
        )
        if page is None:
            return None
        response = _wagtail_serve(page, request, data["restrictions"].get(page.path, []))
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if (
            cacheable
            and response.status_code == 200
            and not getattr(request, "courses_no_cache", False)
            and (request.user.is_authenticated or not response.cookies)
        ):
            cache.set(key, (response.content, response["Content-Type"]), timeout)
        return response


def _wagtail_serve(page, request, restrictions: list):
    """What wagtail.views.serve does once it has found the page: its hooks (view restrictions...), then serve."""

    def serve_chain(page, request, args, kwargs):
        return page.serve(request, *args, **kwargs)

    # Wagtail's view-restriction hook asks the page; answer from the course map for this request only.
    page.get_view_restrictions = lambda: restrictions
    chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        chain = fn(chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, [], {})
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, [], {})
