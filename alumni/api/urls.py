"""Alumni: /api/v1/ endpoints."""

from django.urls import path

from config.api.views import API_RESOURCES as _INDEX

from . import views

urlpatterns = [
    path("alumni/", views.DirectoryView.as_view(), name="alumni-directory"),
    path("alumni/<int:pk>/messages/", views.DirectoryMessageView.as_view(), name="alumni-message"),
    path("me/alumni-profile/", views.MyProfileView.as_view(), name="alumni-my-profile"),
]

API_RESOURCES: dict[str, str] = {
    "alumni": "api:alumni-directory",
    "my_alumni_profile": "api:alumni-my-profile",
}
# Until the platform's registry reads API_RESOURCES itself, the index is fed here (as camps does).
_INDEX.update(API_RESOURCES)
