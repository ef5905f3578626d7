"""/api/v1/: no language prefix; every app's `api/urls.py` is mounted here (core.registry finds them)."""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.registry import api_url_modules

from . import views

app_name = "api"

urlpatterns = [
    path("", views.ApiIndexView.as_view(), name="index"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI (our own static copy) styles itself inline; its scripts still come from 'self' only.
    path(
        "docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    *[path("", include(module)) for module in api_url_modules()],
    re_path(r"^.*$", views.api_not_found),  # JSON 404, never a redirect to a language prefix
]
