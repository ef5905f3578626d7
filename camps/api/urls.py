"""Camps: /api/v1/ endpoints."""

urlpatterns: list = []
