"""Site-wide pages that are not Wagtail pages: search, "not yet translated", robots.txt and the error pages."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from .selectors import MAX_QUERY_LENGTH, page_search, page_versions, search_query_clean


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    words = search_query_clean(query)
    results = None
    if query:
        paginator = Paginator(page_search(query=words, locale=Locale.get_active()) if words else [], 10)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            results = paginator.page(1)
        except EmptyPage:
            results = paginator.page(paginator.num_pages)
    context = {"query": query, "results": results, "page_query": "&" + urlencode({"q": query})}
    return render(request, "cms/search.html", context)


@require_GET
def page_untranslated(request, page_id: int):
    """A page as seen from a language it has not been translated into: a notice with links to the versions that
    exist, or the translation itself once there is one."""
    page = Page.objects.live().filter(pk=page_id).first()
    if page is None:
        raise Http404
    versions = page_versions(page=page)
    here = versions.get(translation.get_language())
    if here is not None:
        return redirect(here.get_url(request))
    if not versions:
        raise Http404
    return untranslated_response(request, page=next(iter(versions.values())), versions=versions)


def untranslated_response(request, *, page: Page, versions: dict[str, Page]):
    """The "not yet translated" notice in the reader's language, listing the page in the languages it exists
    in, each link marked with its own language. Not for search engines: the versions carry hreflang."""
    names = dict(settings.LANGUAGES)
    # The title of a private page is not the reader's to see before they may open it.
    public = not page.get_view_restrictions()
    links = [
        {
            "code": code,
            "name": names[code],
            "url": version.get_url(request),
            "title": version.title if public else "",
        }
        for code, version in versions.items()
    ]
    return render(request, "cms/untranslated.html", {"translation_of": page, "versions": links})


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /django-admin/", "Disallow: /api/", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


def _error(request, status: int, title: str, message: str, template: str = "error.html"):
    if request.path.startswith("/api/"):
        code = {400: "bad_request", 403: "permission_denied", 404: "not_found", 500: "server_error"}[status]
        if status == 404:
            message = _("Not found.")
        return JsonResponse({"error": {"status": status, "code": code, "message": message}}, status=status)
    return render(request, template, {"status": status, "title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, _("Bad request"), _("The request could not be understood."))


def permission_denied(request, exception=None):
    return _error(request, 403, _("Access denied"), _("You do not have permission to see this page."))


def csrf_failure(request, reason=""):
    """A stale or missing form token: say what to do, in the visitor's language, without technical detail."""
    return _error(
        request,
        403,
        _("The form has expired"),
        _("Please go back, reload the page and try again."),
    )


def page_not_found(request, exception=None):
    return _error(
        request, 404, _("Page not found"), _("The page you are looking for does not exist or has moved.")
    )


def server_error(request):
    return _error(
        request,
        500,
        _("Something went wrong"),
        _("We could not complete your request. Please try again later."),
        template="error_minimal.html",
    )
