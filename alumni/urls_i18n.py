"""Alumni: pages under the language prefix."""

from django.urls import path

from . import views

app_name = "alumni"

urlpatterns = [
    path("alumni/me/", views.my_profile, name="my_profile"),
    path("alumni/directory/", views.directory, name="directory"),
    path("alumni/directory/<int:pk>/contact/", views.contact, name="contact"),
    path("alumni/messages/report/<str:token>/", views.report, name="report"),
    path("alumni/import/", views.alumni_import, name="import"),
]
