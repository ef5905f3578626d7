"""Camps: pages under the language prefix."""

urlpatterns: list = []
