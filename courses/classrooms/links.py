"""Links to classroom pages that leave the site (the join link behind the QR code, links in mail and API answers)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation

from .models import Classroom


def join_path(classroom: Classroom) -> str:
    """The join page in the class's language, with the code filled in."""
    with translation.override(classroom.language):
        return reverse("classrooms:join") + "?" + urlencode({"code": classroom.join_code})


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)
