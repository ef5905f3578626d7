"""H5P pages and files: the package's extracted files and the player's, both with long-lived cache headers,
a page to play a package, and a results page for teachers and editors. The player's context (URLs and
configuration) lives in player.py."""

import posixpath
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.files import UPLOAD_CSP, file_inside
from courses.models import Quiz

from . import selectors
from .permissions import can_see_results
from .player import PLAYER_STATIC, PLAYER_VERSION, h5p_reverse, player_context
from .quizzes import quiz_export_h5p

YEAR = 365 * 24 * 3600
# What the player loads (scripts, styles, JSON, images, fonts, audio, video, captions) is served as what it
# is; every other file a package may carry (documents, XML, Markdown, CSV...) is a download, never a page.
PLAYER_TYPES = {
    "js": "text/javascript",
    "css": "text/css",
    "json": "application/json",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "svg": "image/svg+xml",
    "eot": "application/vnd.ms-fontobject",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "webm": "video/webm",
    "mp4": "video/mp4",
    "ogg": "audio/ogg",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "wav": "audio/wav",
    "vtt": "text/vtt",
    "webvtt": "text/vtt",
}
TEXT_DOWNLOADS = {"txt", "md", "textile", "csv", "xml", "diff", "patch"}


def _extension(name: str) -> str:
    base = posixpath.basename(name)
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _file_response(handle, name: str) -> FileResponse:
    """A package or player file: inline if the player uses its type, a download otherwise; in both cases
    sandboxed (an SVG or a stray document opened on its own runs no script with our origin), never sniffed,
    and cached for a year (a package's files never change under its uuid, the player's path carries its
    version)."""
    ext = _extension(name)
    if ext in PLAYER_TYPES:
        response = FileResponse(handle, content_type=PLAYER_TYPES[ext])
    else:
        content_type = "text/plain; charset=utf-8" if ext in TEXT_DOWNLOADS else "application/octet-stream"
        response = FileResponse(
            handle, content_type=content_type, as_attachment=True, filename=posixpath.basename(name)
        )
    response["Content-Security-Policy"] = UPLOAD_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response


@require_GET
def package_file(request, package_uuid: uuid.UUID, path: str):
    """One file of an extracted package, read through the storage API (local disk or S3)."""
    name = selectors.package_file_name(package_uuid=package_uuid, path=path)
    if name is None:
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (OSError, ValueError, SuspiciousFileOperation) as exc:
        raise Http404 from exc
    return _file_response(handle, name)


@require_GET
def player_file(request, version: str, path: str):
    """h5p-standalone's files from our static files (no CDN), under a versioned URL cached for a year."""
    if version != PLAYER_VERSION:
        raise Http404
    root = finders.find(PLAYER_STATIC) or str(Path(settings.STATIC_ROOT) / PLAYER_STATIC)
    full = file_inside(root, path)
    return _file_response(open(full, "rb"), full)  # noqa: SIM115 - FileResponse closes it


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
    if not (request.user.has_perm("courses.change_quiz") or request.user.has_perm("h5p.add_h5ppackage")):
        raise PermissionDenied
    quiz = Quiz.objects.filter(pk=pk).select_related("locale").first()
    if quiz is None:
        raise Http404
    response = HttpResponse(quiz_export_h5p(quiz=quiz), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="quiz-{quiz.pk}.h5p"'
    return response
