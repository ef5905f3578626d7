"""Alumni: pages under the language prefix."""

from django.urls import path

from core import converters  # noqa: F401

from . import views

app_name = "alumni"

urlpatterns = [
    path("alumni/me/", views.my_profile, name="my_profile"),
    path("alumni/directory/", views.directory, name="directory"),
    path("alumni/directory/<id:pk>/contact/", views.contact, name="contact"),
    path("alumni/messages/report/<str:token>/", views.report, name="report"),
    path("alumni/import/", views.alumni_import, name="import"),
    path("alumni/events/<id:pk>/register/", views.register, name="register"),
    path("alumni/registrations/", views.my_registrations, name="my_registrations"),
    path("alumni/registrations/<id:pk>/cancel/", views.registration_cancel, name="cancel"),
    path("alumni/registrations/<id:pk>/confirm/", views.offer_confirm, name="confirm_offer"),
    path("alumni/registrations/<id:pk>/feedback/", views.feedback, name="feedback"),
    path("alumni/registrations/leave/<str:token>/", views.leave_waitlist, name="leave"),
    path("alumni/organise/", views.organiser_home, name="organiser_home"),
    path("alumni/organise/events/<id:pk>/", views.organiser_event, name="organiser_event"),
    path("alumni/organise/events/<id:pk>/checkin/", views.organiser_checkin, name="organiser_checkin"),
    path(
        "alumni/organise/events/<id:pk>/attendance.<str:fmt>",
        views.organiser_export,
        name="organiser_export",
    ),
]
