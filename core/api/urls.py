"""Core: /api/v1/ endpoints for the caller's own data."""

from django.urls import path

from . import views

urlpatterns = [
    path("me/data-export/", views.DataExportView.as_view(), name="data-export"),
    path("me/data-erasure/", views.DataErasureView.as_view(), name="data-erasure"),
]

API_RESOURCES = {"data_export": "api:data-export"}
