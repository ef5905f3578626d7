"""Alumni: URLs without a language prefix: the private calendar feed of one's registrations."""

from django.urls import path

from . import views

app_name = "alumni_public"

urlpatterns = [
    path("alumni/feed/<str:token>.ics", views.my_feed, name="feed"),
]
