"""/api/v1/: no language prefix; each app contributes its own `api/urls.py`."""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.api import views as account_views

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
    path("auth/token/", account_views.TokenView.as_view(), name="token"),
    path("me/", account_views.MeView.as_view(), name="me"),
    path("", include("courses.api.urls")),
    path("", include("camps.api.urls")),
    path("", include("alumni.api.urls")),
    path("", include("courses.classrooms.api.urls")),
    re_path(r"^.*$", views.api_not_found),  # JSON 404, never a redirect to a language prefix
]
