"""Courses: /api/v1/ endpoints."""

from django.urls import include, path

from core import converters  # noqa: F401  (registers the <id:...> path converter)

from . import views

urlpatterns = [
    path("modules/", views.ModuleListView.as_view(), name="courses-modules"),
    path("modules/<id:pk>/", views.ModuleDetailView.as_view(), name="courses-module"),
    path("lessons/<id:pk>/", views.LessonDetailView.as_view(), name="courses-lesson"),
    path("lessons/<id:pk>/done/", views.LessonDoneView.as_view(), name="courses-lesson-done"),
    path("quizzes/<id:pk>/", views.QuizDetailView.as_view(), name="courses-quiz"),
    path("quizzes/<id:pk>/attempts/", views.QuizAttemptListView.as_view(), name="courses-quiz-attempts"),
    path("quizzes/<id:pk>/attempts/start/", views.QuizAttemptStartView.as_view(), name="courses-quiz-start"),
    path("me/progress/", views.MyProgressView.as_view(), name="courses-my-progress"),
    # H5P (courses.h5p): upload, metadata, resume state, xAPI statements, results.
    path("", include("courses.h5p.api.urls")),
]
