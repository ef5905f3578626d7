"""Courses: URLs without a language prefix (files, downloads)."""

urlpatterns: list = []

# H5P (courses.h5p): package files and the player, with long-lived cache headers.
from django.urls import include, path  # noqa: E402

urlpatterns += [path("", include("courses.h5p.urls"))]
