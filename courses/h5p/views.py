"""H5P pages and files: the package's extracted files and the player's, both with long-lived cache headers,
a page to play a package, and a results page for teachers and editors."""

import mimetypes
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from . import selectors
from .permissions import can_see_results

PLAYER_VERSION = "3.8.2"  # frontend/package.json pins h5p-standalone to this version
PLAYER_STATIC = "vendor/h5p-standalone"
YEAR = 365 * 24 * 3600
_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".vtt": "text/vtt",
}


def _content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return _TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def _immutable(response):
    # A package's files never change under its uuid and the player's path carries its version.
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def h5p_reverse(name: str, *args) -> str:
    """Reverse an H5P page URL whether or not courses' urls_i18n is namespaced."""
    for prefix in ("h5p:", "courses:h5p:"):
        try:
            return reverse(prefix + name, args=args)
        except NoReverseMatch:
            continue
    raise NoReverseMatch(name)


def _files_reverse(name: str, *args) -> str:
    for prefix in ("h5p_files:", "courses:h5p_files:"):
        try:
            return reverse(prefix + name, args=args)
        except NoReverseMatch:
            continue
    raise NoReverseMatch(name)


@require_GET
def package_file(request, package_uuid: uuid.UUID, path: str):
    """One file of an extracted package, read through the storage API (local disk or S3)."""
    name = selectors.package_file_name(package_uuid=package_uuid, path=path)
    if name is None:
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    return _immutable(FileResponse(handle, content_type=_content_type(name)))


@require_GET
def player_file(request, version: str, path: str):
    """h5p-standalone's files from our static files (no CDN), under a versioned URL cached for a year."""
    if version != PLAYER_VERSION or ".." in path.split("/") or "\\" in path:
        raise Http404
    found = finders.find(f"{PLAYER_STATIC}/{path}")
    if not found:
        candidate = Path(settings.STATIC_ROOT) / PLAYER_STATIC / path
        found = str(candidate) if candidate.is_file() else None
    if not found:
        raise Http404
    return _immutable(FileResponse(open(found, "rb"), content_type=_content_type(found)))  # noqa: SIM115


def player_config(package, request=None) -> dict:
    """What the lazy loader needs to start h5p-standalone for a package."""
    from django.urls import reverse as _reverse

    h5p_json_path = _files_reverse("file", package.uuid, "h5p.json").rsplit("/", 1)[0]
    object_path = f"/h5p/{package.uuid}/"
    object_iri = request.build_absolute_uri(object_path) if request is not None else object_path
    return {
        "h5p_json_path": h5p_json_path,
        "object_iri": object_iri,
        "state_url": _reverse("api:h5p-state", args=[package.pk]),
        "xapi_url": _reverse("api:xapi-statements"),
    }


def player_context(package, request) -> dict:
    return {
        "package": package,
        "config": player_config(package, request),
        "player_base": _files_reverse("player", PLAYER_VERSION, "x").rsplit("/", 1)[0] + "/",
    }


def package_play(request, pk: int):
    """A page with one H5P activity (editors preview with it; lessons embed the same block)."""
    package = selectors.package_get(pk=pk)
    if package is None:
        raise Http404
    context = player_context(package, request)
    context["can_see_results"] = can_see_results(request.user)
    context["results_url"] = h5p_reverse("results", package.pk)
    return render(request, "h5p/play.html", context)


@login_required
def package_results(request, pk: int):
    """Per package: how many learners completed it and the spread of their (client-reported) scores."""
    if not can_see_results(request.user):
        raise PermissionDenied
    package = selectors.package_get(pk=pk)
    if package is None:
        raise Http404
    return render(
        request,
        "h5p/results.html",
        {"package": package, "results": selectors.package_results(package=package)},
    )


@login_required
def quiz_export(request, pk: int):
    """Editors download a native quiz as a .h5p (H5P.QuestionSet)."""
    from django.http import HttpResponse

    from courses.models import Quiz

    from .quizzes import quiz_export_h5p

    if not (request.user.has_perm("courses.change_quiz") or request.user.has_perm("h5p.add_h5ppackage")):
        raise PermissionDenied
    quiz = Quiz.objects.filter(pk=pk).select_related("locale").first()
    if quiz is None:
        raise Http404
    response = HttpResponse(quiz_export_h5p(quiz=quiz), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="quiz-{quiz.pk}.h5p"'
    return response
