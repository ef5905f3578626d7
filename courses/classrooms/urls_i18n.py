"""Classroom pages under the language prefix: the teacher's under teach/, the pupil's under my/assignments/."""

from django.urls import path

from . import views

app_name = "classrooms"

urlpatterns = [
    path("teach/", views.teach, name="teach"),
    path("teach/classes/new/", views.class_create, name="class_create"),
    path("teach/classes/<int:pk>/", views.class_detail, name="class"),
    path("teach/classes/<int:pk>/edit/", views.class_edit, name="class_edit"),
    path("teach/classes/<int:pk>/code/", views.class_code, name="class_code"),
    path("teach/classes/<int:pk>/archive/", views.class_archive, name="class_archive"),
    path("teach/classes/<int:pk>/delete/", views.class_delete, name="class_delete"),
    path("teach/classes/<int:pk>/qr.svg", views.class_qr, name="qr"),
    path("teach/classes/<int:pk>/projector/", views.class_projector, name="projector"),
    path("teach/classes/<int:pk>/share/", views.class_share, name="class_share"),
    path("teach/classes/<int:pk>/share/<int:teacher_id>/remove/", views.class_unshare, name="class_unshare"),
    path("teach/classes/<int:pk>/pupils/add/", views.student_add, name="student_add"),
    path("teach/classes/<int:pk>/pupils/new/", views.roster, name="roster"),
    path("teach/classes/<int:pk>/pupils/cards.pdf", views.login_cards, name="cards"),
    path("teach/classes/<int:pk>/pupils/<int:student_id>/", views.student_page, name="student"),
    path(
        "teach/classes/<int:pk>/pupils/<int:student_id>/approve/",
        views.student_approve,
        name="student_approve",
    ),
    path(
        "teach/classes/<int:pk>/pupils/<int:student_id>/remove/", views.student_remove, name="student_remove"
    ),
    path("teach/classes/<int:pk>/assign/", views.assign, name="assign"),
    path(
        "teach/classes/<int:pk>/assignments/<int:assignment_id>/delete/",
        views.assignment_delete,
        name="assignment_delete",
    ),
    path("teach/classes/<int:pk>/report/", views.report, name="report"),
    path("teach/classes/<int:pk>/export/<str:what>.<str:fmt>", views.export, name="export"),
    path("teach/classes/<int:pk>/quizzes/<int:quiz_id>/", views.quiz_report, name="quiz_report"),
    path("my/assignments/", views.my_assignments, name="my_assignments"),
    path("my/assignments/join/", views.join, name="join"),
    path("my/assignments/settings/", views.my_settings, name="my_settings"),
    path("my/assignments/calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("my/assignments/password/", views.password_set, name="password_set"),
    path("my/assignments/<int:pk>/", views.my_assignment, name="my_assignment"),
]
