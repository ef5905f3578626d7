"""Alumni: /api/v1/ endpoints."""

from django.urls import path

from config.api.views import API_RESOURCES as _INDEX

from . import views

urlpatterns = [
    path("alumni/", views.DirectoryView.as_view(), name="alumni-directory"),
    path("alumni/<int:pk>/messages/", views.DirectoryMessageView.as_view(), name="alumni-message"),
    path("me/alumni-profile/", views.MyProfileView.as_view(), name="alumni-my-profile"),
    path("me/registrations/", views.MyRegistrationsView.as_view(), name="alumni-my-registrations"),
    path("events/", views.EventListView.as_view(), name="alumni-events"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="alumni-event"),
    path("events/<int:pk>/calendar.ics", views.EventCalendarView.as_view(), name="alumni-event-calendar"),
    path(
        "events/<int:pk>/registrations/",
        views.EventRegistrationView.as_view(),
        name="alumni-event-registrations",
    ),
    path(
        "events/<int:pk>/registrations/mine/",
        views.MyEventRegistrationView.as_view(),
        name="alumni-event-my-registration",
    ),
    path(
        "events/<int:pk>/registrations/mine/confirm/",
        views.MyOfferConfirmView.as_view(),
        name="alumni-event-offer-confirm",
    ),
    path("events/<int:pk>/checkin/", views.EventCheckinView.as_view(), name="alumni-event-checkin"),
    path("events/<int:pk>/feedback/", views.EventFeedbackView.as_view(), name="alumni-event-feedback"),
]

API_RESOURCES: dict[str, str] = {
    "alumni": "api:alumni-directory",
    "my_alumni_profile": "api:alumni-my-profile",
    "events": "api:alumni-events",
    "my_registrations": "api:alumni-my-registrations",
}
# Until the platform's registry reads API_RESOURCES itself, the index is fed here (as camps does).
_INDEX.update(API_RESOURCES)
