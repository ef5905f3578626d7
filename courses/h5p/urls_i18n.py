"""H5P pages under the language prefix (included from courses/urls_i18n.py)."""

from django.urls import path

from . import views

app_name = "h5p"

urlpatterns = [
    path("h5p/<int:pk>/", views.package_play, name="play"),
    path("h5p/<int:pk>/results/", views.package_results, name="results"),
]
