"""Links to classroom pages that leave the site (the join link behind the QR code, links in mail and API answers):
on the public base URL (core.links), whatever host the request came in on."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation

from core.links import absolute_url

from .models import Classroom


def join_path(classroom: Classroom) -> str:
    """The join page in the class's language, with the code filled in."""
    with translation.override(classroom.language):
        return reverse("classrooms:join") + "?" + urlencode({"code": classroom.join_code})


def join_url(classroom: Classroom) -> str:
    """The join page's public address (the QR code, the projector, the API)."""
    return absolute_url(join_path(classroom))
