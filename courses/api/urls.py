"""Courses: /api/v1/ endpoints."""

from django.urls import path

from . import views

urlpatterns = [
    path("modules/", views.ModuleListView.as_view(), name="courses-modules"),
    path("modules/<int:pk>/", views.ModuleDetailView.as_view(), name="courses-module"),
    path("lessons/<int:pk>/", views.LessonDetailView.as_view(), name="courses-lesson"),
    path("lessons/<int:pk>/done/", views.LessonDoneView.as_view(), name="courses-lesson-done"),
    path("quizzes/<int:pk>/", views.QuizDetailView.as_view(), name="courses-quiz"),
    path("quizzes/<int:pk>/attempts/", views.QuizAttemptListView.as_view(), name="courses-quiz-attempts"),
    path("quizzes/<int:pk>/attempts/start/", views.QuizAttemptStartView.as_view(), name="courses-quiz-start"),
    path("me/progress/", views.MyProgressView.as_view(), name="courses-my-progress"),
]

API_RESOURCES = {"modules": "api:courses-modules", "my_progress": "api:courses-my-progress"}
