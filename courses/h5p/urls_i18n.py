"""H5P pages under the language prefix (included from courses/urls_i18n.py)."""

from django.urls import path

from core import converters  # noqa: F401  (registers the <id:...> path converter)

from . import views

app_name = "h5p"

urlpatterns = [
    path("h5p/<id:pk>/", views.package_play, name="play"),
    path("h5p/<id:pk>/results/", views.package_results, name="results"),
]
