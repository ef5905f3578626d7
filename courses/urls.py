"""Courses: URLs without a language prefix (files, downloads)."""

urlpatterns: list = []
