"""Alumni: /api/v1/ endpoints."""

from django.urls import path

from core import converters  # noqa: F401

from . import views

urlpatterns = [
    path("alumni/", views.DirectoryView.as_view(), name="alumni-directory"),
    path("alumni/<id:pk>/messages/", views.DirectoryMessageView.as_view(), name="alumni-message"),
    path("me/alumni-profile/", views.MyProfileView.as_view(), name="alumni-my-profile"),
    path("me/registrations/", views.MyRegistrationsView.as_view(), name="alumni-my-registrations"),
    path("events/", views.EventListView.as_view(), name="alumni-events"),
    path("events/<id:pk>/", views.EventDetailView.as_view(), name="alumni-event"),
    path("events/<id:pk>/calendar.ics", views.EventCalendarView.as_view(), name="alumni-event-calendar"),
    path(
        "events/<id:pk>/registrations/",
        views.EventRegistrationView.as_view(),
        name="alumni-event-registrations",
    ),
    path(
        "events/<id:pk>/registrations/mine/",
        views.MyEventRegistrationView.as_view(),
        name="alumni-event-my-registration",
    ),
    path(
        "events/<id:pk>/registrations/mine/confirm/",
        views.MyOfferConfirmView.as_view(),
        name="alumni-event-offer-confirm",
    ),
    path("events/<id:pk>/checkin/", views.EventCheckinView.as_view(), name="alumni-event-checkin"),
    path("events/<id:pk>/feedback/", views.EventFeedbackView.as_view(), name="alumni-event-feedback"),
]

API_RESOURCES: dict[str, str] = {
    "alumni": "api:alumni-directory",
    "my_alumni_profile": "api:alumni-my-profile",
    "events": "api:alumni-events",
    "my_registrations": "api:alumni-my-registrations",
}
