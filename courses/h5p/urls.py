"""H5P files without a language prefix: package files and the player (included from courses/urls.py)."""

from django.urls import path, re_path

from core import converters  # noqa: F401  (registers the <id:...> path converter)

from . import views

app_name = "h5p_files"

urlpatterns = [
    path("h5p/<uuid:package_uuid>/files/<path:path>", views.package_file, name="file"),
    path("h5p/quizzes/<id:pk>/export.h5p", views.quiz_export, name="quiz_export"),
    re_path(r"^h5p/player/(?P<version>[0-9.]+)/(?P<path>.+)$", views.player_file, name="player"),
]
