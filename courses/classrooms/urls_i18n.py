"""Classroom pages under the language prefix: the teacher's under teach/, the pupil's under my/assignments/."""

from django.urls import path

from core import converters  # noqa: F401  (registers the <id:...> path converter)

from . import views

app_name = "classrooms"

urlpatterns = [
    path("teach/", views.teach, name="teach"),
    path("teach/classes/new/", views.class_create, name="class_create"),
    path("teach/classes/<id:pk>/", views.class_detail, name="class"),
    path("teach/classes/<id:pk>/edit/", views.class_edit, name="class_edit"),
    path("teach/classes/<id:pk>/code/", views.class_code, name="class_code"),
    path("teach/classes/<id:pk>/archive/", views.class_archive, name="class_archive"),
    path("teach/classes/<id:pk>/delete/", views.class_delete, name="class_delete"),
    path("teach/classes/<id:pk>/qr.svg", views.class_qr, name="qr"),
    path("teach/classes/<id:pk>/projector/", views.class_projector, name="projector"),
    path("teach/classes/<id:pk>/share/", views.class_share, name="class_share"),
    path("teach/classes/<id:pk>/share/<id:teacher_id>/remove/", views.class_unshare, name="class_unshare"),
    path("teach/classes/<id:pk>/pupils/add/", views.student_add, name="student_add"),
    path("teach/classes/<id:pk>/pupils/new/", views.roster, name="roster"),
    path("teach/classes/<id:pk>/pupils/cards.pdf", views.login_cards, name="cards"),
    path("teach/classes/<id:pk>/pupils/<id:student_id>/", views.student_page, name="student"),
    path(
        "teach/classes/<id:pk>/pupils/<id:student_id>/approve/",
        views.student_approve,
        name="student_approve",
    ),
    path("teach/classes/<id:pk>/pupils/<id:student_id>/remove/", views.student_remove, name="student_remove"),
    path("teach/classes/<id:pk>/assign/", views.assign, name="assign"),
    path(
        "teach/classes/<id:pk>/assignments/<id:assignment_id>/delete/",
        views.assignment_delete,
        name="assignment_delete",
    ),
    path("teach/classes/<id:pk>/report/", views.report, name="report"),
    path("teach/classes/<id:pk>/export/<str:what>.<str:fmt>", views.export, name="export"),
    path("teach/classes/<id:pk>/quizzes/<id:quiz_id>/", views.quiz_report, name="quiz_report"),
    path("my/assignments/", views.my_assignments, name="my_assignments"),
    path("my/assignments/join/", views.join, name="join"),
    path("my/assignments/settings/", views.my_settings, name="my_settings"),
    path("my/assignments/calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("my/assignments/password/", views.password_set, name="password_set"),
    path("my/assignments/<id:pk>/", views.my_assignment, name="my_assignment"),
]
