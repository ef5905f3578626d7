"""Courses: pages under the language prefix (quiz forms, "mark as done", "My learning", H5P pages)."""

from django.urls import include, path

from core import converters  # noqa: F401  (registers the <id:...> path converter)

from . import views

app_name = "courses"

urlpatterns = [
    path("learning/", views.my_learning, name="my_learning"),
    path("learning/modules/<id:pk>/offline.json", views.module_offline, name="module_offline"),
    path("learning/quizzes/<id:pk>/start/", views.quiz_start, name="quiz_start"),
    path("learning/quizzes/<id:pk>/submit/", views.quiz_submit, name="quiz_submit"),
    path("learning/lessons/<id:pk>/done/", views.lesson_done, name="lesson_done"),
    # H5P (courses.h5p): play and results pages (names courses:h5p:play, courses:h5p:results).
    path("", include("courses.h5p.urls_i18n")),
]
