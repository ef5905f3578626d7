"""H5P endpoints under /api/v1/ (included from courses/api/urls.py)."""

from django.urls import path

from core import converters  # noqa: F401  (registers the <id:...> path converter)

from . import views

urlpatterns = [
    path("h5p/", views.PackageUploadView.as_view(), name="h5p-upload"),
    path("h5p/<id:pk>/", views.PackageDetailView.as_view(), name="h5p-detail"),
    path("h5p/<id:pk>/state/", views.PackageStateView.as_view(), name="h5p-state"),
    path("h5p/<id:pk>/results/", views.PackageResultsView.as_view(), name="h5p-results"),
    path("xapi/statements/", views.XAPIStatementsView.as_view(), name="xapi-statements"),
]
