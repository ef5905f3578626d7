"""Courses: pages under the language prefix."""

urlpatterns: list = []
