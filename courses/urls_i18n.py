"""Courses: pages under the language prefix."""

urlpatterns: list = []

# H5P (courses.h5p): play and results pages.
from django.urls import include, path  # noqa: E402

urlpatterns += [path("", include("courses.h5p.urls_i18n"))]
