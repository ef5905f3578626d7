"""Classrooms without a language prefix: the calendar feed behind a secret address."""

from django.urls import path

from . import views

app_name = "classrooms_feed"

urlpatterns = [
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar"),
]
