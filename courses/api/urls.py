"""Courses: /api/v1/ endpoints."""

urlpatterns: list = []

# H5P (courses.h5p): upload, metadata, resume state, xAPI statements.
from django.urls import include, path  # noqa: E402

urlpatterns += [path("", include("courses.h5p.api.urls"))]
