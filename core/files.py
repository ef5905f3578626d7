"""Serving files: the one place that turns a path taken from a URL into a file on disk or a storage name.

A path part that starts with "/" makes `Path(root) / part` (and `os.path.join`) drop the root, "%2F" arrives
in a view as "/", ".." climbs out and a NUL makes the operating system raise: every view that serves a file
goes through `file_inside` (disk) or `storage_name_inside` (storage API), which answer "not found" for
anything whose final location is not inside the folder it must stay in.
"""

import mimetypes
import os
import posixpath

from django.conf import settings
from django.http import FileResponse, Http404

# What a file served to the browser from an upload folder may do: be shown, never run as a page of our site.
UPLOAD_CSP = "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox"


def suspicious_path(path: str) -> bool:
    """NUL and backslash have no place in a URL path we serve; ".." is refused even where it would stay
    inside, so a request never names a file by going up."""
    return not path or "\x00" in path or "\\" in path or ".." in path.split("/")


def file_inside(root, path: str) -> str:
    """The absolute path of the file `path` names inside `root`, or Http404.

    Symbolic links are followed before the check, for the root as well as the file: a link that leads
    outside the root is refused like the path that would get there directly."""
    if suspicious_path(str(path)):
        raise Http404
    try:
        base = os.path.realpath(root)
        full = os.path.realpath(os.path.join(base, path))
    except (ValueError, OSError) as exc:
        raise Http404 from exc
    if full == base or os.path.commonpath([base, full]) != base or not os.path.isfile(full):
        raise Http404
    return full


def storage_name_inside(folder: str, path: str) -> str | None:
    """The storage name of `path` inside `folder` (a storage name itself), or None if it would lie outside.

    Storage names are POSIX paths whatever the backend (disk, S3), so the check is on the normalised name."""
    folder = folder.strip("/")
    if not folder or suspicious_path(path) or suspicious_path(folder):
        return None
    name = posixpath.normpath(posixpath.join(folder, path))
    if not name.startswith(folder + "/"):
        return None
    return name


def serve_file(root, path: str, *, content_type: str | None = None) -> FileResponse:
    """A response with the file `path` names inside `root` (404 otherwise), never sniffed by the browser."""
    full = file_inside(root, path)
    response = FileResponse(
        open(full, "rb"),  # noqa: SIM115 - FileResponse closes it
        content_type=content_type or mimetypes.guess_type(full)[0] or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def serve_media(request, path: str):
    """Uploaded media while developing (DEBUG), as nginx serves them in production (docker/nginx.conf):
    documents only through Wagtail's view, which checks their privacy; files shown, never run."""
    if not settings.DEBUG or path.split("/", 1)[0] == "documents":
        raise Http404
    response = serve_file(settings.MEDIA_ROOT, path)
    response["Content-Security-Policy"] = UPLOAD_CSP
    return response
