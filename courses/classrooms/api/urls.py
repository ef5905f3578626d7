"""Classrooms: /api/v1/ endpoints (mounted with namespace `api`)."""

from django.urls import path

from core import converters  # noqa: F401  (registers the <id:...> path converter)

from . import views

urlpatterns = [
    path("classes/", views.ClassListView.as_view(), name="classes"),
    path("classes/join/", views.JoinView.as_view(), name="classes-join"),
    path("classes/<id:pk>/", views.ClassDetailView.as_view(), name="class"),
    path("classes/<id:pk>/students/", views.StudentListView.as_view(), name="class-students"),
    path("classes/<id:pk>/students/<id:user_id>/", views.StudentDetailView.as_view(), name="class-student"),
    path("classes/<id:pk>/assignments/", views.AssignmentListView.as_view(), name="class-assignments"),
    path("classes/<id:pk>/report/", views.ReportView.as_view(), name="class-report"),
    path(
        "classes/<id:pk>/quizzes/<id:quiz_id>/questions/",
        views.DifficultQuestionsView.as_view(),
        name="class-quiz-questions",
    ),
    path("classes/<id:pk>/reteach/", views.ReteachView.as_view(), name="class-reteach"),
    path("me/assignments/", views.MyAssignmentsView.as_view(), name="my-assignments"),
]

# Resource name -> URL name, for the API index.
API_RESOURCES = {
    "classes": "api:classes",
    "classes_join": "api:classes-join",
    "my_assignments": "api:my-assignments",
}
